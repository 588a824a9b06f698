// Plotly plots: the decision surface (output painted to a canvas, shown as a Plotly layout
// image under the data points: repainting it is a cheap "arraydraw"), the loss chart, the
// response curve and the activation curve of the inspector. Every update is Plotly.react.

import { CLASS_COLORS, CLASS_SYMBOLS, DIVERGING, classLut, paintGrid } from "../lib/palette.js";

const FONT = { family: "Inter, Segoe UI, system-ui, sans-serif", size: 12, color: "#3a424e" };
const CONFIG = { displayModeBar: false, responsive: true, scrollZoom: false, doubleClick: false };
const GRID = "#e6e9ee";
const P = () => window.Plotly;

function axis(extra) {
  return {
    gridcolor: GRID, zerolinecolor: "#c7ced8", linecolor: "#c7ced8", ticks: "", automargin: false,
    tickfont: { size: 11, color: "#5f6875" }, fixedrange: true, ...extra,
  };
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

// ---------------------------------------------------------------- decision surface
export class SurfacePlot {
  constructor(el, { onClick }) {
    this.el = el;
    this.canvas = document.createElement("canvas");
    this.domain = [-6, 6];
    this.traces = [];
    this.image = null;
    this.probe = null;
    this.ready = false;
    this.onClick = onClick;
    el.addEventListener("click", (e) => this._click(e));
  }

  // Paint the output grid(s). mode: "binary" | "multi" | "regression" (+ value range for regression)
  paint({ grids, mode, discretize, range, activation }) {
    if (!grids || !grids.length) return;
    const [rows, cols] = grids[0].shape;
    if (mode === "multi") {
      const k = grids.length;
      const flats = grids.map((g) => g.flat);
      const out = new Float32Array(rows * cols);
      const cls = new Uint8Array(rows * cols);
      for (let p = 0; p < out.length; p++) {
        let best = 0;
        let bv = flats[0][p];
        let sum = bv;
        for (let c = 1; c < k; c++) {
          const v = flats[c][p];
          sum += v;
          if (v > bv) {
            bv = v;
            best = c;
          }
        }
        cls[p] = best;
        // confidence of the winner: 1/k (undecided) -> 1 (certain)
        const conf = sum > 0 ? bv / sum : 1;
        out[p] = discretize ? 1 : Math.max(0, (conf - 1 / k) / (1 - 1 / k));
      }
      this._paintClasses(out, cls, rows, cols);
    } else {
      const g = grids[0];
      let map;
      if (mode === "regression") {
        const [lo, hi] = range;
        const mid = (lo + hi) / 2;
        const half = Math.max(1e-9, (hi - lo) / 2);
        map = discretize ? (v) => (v >= mid ? 255 : 0) : (v) => ((v - mid) / half + 1) * 127.5;
      } else {
        const centred = activation === "sigmoid" || activation === "softmax";
        const mid = centred ? 0.5 : 0;
        const half = centred ? 0.5 : 1;
        map = discretize ? (v) => (v >= mid ? 230 : 25) : (v) => ((v - mid) / half + 1) * 127.5;
      }
      paintGrid(this.canvas, g.flat, rows, cols, SOFT_DIVERGING, map);
    }
    this.image = this.canvas.toDataURL();
  }

  _paintClasses(conf, cls, rows, cols) {
    const c = this.canvas;
    if (c.width !== cols) c.width = cols;
    if (c.height !== rows) c.height = rows;
    const ctx = c.getContext("2d");
    const img = ctx.createImageData(cols, rows);
    const px = img.data;
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < cols; q++) {
        const p = r * cols + q;
        const lut = classLut(cls[p]);
        const i = Math.round(30 + conf[p] * 130) * 3;
        const o = ((rows - 1 - r) * cols + q) * 4;
        px[o] = lut[i];
        px[o + 1] = lut[i + 1];
        px[o + 2] = lut[i + 2];
        px[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  // data: {train: {points, labels}, test: {...}}; task: {kind, classes}
  setData(data, task, showTest, labelRange) {
    const traces = [];
    if (data) {
      const sets = [["train", data.train, false]];
      if (showTest && data.test && data.test.points.length) sets.push(["test", data.test, true]);
      for (const [name, set, isTest] of sets) {
        if (!set || !set.points.length) continue;
        if (task.kind === "regression") {
          const [lo, hi] = labelRange;
          traces.push({
            type: "scatter", mode: "markers", name: name === "train" ? "Training points" : "Test points",
            x: set.points.map((p) => p[0]), y: set.points.map((p) => p[1]), hoverinfo: "skip",
            marker: {
              size: 7, color: set.labels, cmin: lo, cmax: hi, colorscale: plotlyDiverging(),
              line: { width: isTest ? 1.6 : 1, color: isTest ? "#14181f" : "#ffffff" },
            },
          });
          continue;
        }
        const k = Math.max(2, task.classes);
        for (let c = 0; c < k; c++) {
          const xs = [];
          const ys = [];
          set.points.forEach((p, i) => {
            if (set.labels[i] === c) {
              xs.push(p[0]);
              ys.push(p[1]);
            }
          });
          if (!xs.length) continue;
          traces.push({
            type: "scatter", mode: "markers", name: `${isTest ? "Test" : "Train"} class ${c}`, x: xs, y: ys,
            hoverinfo: "skip",
            marker: {
              size: isTest ? 7 : 6.5, symbol: CLASS_SYMBOLS[c], color: CLASS_COLORS[c],
              line: { width: isTest ? 1.8 : 1, color: isTest ? "#14181f" : "#ffffff" },
            },
          });
        }
      }
    }
    this.traces = traces;
  }

  setDomain(domain) {
    this.domain = domain;
  }

  setProbe(probe) {
    this.probe = probe;
  }

  // Only the painted image changed (a training frame): swap the <image> Plotly drew, no replot.
  renderImageOnly() {
    const img = this.ready && this.imageShown && this.el.querySelector(".layer-subplot .imagelayer image");
    if (!img || !this.image || this.renderedDomain !== String(this.domain)) {
      this.render();
      return;
    }
    img.setAttribute("href", this.image);
    this.el.layout.images[0].source = this.image; // keep Plotly's copy in step for the next react
  }

  render() {
    const [lo, hi] = this.domain;
    const shapes = [];
    if (this.probe) {
      const [px, py] = this.probe;
      const r = (hi - lo) * 0.022;
      shapes.push(
        { type: "line", x0: px, x1: px, y0: lo, y1: hi, line: { color: "rgba(20,24,31,0.35)", width: 1, dash: "dot" } },
        { type: "line", x0: lo, x1: hi, y0: py, y1: py, line: { color: "rgba(20,24,31,0.35)", width: 1, dash: "dot" } },
        { type: "circle", x0: px - r, x1: px + r, y0: py - r, y1: py + r, line: { color: "#14181f", width: 2.5 }, fillcolor: "rgba(255,255,255,0.85)" },
      );
    }
    const layout = {
      margin: { l: 30, r: 8, t: 6, b: 24 }, font: FONT, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fafbfc",
      showlegend: false, dragmode: false, hovermode: false,
      xaxis: axis({ range: [lo, hi], showgrid: false, zeroline: false, dtick: lo <= -5 ? 2 : undefined, constrain: "domain" }),
      yaxis: axis({ range: [lo, hi], showgrid: false, zeroline: false, dtick: lo <= -5 ? 2 : undefined, scaleanchor: "x", scaleratio: 1, constrain: "domain" }),
      images: this.image
        ? [{ source: this.image, xref: "x", yref: "y", x: lo, y: hi, sizex: hi - lo, sizey: hi - lo, sizing: "stretch", layer: "below", opacity: 1 }]
        : [],
      shapes,
    };
    const traces = this.traces.length ? this.traces : [{ type: "scatter", x: [], y: [], mode: "markers", hoverinfo: "skip" }];
    P().react(this.el, traces, layout, CONFIG);
    this.ready = true;
    this.imageShown = !!this.image;
    this.renderedDomain = String(this.domain);
  }

  _click(e) {
    // pixel -> data with the axes Plotly laid out (offset and length of each axis in px)
    const fl = this.el._fullLayout;
    if (!fl || !fl.xaxis || !fl.yaxis) return;
    const xa = fl.xaxis;
    const ya = fl.yaxis;
    const rect = this.el.getBoundingClientRect();
    const px = e.clientX - rect.left - xa._offset;
    const py = e.clientY - rect.top - ya._offset;
    if (px < 0 || py < 0 || px > xa._length || py > ya._length) return;
    const [x0, x1] = xa.range;
    const [y0, y1] = ya.range;
    this.onClick(x0 + (px / xa._length) * (x1 - x0), y1 - (py / ya._length) * (y1 - y0), e);
  }
}

// A lighter diverging table for the big plot so the data points stand out on it.
const SOFT_DIVERGING = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(255 + (DIVERGING[i * 3 + c] - 255) * 0.6);
  }
  return lut;
})();

