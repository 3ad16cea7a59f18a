// The badge sheets page: a box that narrows the long list of institutions as one types
// (progressive enhancement; without it the list is an ordinary select).
(function () {
  "use strict";

  function setUp(input) {
    var select = document.getElementById(input.getAttribute("data-narrows"));
    if (!select) { return; }
    var all = Array.prototype.slice.call(select.options);
    input.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = select.value;
      while (select.options.length) { select.remove(0); }
      all.forEach(function (option) {
        var text = option.text.toLowerCase();
        var keep = option.value === "" || option.value === chosen ||
          words.every(function (word) { return text.indexOf(word) !== -1; });
        if (keep) { select.add(option); }
      });
      select.value = chosen;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-narrows]"), setUp);
  });
})();
