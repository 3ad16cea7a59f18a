// The gate scanner's camera: the phone's back camera, QR codes read by the browser's own
// BarcodeDetector where it has one, else by the vendored jsQR (loaded only then). The same
// code read again within REPEAT_MS is ignored: a badge held in front of the camera is one scan.
(function () {
  "use strict";

  var FRAME_MS = 150;
  var REPEAT_MS = 3000;
  var MAX_SIDE = 640;  // frames are scaled down to this before jsQR reads them

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(); return; }
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("jsQR")); };
      document.head.appendChild(script);
    });
  }

  // A function reading a code from the video (a promise of the text, or null).
  function makeReader(video, jsqrUrl) {
    var native = "BarcodeDetector" in window
      ? window.BarcodeDetector.getSupportedFormats().catch(function () { return []; })
      : Promise.resolve([]);
    return native.then(function (formats) {
      if (formats.indexOf("qr_code") >= 0) {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return function () {
          return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
        };
      }
      return loadScript(jsqrUrl).then(function () {
        var canvas = document.createElement("canvas");
        var context = canvas.getContext("2d", { willReadFrequently: true });
        return function () {
          var width = video.videoWidth, height = video.videoHeight;
          if (!width || !height) { return Promise.resolve(null); }
          var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
          canvas.width = Math.round(width * scale);
          canvas.height = Math.round(height * scale);
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          var image = context.getImageData(0, 0, canvas.width, canvas.height);
          var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
          return Promise.resolve(code ? code.data : null);
        };
      });
    });
  }

  // options: {button, video, note, jsqrUrl, strings, onCode(text)}
  window.GateCamera = function (options) {
    var button = options.button, video = options.video, note = options.note, strings = options.strings;
    var stream = null, timer = null, running = false;
    var last = { code: null, at: 0 };

    function say(text) {
      note.textContent = text || "";
      note.hidden = !text;
    }

    function loop(read) {
      if (!running) { return; }
      var next = function () { timer = window.setTimeout(function () { loop(read); }, FRAME_MS); };
      if (video.readyState < 2) { next(); return; }
      read().then(function (code) {
        var now = Date.now();
        if (code && !(code === last.code && now - last.at < REPEAT_MS)) {
          options.onCode(code);
        }
        if (code) { last = { code: code, at: now }; }
      }).catch(function () { /* a frame that could not be read: try the next */ }).then(next);
    }

    function stop() {
      running = false;
      window.clearTimeout(timer);
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      video.srcObject = null;
      video.hidden = true;
      button.textContent = strings.cameraStart;
    }

    function start() {
      say("");
      running = true;
      button.textContent = strings.cameraStop;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          if (!running) { media.getTracks().forEach(function (track) { track.stop(); }); return null; }
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          return video.play().then(function () { return makeReader(video, options.jsqrUrl); });
        })
        .then(function (read) { if (read) { loop(read); } })
        .catch(function (error) {
          stop();
          say(error && error.message === "jsQR"
            ? strings.cameraReader
            : strings.cameraError.replace("{error}", (error && (error.name || error.message)) || "?"));
        });
    }

    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(strings.cameraMissing);
      return { running: function () { return false; } };
    }
    button.hidden = false;
    button.addEventListener("click", function () { if (running) { stop(); } else { start(); } });
    document.addEventListener("visibilitychange", function () { if (document.hidden && running) { stop(); } });
    return { running: function () { return running; } };
  };
})();