export function plotlyDiverging() {
  const out = [];
  for (let i = 0; i <= 10; i++) {
    const j = Math.round((i / 10) * 255) * 3;
    out.push([i / 10, `rgb(${DIVERGING[j]},${DIVERGING[j + 1]},${DIVERGING[j + 2]})`]);
  }
  return out;
}

// ---------------------------------------------------------------- loss chart
export class LossChart {
  constructor(el) {
    this.el = el;
  }

  render(history, { metricName, log = false } = {}) {
    const x = history.map((h) => h.epoch);
    const traces = [
      { type: "scatter", mode: "lines", name: "Train loss", x, y: history.map((h) => h.train_loss), line: { color: "#14181f", width: 2 }, hovertemplate: "epoch %{x}<br>train loss %{y:.4f}<extra></extra>" },
      { type: "scatter", mode: "lines", name: "Test loss", x, y: history.map((h) => h.test_loss), line: { color: "#8a94a3", width: 2, dash: "dot" }, hovertemplate: "epoch %{x}<br>test loss %{y:.4f}<extra></extra>" },
    ];
    const layout = {
      margin: { l: 40, r: 8, t: 8, b: 34 }, font: FONT, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: history.length > 0, legend: { orientation: "h", x: 1, xanchor: "right", y: 1.02, yanchor: "bottom", font: { size: 11 } },
      xaxis: axis({ title: { text: "epoch", standoff: 2, font: { size: 11 } }, rangemode: "tozero", showgrid: false, visible: history.length > 0 }),
      yaxis: axis({ rangemode: log ? undefined : "tozero", type: log ? "log" : "linear", nticks: 4, visible: history.length > 0, exponentformat: "power" }),
      hovermode: "x", dragmode: false,
      annotations: history.length ? [] : [{ text: "The loss appears here while you train", showarrow: false, x: 0.5, y: 0.5, xref: "paper", yref: "paper", font: { color: "#8a94a3", size: 12 } }],
      meta: metricName,
    };
    P().react(this.el, traces, layout, CONFIG);
  }
}

