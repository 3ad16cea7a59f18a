// The gate scanner's result panel: the status in its colour (green, amber, red), the person's
// name, institution, group (in the group's colour) and category, big enough to read at arm's
// length; and the two text helpers the page shares (placeholders, times in the event's zone).
(function () {
  "use strict";

  var COLOURS = {
    ok: "green", already_checked_in: "amber", wrong_day: "amber",
    not_paid: "red", cancelled: "red", invalid: "red", error: "red"
  };

  window.GateResult = function (config) {
    var strings = config.strings;
    var $ = function (id) { return document.getElementById(id); };

    function fill(text, values) {
      return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
    }

    function clock(iso) {
      if (!iso) { return ""; }
      try {
        return new Intl.DateTimeFormat(config.language, { hour: "2-digit", minute: "2-digit", timeZone: config.timezone })
          .format(new Date(iso));
      } catch (e) {
        return new Date(iso).toTimeString().slice(0, 5);
      }
    }

    // `local`: decided on this device (true), and queued to be sent ("queued").
    function show(result, local) {
      var panel = $("gate-result"), person = result.participant;
      var status = result.status in COLOURS ? result.status : "invalid";
      panel.className = "gate-result result-" + COLOURS[status];
      panel.setAttribute("data-status", status);
      $("result-status").textContent = strings.status[status];
      $("result-name").textContent = person ? person.name : "";
      $("result-institution").textContent = person ? person.institution : "";
      $("result-group").hidden = !person;
      if (person) {
        var pill = $("result-group-pill");
        pill.textContent = person.group.name;
        pill.style.backgroundColor = /^#[0-9a-fA-F]{6}$/.test(person.group.colour) ? person.group.colour : "";
        $("result-category").textContent = person.category;
      }
      $("result-message").textContent = result.message || "";
      var meta = [];
      if (result.checked_in_at) {
        meta.push(fill(strings.checkedInAt, { time: clock(result.checked_in_at) }) +
          (result.gate ? " (" + fill(strings.gate, { gate: result.gate }) + ")" : ""));
      }
      if (local) { meta.push(local === "queued" ? strings.decidedQueued : strings.decidedHere); }
      $("result-meta").textContent = meta.join(" · ");
      if (navigator.vibrate) { navigator.vibrate(status === "ok" ? 80 : [80, 60, 80, 60, 80]); }
    }

    function showChecking() {
      var panel = $("gate-result");
      panel.className = "gate-result result-idle";
      panel.setAttribute("data-status", "");
      $("result-status").textContent = strings.checking;
      ["result-name", "result-institution", "result-message", "result-meta"].forEach(function (id) {
        $(id).textContent = "";
      });
      $("result-group").hidden = true;
    }

    return { fill: fill, clock: clock, show: show, checking: showChecking };
  };
})();
