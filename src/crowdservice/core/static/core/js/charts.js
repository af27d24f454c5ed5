// Draws every <canvas data-chart-config="ID"> with Chart.js, reading its configuration from the
// JSON <script id="ID"> that the {% chart %} template tag writes next to it. Charts in content
// that htmx swaps in are drawn too. The numbers are also in a table on the same page (for screen
// readers, printing and CSV), so a chart is never the only way to read them.
(function () {
  "use strict";

  function draw(root) {
    if (typeof window.Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart-config]").forEach(function (canvas) {
      if (canvas.dataset.chartDrawn) return;
      var source = document.getElementById(canvas.dataset.chartConfig);
      if (!source) return;
      var config = JSON.parse(source.textContent);
      config.options = config.options || {};
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      // Printing redraws at the paper's width; animations would print half-drawn bars.
      config.options.animation = window.matchMedia("print").matches ? false : config.options.animation;
      canvas.dataset.chartDrawn = "1";
      new window.Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
  window.addEventListener("beforeprint", function () {
    if (!window.Chart) return;
    Object.values(window.Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
