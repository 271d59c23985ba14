/*
 * Draw the site's charts with Plotly: one shared script for every chart.
 *
 * Each chart is a <figure data-pmkb-chart> holding a hidden plot area (an image
 * named by the chart's title and described by its summary in words) and its
 * figure as JSON (<template class="pmkb-chart__spec">, written by
 * pmkb_mkdocs/dashboard; a template because Material's instant navigation
 * re-inserts a loaded page's script elements without their type). Without JavaScript the reader sees the
 * table of numbers beside it; with it, this script draws the figure and folds
 * the table into its "Numbers behind this chart" box.
 *
 * plotly.min.js is large, so this script loads it from beside itself, once,
 * on the first page that has a chart. It runs on every page of Material's
 * instant navigation (document$) and purges the charts of the page it leaves.
 * The charts on the first screen are drawn first, the rest after them one at a
 * time. A click on a point whose customdata is a link opens that link.
 *
 * Plotly's toolbar is off, so that it never covers a legend or a bar, except on
 * a figure whose spec asks for it (the graph, where zooming helps). On a screen
 * under NARROW pixels, a spec's "narrow" layout (shorter labels, narrower
 * margins) is merged over its layout.
 */
(function () {
  "use strict";

  var here = document.currentScript && document.currentScript.src;
  var PLOTLY_SRC = here ? here.replace(/charts\.js(\?.*)?$/, "plotly.min.js") : "plotly.min.js";
  var CONFIG = { displaylogo: false, responsive: true, displayModeBar: false };
  var ZOOMABLE = {
    displaylogo: false, responsive: true, displayModeBar: true,
    modeBarButtons: [["zoomIn2d", "zoomOut2d", "resetScale2d"]]
  };
  var NARROW = 600;

  // `over` merged into `base`, nested objects merged key by key.
  function merged(base, over) {
    var out = Object.assign({}, base);
    Object.keys(over).forEach(function (key) {
      var value = over[key];
      var isObject = value && typeof value === "object" && !Array.isArray(value);
      out[key] = isObject && base[key] && typeof base[key] === "object" ? merged(base[key], value) : value;
    });
    return out;
  }

  var loading = null;
  var drawn = [];
  var generation = 0;  // one per page shown, so that a page left stops drawing

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = PLOTLY_SRC;
        script.async = true;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () {
          loading = null;
          reject(new Error("could not load " + PLOTLY_SRC));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function purge() {
    if (!window.Plotly) return;
    drawn.forEach(function (plot) { window.Plotly.purge(plot); });
    drawn = [];
  }

  // A link opened as if the reader clicked it, so that instant navigation handles it.
  function follow(href) {
    var link = document.createElement("a");
    link.href = href;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // Draw one chart; a promise settled once it is drawn (or left alone).
  function draw(Plotly, figure) {
    if (!document.body.contains(figure)) return Promise.resolve();  // the reader has moved on
    var plot = figure.querySelector(".pmkb-chart__plot");
    var spec = figure.querySelector(".pmkb-chart__spec");
    if (!plot || !spec || plot.getAttribute("data-drawn")) return Promise.resolve();
    var data = JSON.parse(spec.content ? spec.content.textContent : spec.textContent);
    var layout = data.layout || {};
    if (data.narrow && figure.clientWidth < NARROW) layout = merged(layout, data.narrow);
    // Text in the theme's colour, light or dark.
    layout.font = Object.assign({}, layout.font, { color: window.getComputedStyle(figure).color });
    plot.hidden = false;
    plot.setAttribute("data-drawn", "true");
    drawn.push(plot);
    return Plotly.newPlot(plot, data.data, layout, data.toolbar ? ZOOMABLE : CONFIG).then(function () {
      // The plot area is one image, named by the chart's title and described by its
      // summary (see _chart.html): the drawing's own text, ticks and labels, is hidden
      // from screen readers, which would read it as a jumble; the zoom buttons are not.
      Array.prototype.forEach.call(plot.querySelectorAll("svg.main-svg"), function (svg) {
        svg.setAttribute("aria-hidden", "true");
      });
      figure.classList.add("pmkb-chart--drawn");
      var numbers = figure.querySelector(".pmkb-chart__numbers");
      if (numbers) numbers.open = false;
      if (figure.hasAttribute("data-pmkb-click")) {
        plot.on("plotly_click", function (event) {
          var point = event && event.points && event.points[0];
          if (point && typeof point.customdata === "string") follow(point.customdata);
        });
      }
    }, function (error) {
      window.console.error("chart " + figure.id + " could not be drawn:", error);
    });
  }

  function onScreen(figure) {
    var box = figure.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  // The charts the reader sees first, at once; then the others one per frame,
  // each after the screen has been painted (requestAnimationFrame, then a task),
  // so that a long dashboard shows its first charts and answers clicks and
  // scrolling while the rest are drawn.
  // The performance marks "pmkb:first-screen-drawn" and "pmkb:charts-drawn"
  // tell when each step is done, for anyone timing the page.
  function drawInTurn(Plotly, figures) {
    var page = generation;
    var later = figures.filter(function (figure) { return !onScreen(figure); });
    var first = figures.filter(function (figure) { return later.indexOf(figure) < 0; });
    Promise.all(first.map(function (figure) { return draw(Plotly, figure); })).then(function () {
      if (page !== generation) return;  // the reader has moved on
      mark("pmkb:first-screen-drawn");
      (function next() {
        if (page !== generation) return;
        if (!later.length) return mark("pmkb:charts-drawn");
        window.requestAnimationFrame(function () {
          window.setTimeout(function () { draw(Plotly, later.shift()).then(next); }, 0);
        });
      })();
    });
  }

  function mark(name) {
    if (window.performance && window.performance.mark) window.performance.mark(name);
  }

  function init() {
    generation += 1;
    purge();
    var figures = Array.prototype.slice.call(document.querySelectorAll("[data-pmkb-chart]"));
    if (!figures.some(function (f) { return f.querySelector(".pmkb-chart__spec"); })) return;
    loadPlotly().then(
      function (Plotly) { drawInTurn(Plotly, figures); },
      function (error) {
        // The tables are there already: say why the charts are not.
        figures.forEach(function (figure) {
          var note = document.createElement("p");
          note.className = "pmkb-chart__empty";
          note.textContent = "The chart could not be drawn (" + error.message + "); its numbers are below.";
          figure.insertBefore(note, figure.querySelector(".pmkb-chart__plot"));
        });
      }
    );
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