// ---------------------------------------------------------------- response curve
export class ResponseCurve {
  constructor(el) {
    this.el = el;
    this.key = "";
    this.full = new Deferred(() => this.args && this._react(...this.args));
  }

  // xs: positions along the axis; outputs: [[o1, o2...] per x]; probe: position on that axis
  render(xs, outputs, opts, { fast = false } = {}) {
    const k = outputs.length ? outputs[0].length : 1;
    const key = JSON.stringify([k, opts.axisName, opts.probe, opts.task.kind, xs[0], xs[xs.length - 1]]);
    this.args = [xs, outputs, opts];
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

  _react(xs, outputs, { axisName, probe, task, labels }) {
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
      yaxis: axis({ nticks: 5, range: task.kind === "regression" ? undefined : [-0.04, 1.04] }),
      shapes: [{ type: "line", x0: probe, x1: probe, yref: "paper", y0: 0, y1: 1, line: { color: "#5534d0", width: 1.5, dash: "dot" } }],
    };
    P().react(this.el, traces, layout, CONFIG);
  }
}

// ---------------------------------------------------------------- activation curve
export class ActivationCurve {
  constructor(el) {
    this.el = el;
  }

  // Softmax has no curve of one variable: show the output layer's probabilities instead.
  renderSoftmax(probs, selected) {
    this.curve = null;
    clearTimeout(this.fullT);
    const k = probs.length;
    const traces = [{
      type: "bar", x: probs.map((_, c) => `class ${c}`), y: probs,
      marker: { color: probs.map((_, c) => CLASS_COLORS[c % CLASS_COLORS.length]), line: { color: probs.map((_, c) => (c === selected ? "#5534d0" : "rgba(0,0,0,0)")), width: 3 } },
      text: probs.map((p) => p.toFixed(3)), textposition: "outside", cliponaxis: false, hoverinfo: "skip",
    }];
    const layout = {
      margin: { l: 34, r: 8, t: 14, b: 24 }, font: FONT, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: false, hovermode: false, dragmode: false, bargap: 0.35,
      xaxis: axis({ showgrid: false }), yaxis: axis({ range: [0, 1.15], nticks: 4 }),
      annotations: [{ text: `softmax: the ${k} outputs sum to 1`, xref: "paper", yref: "paper", x: 0, y: 1.1, showarrow: false, xanchor: "left", font: { size: 10, color: "#5f6875" } }],
    };
    P().react(this.el, traces, layout, CONFIG);
  }

