// Plotly charts of the playground: the loss chart, the response curve, the activation curve of
// the inspector (activation-curve.js) and the 3-D view (surface3d.js). Plotly is loaded off the
// critical path: a chart keeps its newest data, shows a quiet placeholder until Plotly arrives,
// then draws; after that it redraws at most once per animation frame.

import { whenPlotly } from "../lib/plotly.js";
import { CLASS_COLORS, DIVERGING } from "../lib/palette.js";

export const FONT = { family: "Inter, Segoe UI, system-ui, sans-serif", size: 12, color: "#3a424e" };
export const CONFIG = { displayModeBar: false, responsive: true, scrollZoom: false, doubleClick: false };
const GRID = "#e6e9ee";
export const P = () => window.Plotly;

export function axis(extra) {
  return {
    gridcolor: GRID, zerolinecolor: "#c7ced8", linecolor: "#c7ced8", ticks: "", automargin: false,
    tickfont: { size: 11, color: "#5f6875" }, fixedrange: true, ...extra,
  };
}

export function plotlyDiverging() {
  const out = [];
  for (let i = 0; i <= 10; i++) {
    const j = Math.round((i / 10) * 255) * 3;
    out.push([i / 10, `rgb(${DIVERGING[j]},${DIVERGING[j + 1]},${DIVERGING[j + 2]})`]);
  }
  return out;
}

// A chart that draws once Plotly is there: draw(...) keeps the newest arguments and draws them
// now if Plotly has loaded (the store calls views at most once per animation frame, inside it);
// subclasses implement _draw(...).
export class LazyChart {
  constructor(el) {
    this.el = el;
    this.args = null;
    this.ready = false;
    this.wait = document.createElement("p");
    this.wait.className = "chart-wait";
    this.wait.textContent = "Loading the chart…";
    el.append(this.wait);
    whenPlotly().then(() => {
      this.ready = true;
      this.wait.remove();
      if (this.args) this._flush();
    });
  }

  draw(...args) {
    this.args = args;
    if (this.ready) this._flush();
  }

  _flush() {
    if (!this.args) return;
    try {
      this._draw(...this.args);
      this.el.dataset.drawn = String((+this.el.dataset.drawn || 0) + 1);
    } catch (e) {
      console.error(e);
    }
  }
}

// Fast path for a live edit: move the lines Plotly already drew (path "d" from Plotly's own
// axis mapping) instead of a full Plotly.react (~10 ms each on a slow laptop); a full react
// follows once the edits pause, so hover data and axes catch up.
function fastLines(gd, xs, ys) {
  const fl = gd._fullLayout;
  if (!fl || !fl.xaxis || !fl.yaxis || !fl.xaxis.l2p) return false;
  const xa = fl.xaxis;
  const ya = fl.yaxis;
  const paths = gd.querySelectorAll(".scatterlayer .trace path.js-line");
  if (paths.length !== ys.length) return false;
  const [lo, hi] = ya.range;
  for (const row of ys) for (const v of row) if (!(v >= lo && v <= hi)) return false;
  ys.forEach((row, k) => {
    let d = "";
    for (let i = 0; i < xs.length; i++) d += (i ? "L" : "M") + xa.l2p(xs[i]).toFixed(2) + "," + ya.l2p(row[i]).toFixed(2);
    paths[k].setAttribute("d", d);
  });
  return true;
}

class Deferred {
  constructor(fn, ms = 250) {
    this.fn = fn;
    this.ms = ms;
    this.t = 0;
  }
  schedule() {
    clearTimeout(this.t);
    this.t = setTimeout(() => this.fn(), this.ms);
  }
  cancel() {
    clearTimeout(this.t);
  }
}

// ---------------------------------------------------------------- loss chart
// Train and test loss per epoch. Plotly lays the chart out with axis ranges that leave room to
// grow (epochs up to a round number ahead, losses up to a round number above); while the new
// points fit, only the two line paths are rewritten (Plotly's own axis mapping, no replot). When
// they leave the ranges, or the history is reset, thinned or put on a log scale, Plotly redraws;
// once the updates pause, a full redraw brings its hover data up to date.
const niceCeil = (v) => {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * p).find((c) => c >= v);
};

export class LossChart extends LazyChart {
  constructor(el) {
    super(el);
    this.full = new Deferred(() => this.full.args && this._react(...this.full.args), 300);
  }

  _draw(history, { log = false } = {}) {
    this.full.args = [history, log];
    if (!(history.length && this._fast(history, log))) {
      this.full.cancel();
      this._react(history, log);
    } else this.full.schedule();
  }

  _fast(history, log) {
    const fl = this.el._fullLayout;
    if (!this.ranges || this.ranges.log !== log || !fl || !fl.xaxis || !fl.xaxis.l2p) return false;
    const [x1, ylo, yhi] = [this.ranges.x1, ...this.ranges.y];
    const paths = this.el.querySelectorAll(".scatterlayer .trace path.js-line");
    const keys = ["train_loss", "test_loss"];
    const hasTest = history.some((h) => h.test_loss !== null && h.test_loss !== undefined);
    if (paths.length !== (hasTest ? 2 : 1) || history[history.length - 1].epoch > x1) return false;
    const xa = fl.xaxis;
    const ya = fl.yaxis;
    const yv = log ? (v) => Math.log10(v) : (v) => v;
    const ds = ["", ""];
    for (let k = 0; k < paths.length; k++) {
      let d = "";
      for (const h of history) {
        const v = h[keys[k]];
        if (v === null || v === undefined) continue;
        const y = yv(v);
        if (!(y >= ylo && y <= yhi)) return false;
        d += (d ? "L" : "M") + xa.l2p(h.epoch).toFixed(1) + "," + ya.l2p(y).toFixed(1);
      }
      ds[k] = d;
    }
    for (let k = 0; k < paths.length; k++) paths[k].setAttribute("d", ds[k]);
    return true;
  }

