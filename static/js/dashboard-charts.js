/* The dashboard's charts: every <canvas data-figure="key"> is drawn with Chart.js (vendored in
   static/vendor/chartjs) from the JSON block #figure-data-<key> that the page carries. The same
   numbers are in the table under each chart, so a browser without script loses nothing. */
(function () {
  "use strict";

  var language = document.documentElement.lang || "sw";
  var numbers = new Intl.NumberFormat(language === "en" ? "en-GB" : "sw-TZ");

  function formatted(value, unit) {
    return numbers.format(value) + (unit ? " " + unit : "");
  }

  // Long category names would squeeze the chart: the axis shows their start, the tooltip and
  // the table under the chart the whole name.
  function shortened(label) {
    return label.length > 22 ? label.slice(0, 21) + "\u2026" : label;
  }

  function options(kind, unit) {
    var valueAxis = {
      beginAtZero: true,
      stacked: kind === "stacked",
      ticks: { precision: 0, callback: function (value) { return formatted(value, unit); } }
    };
    var labelAxis = {
      stacked: kind === "stacked",
      ticks: {
        autoSkip: true,
        maxRotation: 60,
        callback: function (value) { return shortened(String(this.getLabelForValue(value))); }
      }
    };
    var scales = kind === "horizontal" ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    return {
      indexAxis: kind === "horizontal" ? "y" : "x",
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      interaction: { mode: "index", intersect: false },
      scales: scales,
      plugins: {
        legend: { display: true, position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (item) {
              return item.dataset.label + ": " + formatted(item.raw, unit);
            }
          }
        }
      }
    };
  }

  function draw(canvas) {
    var block = document.getElementById("figure-data-" + canvas.getAttribute("data-figure"));
    if (!block) { return; }
    var figure = JSON.parse(block.textContent);
    var line = figure.kind === "line";
    var chart = new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: figure.labels,
        datasets: figure.series.map(function (series) {
          return {
            label: series.label,
            data: series.values,
            backgroundColor: series.colour,
            borderColor: series.colour,
            borderWidth: line ? 2 : 0,
            pointRadius: line && figure.labels.length > 40 ? 0 : 2,
            tension: 0.2
          };
        })
      },
      options: options(figure.kind, figure.unit)
    });
    canvas.setAttribute("data-drawn", "true");
    return chart;
  }

  function start() {
    if (!window.Chart) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-figure]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