  render(curve, z, a, name, { fast = false } = {}) {
    const lo = curve.x[0];
    const hi = curve.x[curve.x.length - 1];
    const zf = Number.isFinite(z) ? Math.max(lo, Math.min(hi, z)) : null;
    // fast path (a live edit): move the marker Plotly drew, full react when the edits pause
    if (fast && zf !== null && this.curve === curve && this.el._fullLayout && this.el._fullLayout.yaxis) {
      const fl = this.el._fullLayout;
      const [ylo, yhi] = fl.yaxis.range;
      const pt = this.el.querySelector(".scatterlayer .trace:nth-of-type(3) path.point");
      const guide = this.el.querySelector(".scatterlayer .trace:nth-of-type(2) path.js-line");
      if (pt && guide && a >= ylo && a <= yhi) {
        const px = fl.xaxis.l2p(zf);
        pt.setAttribute("transform", `translate(${px.toFixed(2)},${fl.yaxis.l2p(a).toFixed(2)})`);
        guide.setAttribute("d", `M${px.toFixed(2)},${fl.yaxis.l2p(ylo).toFixed(2)}L${px.toFixed(2)},${fl.yaxis.l2p(yhi).toFixed(2)}`);
        this.pendingArgs = [curve, z, a, name];
        clearTimeout(this.fullT);
        this.fullT = setTimeout(() => this.render(...this.pendingArgs), 250);
        return;
      }
    }
    clearTimeout(this.fullT);
    this.curve = curve;
    let ymin = Infinity;
    let ymax = -Infinity;
    for (const v of curve.y) {
      if (v < ymin) ymin = v;
      if (v > ymax) ymax = v;
    }
    const pad = (ymax - ymin) * 0.08 || 0.5;
    const yr = [ymin - pad, ymax + pad];
    const traces = [
      { type: "scatter", mode: "lines", x: curve.x, y: curve.y, line: { color: "#14181f", width: 2.2 }, hoverinfo: "skip", name },
      { type: "scatter", mode: "lines", x: [zf ?? 0, zf ?? 0], y: yr, line: { color: "#5534d0", width: 1.3, dash: "dot" }, hoverinfo: "skip", visible: zf !== null },
      { type: "scatter", mode: "markers", x: [zf ?? 0], y: [a ?? 0], marker: { size: 12, color: "#5534d0", line: { color: "#fff", width: 2 } }, hoverinfo: "skip", visible: zf !== null, cliponaxis: false },
    ];
    const shapes = [];
    const annotations = [];
    const layout = {
      margin: { l: 34, r: 8, t: 8, b: 30 }, font: FONT, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: false, hovermode: false, dragmode: false,
      xaxis: axis({ range: [curve.x[0], curve.x[curve.x.length - 1]], zeroline: true, nticks: 6, title: { text: "z", standoff: 2, font: { size: 11 } } }),
      yaxis: axis({ zeroline: true, nticks: 5, range: yr }),
      shapes, annotations,
    };
    P().react(this.el, traces, layout, CONFIG);
  }
}

// ---------------------------------------------------------------- 3-D view of the output
export class Surface3D {
  constructor(el) {
    this.el = el;
  }

