// Delegation table: "Add 5 more rows" adds them here instead of posting the page back.
// Without this file the button posts back and the server adds the rows.
(function () {
  "use strict";

  function renumber(row, index) {
    var number = index + 1;
    row.id = "row-" + number;
    var heading = row.querySelector("th");
    if (heading) { heading.textContent = String(number); }
    row.querySelectorAll("input, select, textarea").forEach(function (input) {
      ["name", "id"].forEach(function (attr) {
        var value = input.getAttribute(attr);
        if (value) { input.setAttribute(attr, value.replace(/^rows-\d+-/, "rows-" + index + "-")); }
      });
      var label = input.getAttribute("aria-label");
      if (label) { input.setAttribute("aria-label", label.replace(/\d+$/, String(number))); }
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
      if (input.tagName === "SELECT") {
        input.selectedIndex = 0;
      } else {
        input.value = "";
      }
    });
    row.querySelectorAll(".errors").forEach(function (list) { list.remove(); });
    row.querySelectorAll(".has-error").forEach(function (cell) { cell.classList.remove("has-error"); });
  }

  // Inputs in table cells shrink to a few characters on a phone; give the table the width
  // its columns ask for, and .table-wrap scrolls it sideways. (CSSOM is allowed by the CSP.)
  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("delegation-rows");
    var width = table && parseInt(table.getAttribute("data-min-width"), 10);
    if (width) { table.style.minWidth = width + "px"; }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-rows]");
    if (!button) { return; }
    var table = document.getElementById("delegation-rows");
    var body = table && table.tBodies[0];
    if (!body || !body.rows.length) { return; }
    event.preventDefault();
    var max = parseInt(table.getAttribute("data-max-rows"), 10) || 300;
    var count = parseInt(button.getAttribute("data-add-rows"), 10) || 5;
    var template = body.rows[body.rows.length - 1];
    var first = null;
    for (var i = 0; i < count && body.rows.length < max; i++) {
      var row = template.cloneNode(true);
      renumber(row, body.rows.length);
      body.appendChild(row);
      first = first || row;
    }
    if (first) {
      var input = first.querySelector("input:not([type=hidden]), select");
      if (input) { input.focus(); }
    }
  });
})();
