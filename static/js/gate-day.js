// The day the gate scanner checks people in for. Chosen in the page's select, it stays; else it
// is today in the event's time zone, on this device's clock, and follows the date when a page
// left open overnight (or a copy opened offline from the service worker) meets a new day.
(function () {
  "use strict";

  var CHECK_EVERY_MS = 60 * 1000;

  window.GateDay = function (config, onChange) {
    var select = document.getElementById("gate-day");
    var label = document.getElementById("gate-day-label");
    var notToday = document.getElementById("gate-not-today");

    function deviceToday() {
      try {
        // en-CA writes dates as YYYY-MM-DD
        return new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone }).format(new Date());
      } catch (e) {
        return config.day;
      }
    }

    function pick() {
      if (config.fixedDay) { return config.day; }
      var today = deviceToday();
      return config.days.indexOf(today) >= 0 ? today : config.day;
    }

    var day = pick();

    function show() {
      if (select) { select.value = day; }
      if (label) {
        try {
          label.textContent = new Intl.DateTimeFormat(config.language, { dateStyle: "medium", timeZone: "UTC" })
            .format(new Date(day + "T12:00:00Z"));
        } catch (e) {
          label.textContent = day;
        }
      }
      if (notToday) { notToday.hidden = day === deviceToday(); }
    }

    if (day !== config.day) { show(); }
    window.setInterval(function () {
      var now = pick();
      if (now === day) { return; }
      var before = day;
      day = now;
      show();
      onChange(now, before);
    }, CHECK_EVERY_MS);

    return {
      current: function () { return day; },
      // The event's next day after the current one (its list is fetched ahead), or null.
      next: function () {
        var later = config.days.filter(function (d) { return d > day; });
        return later.length ? later[0] : null;
      },
      listUrl: function (d) { return config.urls.list.replace(config.dayPlaceholder, d); }
    };
  };
})();
