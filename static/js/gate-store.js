// The gate scanner's storage in IndexedDB: the offline list of each day, the scans waiting to
// be sent, the badges this device let in (so a second scan offline is amber), and the answers
// to follow up (duplicates, refusals). All of it survives a reload of the page.
(function () {
  "use strict";

  var NAME = "eventapp-gate";
  var VERSION = 1;
  var opening = null;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function done(tx) {
    return new Promise(function (resolve, reject) {
      tx.oncomplete = function () { resolve(); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error || new Error("aborted")); };
    });
  }

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var req = window.indexedDB.open(NAME, VERSION);
        req.onupgradeneeded = function () {
          var db = req.result;
          db.createObjectStore("lists", { keyPath: "key" });
          db.createObjectStore("queue", { keyPath: "scan_id" }).createIndex("event_id", "event_id");
          db.createObjectStore("marks", { keyPath: "key" });
          db.createObjectStore("followups", { keyPath: "scan_id" }).createIndex("event_id", "event_id");
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
        req.onblocked = function () { reject(new Error("IndexedDB blocked")); };
      });
    }
    return opening;
  }

  function dayKey(eventId, day) { return eventId + ":" + day; }

  function byEvent(storeName, eventId) {
    return open().then(function (db) {
      var index = db.transaction(storeName).objectStore(storeName).index("event_id");
      return request(index.getAll(eventId));
    });
  }

  window.GateStore = {
    available: function () { return typeof window.indexedDB !== "undefined" && window.indexedDB !== null; },

    saveList: function (eventId, day, list) {
      return open().then(function (db) {
        var tx = db.transaction("lists", "readwrite");
        tx.objectStore("lists").put({ key: dayKey(eventId, day), list: list });
        return done(tx);
      });
    },

    loadList: function (eventId, day) {
      return open().then(function (db) {
        return request(db.transaction("lists").objectStore("lists").get(dayKey(eventId, day)));
      }).then(function (row) { return row ? row.list : null; });
    },

    // What this device knows of a badge's check-in on a day (set when it let the person in).
    mark: function (eventId, day, hash) {
      return open().then(function (db) {
        return request(db.transaction("marks").objectStore("marks").get(dayKey(eventId, day) + ":" + hash));
      });
    },

    setMark: function (eventId, day, hash, info) {
      return open().then(function (db) {
        var tx = db.transaction("marks", "readwrite");
        tx.objectStore("marks").put({ key: dayKey(eventId, day) + ":" + hash, at: info.at, gate: info.gate });
        return done(tx);
      });
    },

    // Queue a scan and mark the badge as let in, in one transaction: both or neither.
    admit: function (scan, hash) {
      return open().then(function (db) {
        var tx = db.transaction(["queue", "marks"], "readwrite");
        tx.objectStore("queue").put(scan);
        tx.objectStore("marks").put({
          key: dayKey(scan.event_id, scan.day) + ":" + hash, at: scan.scanned_at, gate: scan.gate
        });
        return done(tx);
      });
    },

    queued: function (eventId) {
      return byEvent("queue", eventId).then(function (rows) {
        return rows.sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : 1; });
      });
    },

    // Drop the scans the server answered, and keep what must be followed up, together.
    settle: function (scanIds, followups) {
      return open().then(function (db) {
        var tx = db.transaction(["queue", "followups"], "readwrite");
        scanIds.forEach(function (id) { tx.objectStore("queue").delete(id); });
        followups.forEach(function (row) { tx.objectStore("followups").put(row); });
        return done(tx);
      });
    },

    followups: function (eventId) {
      return byEvent("followups", eventId).then(function (rows) {
        return rows.sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : 1; });
      });
    },

    clearFollowups: function (eventId) {
      return byEvent("followups", eventId).then(function (rows) {
        return open().then(function (db) {
          var tx = db.transaction("followups", "readwrite");
          rows.forEach(function (row) { tx.objectStore("followups").delete(row.scan_id); });
          return done(tx);
        });
      });
    }
  };
})();
