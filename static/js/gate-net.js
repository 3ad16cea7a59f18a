// The gate scanner's requests: JSON posts with the CSRF header that tell apart an answer, an
// ended session (redirected to the login page) and a server out of reach (no network, a
// timeout, a proxy's error page); and the service worker that keeps the page for a reload
// with no network.
(function () {
  "use strict";

  var csrf = document.querySelector("meta[name=csrf-token]").getAttribute("content");

  // Resolves to {ok, status, data} for a JSON answer (a refusal included); rejects with
  // error.session set when the session has ended, else with a network error.
  function post(url, body, timeoutMs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, timeoutMs) : null;
    return fetch(url, {
      method: "POST", credentials: "same-origin", signal: controller ? controller.signal : undefined,
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      window.clearTimeout(timer);
      if (response.redirected) {  // to the login page: the session has ended
        var ended = new Error("session");
        ended.session = true;
        throw ended;
      }
      if ((response.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
        throw new Error("server");  // a proxy's error page (502, 503, 504): the app is out of reach
      }
      return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
    }, function (error) {
      window.clearTimeout(timer);
      throw error;
    });
  }

  // The page works without the worker; only a reload with no network needs it.
  function keepOffline(workerUrl) {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) { return; }
    navigator.serviceWorker.register(workerUrl, { scope: workerUrl.replace(/sw\.js$/, "") })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        // This load came before the worker ran: ask it for a copy of the page (later loads make one).
        if (!navigator.serviceWorker.controller && registration.active) {
          registration.active.postMessage({ type: "keep-page", url: window.location.href });
        }
      })
      .catch(function () { /* no worker: a reload offline will not open the page */ });
  }

  window.GateNet = { post: post, keepOffline: keepOffline };
})();
