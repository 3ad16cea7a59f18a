// The gate scanner's service worker, served as /gate/sw.js (scope /gate/): it keeps a copy of
// the scanner page and its static files so that a reload with no network still opens the page
// (the list and the queue are in IndexedDB). Network first, always: the copy is only used when
// the network fails or is slower than NETWORK_MS. The JSON endpoints are never touched.
"use strict";

var CACHE = "eventapp-gate-v1";
var NETWORK_MS = 5000;
var BASE = new URL("../", self.location.href).pathname;  // the app's root, e.g. "/"
var STATIC_FILES = [
  "static/css/app.css", "static/css/gate.css", "static/js/app.js", "static/js/gate-store.js",
  "static/js/gate-net.js", "static/js/gate-day.js", "static/js/gate-camera.js", "static/js/gate-result.js",
  "static/js/gate-scanner.js", "static/vendor/jsqr/jsQR.js", "static/favicon.svg"
].map(function (path) { return BASE + path; });
var SCANNER_PAGE = new RegExp("^" + BASE + "gate/\\d+$");

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(STATIC_FILES); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("eventapp-gate-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

function networkFirst(request, key) {
  var network = fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  });
  var late = new Promise(function (resolve, reject) {
    setTimeout(function () { reject(new Error("slow")); }, NETWORK_MS);
  });
  return Promise.race([network, late]).catch(function (error) {
    return caches.match(key).then(function (copy) {
      if (copy) { return copy; }
      return network.catch(function () { throw error; });  // no copy: wait for the network after all
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && SCANNER_PAGE.test(url.pathname)) {
    // One copy per scanner page, whatever its ?day= (the page reads its day from itself).
    event.respondWith(networkFirst(request, url.origin + url.pathname + url.search));
  } else if (STATIC_FILES.indexOf(url.pathname) >= 0) {
    event.respondWith(networkFirst(request, url.origin + url.pathname));
  }
});

// The page asks for its own copy as soon as the worker runs (its first load came before it).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep-page") { return; }
  var url = new URL(data.url, self.location.href);
  if (url.origin !== self.location.origin || !SCANNER_PAGE.test(url.pathname)) { return; }
  event.waitUntil(fetch(url.href, { credentials: "same-origin" }).then(function (response) {
    if (keepable(response)) {
      return caches.open(CACHE).then(function (cache) { return cache.put(url.href, response); });
    }
    return null;
  }).catch(function () { return null; }));
});
