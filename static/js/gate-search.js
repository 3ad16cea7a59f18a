// The gate's search page: a check-in made here carries the gate name the scanner page
// remembers on this device. Without this file it is recorded with no gate name.
(function () {
  "use strict";

  function start() {
    var name = window.localStorage.getItem("eventapp-gate-name") || "";
    Array.prototype.forEach.call(document.querySelectorAll("input[data-gate-name]"), function (input) {
      input.value = name;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
