// The gate's scanner page. A badge read by the camera or typed by a USB scanner (which types
// the code and Enter) is sent to the server; when that fails (no network), the page decides
// from the day's offline list kept in IndexedDB (keyed by the SHA-256 of the badge code),
// queues the check-in and sends the queue when the network returns. Its parts: gate-store.js
// (IndexedDB), gate-net.js (requests, the service worker), gate-day.js (the day), gate-result.js
// (the result panel), gate-camera.js (the camera).
(function () {
  "use strict";

  var LIST_EVERY_MS = 2 * 60 * 1000;
  var NEXT_LIST_EVERY_MS = 30 * 60 * 1000;  // the next day's list, kept ahead for a morning offline
  var RETRY_EVERY_MS = 15 * 1000;
  var SCAN_TIMEOUT_MS = 4000;
  var GATE_KEY = "eventapp-gate-name";

  var config = JSON.parse(document.getElementById("gate-config").textContent);
  var strings = config.strings;
  var post = window.GateNet.post;
  var $ = function (id) { return document.getElementById(id); };
  var panel = window.GateResult(config);
  var fill = panel.fill, clock = panel.clock, show = panel.show, showChecking = panel.checking;
  var wedgeForm = $("wedge-form"), wedge = $("wedge-input"), gateName = $("gate-name");
  var offlineReady = !!(window.crypto && window.crypto.subtle && window.GateStore && window.GateStore.available());
  var list = null, flushing = false, camera = null, days = null;
  // Set when the server could not be reached though the browser says it is online (a network
  // with no way out): scans are then decided here at once, until the server answers again.
  var unreachable = false;

  function reachable() { return navigator.onLine && !unreachable; }

  function notice(text) {
    $("gate-notice").textContent = text || "";
    $("gate-notice").hidden = !text;
  }

  function gate() { return gateName.value.trim().split(/\s+/).join(" "); }

  function setArrivals(count) {
    if (typeof count === "number") { $("gate-arrivals").textContent = String(count); }
  }

  // --- the offline list ----------------------------------------------------------------

  function describeList() {
    var state = $("gate-list-state");
    if (!offlineReady) {
      state.textContent = window.crypto && window.crypto.subtle ? strings.noStorage : strings.noCrypto;
      state.className = "flash flash-error";
      return;
    }
    state.textContent = list
      ? fill(strings.listReady, { n: Object.keys(list.registrations).length, time: clock(list.generated_at) })
      : strings.listMissing;
  }

  function refreshList() { return fetchList(days.current()); }

  function refreshNextList() {
    var next = days.next();
    return next ? fetchList(next) : Promise.resolve();
  }

  // Fetch a day's list and keep it; the current day's is also the one in use.
  function fetchList(day) {
    if (!offlineReady || !navigator.onLine) { return Promise.resolve(); }
    return fetch(days.listUrl(day), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        unreachable = false;
        if (!response.ok || response.redirected) { return null; }
        return response.json();
      }, function (error) {
        unreachable = offlineReady;
        throw error;
      })
      .then(function (fresh) {
        if (!fresh || !fresh.registrations) { return null; }
        if (day === days.current()) {
          list = fresh;
          setArrivals(fresh.arrivals);
          describeList();
        }
        return window.GateStore.saveList(config.eventId, day, fresh);
      })
      .catch(function () { /* offline or the server is away: keep the list we have */ })
      .then(showConnection);
  }

  // The current day's stored list, until a fresh one comes.
  function loadList() {
    var day = days.current();
    return window.GateStore.loadList(config.eventId, day).then(function (stored) {
      if (day !== days.current()) { return; }
      if (stored && (!list || list.day !== day)) {
        list = stored;
        if (day !== config.day) { setArrivals(stored.arrivals); }  // else the page's own count is newer
      }
      describeList();
    });
  }

  function sha256(text) {
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
      return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  function withOffset(moment) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var offset = -moment.getTimezoneOffset(), sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return moment.getFullYear() + "-" + pad(moment.getMonth() + 1) + "-" + pad(moment.getDate()) + "T" +
      pad(moment.getHours()) + ":" + pad(moment.getMinutes()) + ":" + pad(moment.getSeconds()) +
      sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }

  function newScanId() {
    if (window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // The page's own decision, from the stored list, when the server cannot be reached.
  function decideHere(token) {
    if (!offlineReady || !list) {
      show({ status: "error", message: offlineReady ? strings.noList : strings.noCrypto }, false);
      return Promise.resolve();
    }
    var messages = list.messages;
    return sha256(token).then(function (hash) {
      var entry = list.registrations[hash];
      if (!entry) {
        show({ status: "invalid", message: messages.unknown }, true);
        return null;
      }
      var person = { name: entry.name, institution: entry.institution, group: entry.group, category: entry.category };
      return window.GateStore.mark(config.eventId, days.current(), hash).then(function (mark) {
        if (entry.status !== "ok") {  // refusals first, as the server's rule (cancelled after arriving)
          var reason = entry.reason ? messages[entry.status + ":" + entry.reason] : null;
          show({ status: entry.status, participant: person, message: reason || messages[entry.status] }, true);
          return null;
        }
        if (entry.checked_in_at || mark) {
          show({
            status: "already_checked_in", participant: person, message: messages.already_here,
            checked_in_at: entry.checked_in_at || mark.at, gate: entry.checked_in_at ? entry.gate : mark.gate
          }, true);
          return null;
        }
        var scan = {
          scan_id: newScanId(), event_id: config.eventId, token: token, day: days.current(), gate: gate(),
          scanned_at: withOffset(new Date()), name: entry.name, institution: entry.institution
        };
        return window.GateStore.admit(scan, hash).then(function () {
          show({ status: "ok", participant: person, message: messages.ok, checked_in_at: scan.scanned_at }, "queued");
          return showConnection();
        });
      });
    });
  }

  // --- scanning ------------------------------------------------------------------------

  function scanOnline(token) {
    var day = days.current();
    return post(config.urls.scan, { token: token, day: day, gate: gate() }, SCAN_TIMEOUT_MS)
      .then(function (answer) {
        if (!answer.ok) {
          show({ status: "error", message: fill(strings.refusedInput, { error: answer.data.error || answer.status }) });
          return;
        }
        notice("");
        show(answer.data, false);
        setArrivals(answer.data.arrivals);
        if (offlineReady && (answer.data.status === "ok" || answer.data.status === "already_checked_in")) {
          return sha256(token).then(function (hash) {
            return window.GateStore.setMark(config.eventId, day, hash,
              { at: answer.data.checked_in_at, gate: answer.data.gate || "" });
          });
        }
      });
  }

  var busy = Promise.resolve();

  function handle(raw) {
    var token = (raw || "").trim();
    if (!token) { return busy; }
    showChecking();
    // One scan at a time, in the order read: a second badge waits for the first's answer.
    busy = busy.then(function () {
      var attempt = reachable() ? scanOnline(token) : Promise.reject(new Error("offline"));
      return attempt.catch(function (error) {
        if (error && error.session) {
          notice(strings.loginAgain);
        } else if (navigator.onLine) {
          unreachable = offlineReady;
        }
        return decideHere(token);
      }).then(showConnection, showConnection);
    });
    return busy;
  }

  // --- the queue -----------------------------------------------------------------------

  function showConnection() {
    if (!offlineReady) {
      $("gate-connection").textContent = reachable() ? strings.online : strings.offline;
      $("gate-connection").className = "gate-connection" + (reachable() ? "" : " is-offline");
      return Promise.resolve();
    }
    return window.GateStore.queued(config.eventId).then(function (rows) {
      var text = reachable() ? strings.online : strings.offline;
      if (rows.length) {
        text += " — " + fill(rows.length === 1 ? strings.waitingOne : strings.waitingMany, { n: rows.length });
      }
      $("gate-connection").textContent = text;
      $("gate-connection").className = "gate-connection" + (reachable() ? "" : " is-offline") +
        (rows.length ? " has-queue" : "");
    });
  }

  function followupItem(row) {
    var li = document.createElement("li");
    var who = document.createElement("strong");
    who.textContent = row.name || "?";
    li.appendChild(who);
    li.appendChild(document.createTextNode(
      (row.institution ? ", " + row.institution : "") + " — " + (row.message || "")));
    return li;
  }

  function showFollowups() {
    if (!offlineReady) { return Promise.resolve(); }
    return window.GateStore.followups(config.eventId).then(function (rows) {
      var duplicates = rows.filter(function (r) { return r.kind === "duplicate"; });
      var refused = rows.filter(function (r) { return r.kind !== "duplicate"; });
      $("duplicates-list").replaceChildren.apply($("duplicates-list"), duplicates.map(followupItem));
      $("refused-list").replaceChildren.apply($("refused-list"), refused.map(followupItem));
      $("duplicates-block").hidden = !duplicates.length;
      $("refused-block").hidden = !refused.length;
      $("gate-followups").hidden = !rows.length;
    });
  }

  function settle(batch, results) {
    var sent = [], followups = [];
    batch.forEach(function (scan, i) {
      var answer = results[i];
      if (!answer) { return; }  // not answered: stays queued
      sent.push(scan.scan_id);
      if (answer.status === "ok") { return; }
      followups.push({
        scan_id: scan.scan_id, event_id: scan.event_id, scanned_at: scan.scanned_at,
        kind: answer.status === "already_checked_in" ? "duplicate" : "refused", status: answer.status,
        name: answer.participant ? answer.participant.name : scan.name,
        institution: answer.participant ? answer.participant.institution : scan.institution,
        message: answer.message || answer.error || ""
      });
    });
    return window.GateStore.settle(sent, followups);
  }

  // Send the queue (MAX per request) and settle what the server answered. Resolves to "empty",
  // "sent" or "kept" (not sent: offline, refused, or the session ended).
  function flush() {
    if (!offlineReady || flushing || !navigator.onLine) { return Promise.resolve("kept"); }
    flushing = true;
    return window.GateStore.queued(config.eventId).then(function (rows) {
      if (!rows.length) { return "empty"; }
      var batch = rows.slice(0, config.maxBatch);
      $("gate-connection").textContent = fill(strings.sending, { n: batch.length });
      var scans = batch.map(function (s) {
        return { scan_id: s.scan_id, token: s.token, day: s.day, gate: s.gate, scanned_at: s.scanned_at };
      });
      return post(config.urls.sync, { scans: scans }, 60000).then(function (answer) {
        unreachable = false;
        if (!answer.ok) {
          notice(fill(strings.batchRefused, { error: answer.data.error || answer.status }));
          return "kept";
        }
        notice("");
        if (answer.data.arrivals) { setArrivals(answer.data.arrivals[days.current()]); }
        return settle(batch, answer.data.results || []).then(function () {
          return rows.length > batch.length ? "more" : "sent";
        });
      }, function (error) {
        if (error && error.session) { notice(strings.loginAgain); } else { unreachable = true; }
        return "kept";
      });
    }).then(function (outcome) {
      flushing = false;
      return Promise.all([showConnection(), showFollowups()]).then(function () {
        if (outcome === "more") { return flush(); }
        return outcome === "sent" ? refreshList().then(function () { return outcome; }) : outcome;
      });
    }, function () {
      flushing = false;
      return showConnection().then(function () { return "kept"; });
    });
  }

  // Every RETRY_EVERY_MS: send the queue; if the server could not be reached, try it again.
  function retry() {
    if (unreachable && navigator.onLine && !flushing) { return refreshList().then(flush); }
    return flush();
  }

  // --- wiring --------------------------------------------------------------------------

  function typing(element) {
    return element && element !== wedge && /^(INPUT|SELECT|TEXTAREA)$/.test(element.tagName);
  }

  function refocus() {
    if (!typing(document.activeElement) && !(camera && camera.running())) { wedge.focus(); }
  }

  // A USB scanner types wherever the focus is: a key pressed with nothing being typed into
  // (the focus on the page or on a button) goes to the badge field.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1) { return; }
    var active = document.activeElement;
    if (active === wedge || typing(active) || (active && active.isContentEditable)) { return; }
    wedge.focus();
  });

  gateName.value = window.localStorage.getItem(GATE_KEY) || "";
  gateName.addEventListener("input", function () { window.localStorage.setItem(GATE_KEY, gate()); });

  wedgeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = wedge.value;
    wedge.value = "";
    handle(token).then(refocus);
  });

  camera = window.GateCamera({
    button: $("camera-button"), video: $("camera-video"), note: $("camera-note"),
    jsqrUrl: config.urls.jsqr, strings: strings, onCode: handle
  });

  $("followups-clear").addEventListener("click", function () {
    window.GateStore.clearFollowups(config.eventId).then(showFollowups);
  });

  // A new day (a page left open overnight): its list, its arrivals.
  days = window.GateDay(config, function () {
    list = null;
    $("gate-arrivals").textContent = "–";
    describeList();
    if (offlineReady) { loadList().then(function () { return refreshList(); }).then(refreshNextList); }
  });

  window.addEventListener("online", function () { unreachable = false; flush(); });
  window.addEventListener("offline", showConnection);
  window.setInterval(retry, RETRY_EVERY_MS);
  window.setInterval(refreshList, LIST_EVERY_MS);
  window.setInterval(refreshNextList, NEXT_LIST_EVERY_MS);

  if (offlineReady) {
    loadList().catch(function () { offlineReady = false; describeList(); })
      .then(function () { return Promise.all([showConnection(), showFollowups()]); })
      .then(function () { return flush(); })
      .then(function (outcome) { return outcome === "sent" ? null : refreshList(); })
      .then(refreshNextList);
  } else {
    describeList();
    showConnection();
  }
  window.GateNet.keepOffline(config.urls.worker);
})();