  _react(history, log) {
    const x = history.map((h) => h.epoch);
    const all = history.flatMap((h) => [h.train_loss, h.test_loss]).filter((v) => v !== null && v !== undefined && v > 0);
    const x1 = niceCeil(Math.max(10, (x[x.length - 1] || 0) * 1.3));
    let y = null;
    if (all.length) {
      const hi = Math.max(...all);
      const lo = Math.min(...all);
      y = log ? [Math.floor(Math.log10(lo) - 0.3), Math.log10(hi) + 0.15] : [0, niceCeil(hi * 1.1)];
    }
    this.ranges = history.length && y ? { log, x1, y } : null;
    const traces = [
      { type: "scatter", mode: "lines", name: "Train loss", x, y: history.map((h) => h.train_loss), line: { color: "#14181f", width: 2 }, hovertemplate: "epoch %{x}<br>train loss %{y:.4f}<extra></extra>" },
      { type: "scatter", mode: "lines", name: "Test loss", x, y: history.map((h) => h.test_loss), line: { color: "#8a94a3", width: 2, dash: "dot" }, hovertemplate: "epoch %{x}<br>test loss %{y:.4f}<extra></extra>" },
    ];
    const layout = {
      margin: { l: 40, r: 8, t: 8, b: 34 }, font: FONT, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: history.length > 0, legend: { orientation: "h", x: 1, xanchor: "right", y: 1.02, yanchor: "bottom", font: { size: 11 } },
      xaxis: axis({ title: { text: "epoch", standoff: 2, font: { size: 11 } }, range: [0, x1], showgrid: false, visible: history.length > 0 }),
      yaxis: axis({ range: y || undefined, type: log ? "log" : "linear", nticks: 4, visible: history.length > 0, exponentformat: "power" }),
      hovermode: "x", dragmode: false,
      annotations: history.length ? [] : [{ text: "The loss appears here while you train", showarrow: false, x: 0.5, y: 0.5, xref: "paper", yref: "paper", font: { color: "#8a94a3", size: 12 } }],
    };
    P().react(this.el, traces, layout, CONFIG);
  }
}

// ---------------------------------------------------------------- response curve
export class ResponseCurve extends LazyChart {
  constructor(el) {
    super(el);
    this.key = "";
    this.full = new Deferred(() => this.full.args && this._react(...this.full.args));
  }

  // xs: positions along the axis; outputs: [[o1, o2...] per x]; probe: position on that axis.
  // A live edit moves the drawn lines (fast path); a full redraw follows when the edits pause.
  _draw(xs, outputs, opts, { fast = false } = {}) {
    const k = outputs.length ? outputs[0].length : 1;
    const key = JSON.stringify([k, opts.axisName, opts.probe, opts.task.kind, opts.activation, xs[0], xs[xs.length - 1]]);
    this.full.args = [xs, outputs, opts];
    if (fast && key === this.key) {
      const ys = [];
      for (let c = 0; c < k; c++) ys.push(outputs.map((o) => o[c]));
      if (fastLines(this.el, xs, ys)) {
        this.full.schedule();
        return;
      }
    }
    this.full.cancel();
    this.key = key;
    this._react(xs, outputs, opts);
  }

  _react(xs, outputs, { axisName, probe, task, labels, activation }) {
    // the output's own range (so a live edit can move the lines without a redraw); else automatic
    const fixedRange = task.kind === "regression" ? undefined
      : activation === "sigmoid" || activation === "softmax" ? [-0.04, 1.04]
        : activation === "tanh" ? [-1.08, 1.08] : undefined;
    const k = outputs.length ? outputs[0].length : 1;
    const traces = [];
    for (let c = 0; c < k; c++) {
      traces.push({
        type: "scatter", mode: "lines", x: xs, y: outputs.map((o) => o[c]), name: labels ? labels[c] : "output",
        line: { color: k > 1 ? CLASS_COLORS[c] : "#14181f", width: 2.4 },
        hovertemplate: `${axisName} = %{x:.2f}<br>${k > 1 ? `P(class ${c})` : "output"} = %{y:.4f}<extra></extra>`,
      });
    }
    const layout = {
      margin: { l: 40, r: 10, t: 8, b: 30 }, font: FONT, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: false, hovermode: "x", dragmode: false,
      xaxis: axis({ title: { text: axisName, standoff: 4, font: { size: 12 } }, range: [xs[0], xs[xs.length - 1]], dtick: 2 }),
      yaxis: axis({ nticks: 5, range: fixedRange }),
      shapes: [{ type: "line", x0: probe, x1: probe, yref: "paper", y0: 0, y1: 1, line: { color: "#5534d0", width: 1.5, dash: "dot" } }],
    };
    P().react(this.el, traces, layout, CONFIG);
  }
}

