// Plotly charts for the lessons, off the critical path: a lesson paints its text, diagrams,
// numbers and quiz straight from the API, and each chart joins when Plotly arrives. Until then
// the chart's panel (sized by CSS, so nothing moves) shows "Loading the chart…", and a chart
// asked to redraw before Plotly is there keeps only its latest data and draws that once.
// Large type and thick lines that read on a projector.

import { loadPlotly, plotlyNow } from "../lib/plotly.js";
import { whenSettled } from "./common.js";

export const COLORS = ["#1565c0", "#e07000", "#009e73", "#c0448f", "#6b4f00", "#5534d0", "#b3261e", "#00838f",
  "#7a7a00", "#444c56"];

export function layout(extra = {}) {
  return {
    margin: { l: 64, r: 20, t: 48, b: 56 },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { family: "system-ui, Segoe UI, Arial, sans-serif", size: 17, color: "#14181f" },
    showlegend: false,
    ...extra,
    xaxis: { zeroline: true, zerolinecolor: "#8a94a3", zerolinewidth: 2, gridcolor: "#e3e7ed",
      ticks: "outside", ...(extra.xaxis || {}) },
    yaxis: { zeroline: true, zerolinecolor: "#8a94a3", zerolinewidth: 2, gridcolor: "#e3e7ed",
      ticks: "outside", ...(extra.yaxis || {}) },
  };
}

export const CONFIG = { displayModeBar: false, responsive: true };

const WAIT_TEXT = "Loading the chart…";
const FAIL_TEXT = "The chart could not load. Reload the page to try again.";

// The placeholder inside a chart's panel (the templates put one there, so it shows at first paint).
function placeholder(el) {
  let p = el.querySelector(":scope > .plot-wait");
  if (!p && !el.classList.contains("js-plotly-plot")) {
    p = el.ownerDocument.createElement("p");
    p.className = "plot-wait";
    p.textContent = WAIT_TEXT;
    el.prepend(p);
  }
  return p;
}

// A draw(el, traces, layout) bound to a Plotly source. load() starts Plotly (a promise of it),
// now() is Plotly if it has arrived (else null), ready() resolves when the page's first content
// has painted (Plotly's download and parse then cannot delay it). Pure enough for node --test.
export function makeDraw({ load, now, ready = () => Promise.resolve() }) {
  const pending = new Map(); // element -> its latest {traces, lay}, waiting for Plotly
  let waiting = null;

  function paint(Plotly, el, traces, lay) {
    const p = el.querySelector(":scope > .plot-wait");
    if (p) p.remove();
    return Promise.resolve(Plotly.react(el, traces, lay, CONFIG)).then(() => {
      el.dataset.chart = "drawn";
    });
  }

  function flush(Plotly) {
    const jobs = [...pending];
    pending.clear();
    return Promise.all(jobs.map(([el, { traces, lay }]) => paint(Plotly, el, traces, lay)));
  }

  function fetchPlotly() {
    if (!waiting) {
      waiting = ready()
        .then(load)
        .then(flush, (err) => {
          for (const el of pending.keys()) {
            el.dataset.chart = "failed";
            const p = placeholder(el);
            if (p) p.textContent = FAIL_TEXT;
          }
          throw err;
        })
        .finally(() => {
          waiting = null;
          // data that came in while Plotly was drawing the last batch
          const Plotly = now();
          if (Plotly && pending.size) flush(Plotly);
        });
    }
    return waiting;
  }

  // Draw now when Plotly is here; otherwise remember the latest data and draw it when it comes.
  // Returns a promise that settles when this chart has been drawn (never needed to go on).
  return function draw(el, traces, lay) {
    const Plotly = now();
    if (Plotly && !pending.size) return paint(Plotly, el, traces, lay);
    pending.set(el, { traces, lay });
    if (el.dataset.chart !== "drawn") {
      el.dataset.chart = "waiting";
      const p = placeholder(el);
      if (p) p.textContent = WAIT_TEXT;
    }
    return fetchPlotly().catch(() => {});
  };
}

export const draw = makeDraw({ load: loadPlotly, now: plotlyNow, ready: whenSettled });