  // grids: decoded output grids ({shape, flat}); xs, ys: their axes; mode: binary | multi | regression
  render({ grids, xs, ys, mode, data, task, activation }) {
    if (!grids || !grids.length) return;
    if (this.webgl === undefined) {
      const c = document.createElement("canvas");
      this.webgl = !!(c.getContext("webgl") || c.getContext("experimental-webgl"));
    }
    if (!this.webgl) {
      this.el.innerHTML = `<p class="hint no-webgl">The 3-D view needs WebGL, which this browser does not offer.</p>`;
      return;
    }
    const [rows, cols] = grids[0].shape;
    const step = Math.max(1, Math.ceil(Math.max(rows, cols) / 60));
    const ri = [];
    const ci = [];
    for (let r = 0; r < rows; r += step) ri.push(r);
    for (let c = 0; c < cols; c += step) ci.push(c);
    const x = ci.map((c) => xs[c]);
    const y = ri.map((r) => ys[r]);
    let z;
    let color = null;
    let colorscale;
    let cmin;
    let cmax;
    if (mode === "multi") {
      const k = grids.length;
      z = ri.map((r) => ci.map((c) => Math.max(...grids.map((g) => g.flat[r * cols + c]))));
      color = ri.map((r) => ci.map((c) => {
        let best = 0;
        for (let q = 1; q < k; q++) if (grids[q].flat[r * cols + c] > grids[best].flat[r * cols + c]) best = q;
        return best;
      }));
      colorscale = [];
      for (let q = 0; q < k; q++) {
        colorscale.push([q / k, CLASS_COLORS[q]], [(q + 1) / k, CLASS_COLORS[q]]);
      }
      cmin = -0.5;
      cmax = k - 0.5;
    } else {
      z = ri.map((r) => ci.map((c) => grids[0].flat[r * cols + c]));
      colorscale = plotlyDiverging();
      if (mode === "regression") {
        cmin = Math.min(...z.flat());
        cmax = Math.max(...z.flat());
      } else {
        const centred = activation === "sigmoid" || activation === "softmax";
        cmin = centred ? 0 : -1;
        cmax = 1;
      }
    }
    const traces = [{
      type: "surface", x, y, z, surfacecolor: color || undefined, colorscale, cmin, cmax, showscale: false,
      opacity: 0.92, hovertemplate: "x₁ %{x:.2f}<br>x₂ %{y:.2f}<br>output %{z:.3f}<extra></extra>",
      contours: { z: { show: mode !== "multi", usecolormap: true, width: 1, highlight: false } },
    }];
    if (data && mode !== "multi" && data.train.points.length) {
      const pts = data.train;
      traces.push({
        type: "scatter3d", mode: "markers", x: pts.points.map((p) => p[0]), y: pts.points.map((p) => p[1]),
        z: pts.labels.map((l) => (mode === "binary" && activation === "tanh" ? 2 * l - 1 : l)),
        marker: {
          size: 2.6, color: mode === "regression" ? pts.labels : pts.labels.map((l) => CLASS_COLORS[l] || "#888"),
          colorscale: mode === "regression" ? plotlyDiverging() : undefined, line: { width: 0 },
        },
        hoverinfo: "skip",
      });
    }
    const ax = (title) => ({ title: { text: title }, gridcolor: "#dde2e9", zerolinecolor: "#aab3bf", backgroundcolor: "#fafbfc", showbackground: true, tickfont: { size: 10 } });
    const layout = {
      margin: { l: 0, r: 0, t: 0, b: 0 }, font: FONT, paper_bgcolor: "rgba(0,0,0,0)", showlegend: false,
      uirevision: "keep",
      scene: {
        xaxis: ax("x₁"), yaxis: ax("x₂"), zaxis: ax(task.kind === "regression" ? "prediction" : "output"),
        aspectmode: "manual", aspectratio: { x: 1, y: 1, z: 0.6 },
        camera: { eye: { x: 1.25, y: -1.25, z: 0.95 } },
      },
    };
    P().react(this.el, traces, layout, { ...CONFIG, displayModeBar: false });
  }

  clear() {
    P().purge(this.el);
  }
}
