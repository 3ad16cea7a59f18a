// Institution search on the registration forms (progressive enhancement).
// Without this file the person types the institution's name and it goes for review; with it,
// typing shows matching institutions of the directory and choosing one fills the hidden
// institution_id. Changing the text afterwards clears the choice again.
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 250;

  function setUp(form) {
    var url = form.getAttribute("data-institution-search");
    var input = form.querySelector("input[name='institution_name']");
    var hidden = form.querySelector("input[name='institution_id']");
    if (!url || !input || !hidden) { return; }

    var chosenName = hidden.value ? input.value : null;
    var timer = null;
    var sequence = 0;

    input.setAttribute("autocomplete", "off");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");

    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // CSSOM changes are allowed under the CSP (only style attributes in markup are not).
    list.style.listStyle = "none";
    list.style.margin = ".25rem 0 0";
    list.style.padding = "0";
    list.style.border = "1px solid #aab4bd";
    list.style.borderRadius = "6px";
    list.style.background = "#fff";
    list.style.maxHeight = "16rem";
    list.style.overflowY = "auto";
    input.setAttribute("aria-controls", list.id);

    var status = document.createElement("p");
    status.className = "help";
    status.setAttribute("aria-live", "polite");
    status.style.margin = ".25rem 0 0";

    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", list);

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
    }

    function choose(item) {
      input.value = item.name;
      hidden.value = String(item.id);
      chosenName = item.name;
      status.textContent = "";
      close();
      input.focus();
    }

    function option(item) {
      var li = document.createElement("li");
      li.setAttribute("role", "presentation");
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "option");
      button.className = "link";
      button.textContent = item.label;
      button.style.display = "block";
      button.style.width = "100%";
      button.style.textAlign = "left";
      button.style.padding = ".5rem .6rem";
      button.style.textDecoration = "none";
      button.addEventListener("click", function () { choose(item); });
      li.appendChild(button);
      return li;
    }

    function show(results) {
      list.textContent = "";
      if (!results.length) {
        close();
        status.textContent = form.getAttribute("data-no-match") || "";
        return;
      }
      results.forEach(function (item) { list.appendChild(option(item)); });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = "";
    }

    function search() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) { close(); status.textContent = ""; return; }
      var mine = ++sequence;
      fetch(url + "?q=" + encodeURIComponent(text), {
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (mine === sequence) { show(data.results || []); }
        })
        .catch(function () { close(); });  // offline or slow: typing the name still works
    }

    input.addEventListener("input", function () {
      if (chosenName !== null && input.value !== chosenName) {
        hidden.value = "";
        chosenName = null;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });

    function buttons() { return Array.prototype.slice.call(list.querySelectorAll("button")); }

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !list.hidden) {
        event.preventDefault();
        var first = buttons()[0];
        if (first) { first.focus(); }
      } else if (event.key === "Escape") {
        close();
      }
    });

    list.addEventListener("keydown", function (event) {
      var all = buttons();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < all.length - 1) {
        event.preventDefault();
        all[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (at > 0) { all[at - 1].focus(); } else { input.focus(); }
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        input.focus();
      }
    });

    // Close the list when focus leaves both the field and the list.
    form.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && (next === input || list.contains(next))) { return; }
      window.setTimeout(function () {
        var active = document.activeElement;
        if (active !== input && !list.contains(active)) { close(); }
      }, 150);
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-institution-search]");
    Array.prototype.forEach.call(forms, setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
