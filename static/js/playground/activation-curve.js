// The inspector's activation curve f(z) with the neuron's (z, a) marked; for a softmax output,
// the layer's probabilities as bars. Drawn by Plotly once it has loaded (LazyChart).

import { CLASS_COLORS } from "../lib/palette.js";
import { CONFIG, FONT, LazyChart, P, axis } from "./charts.js";

export class ActivationCurve extends LazyChart {
  // draw("softmax", probs, selected) or draw("curve", curve, z, a, name, {fast})
  _draw(kind, ...args) {
    if (kind === "softmax") this.renderSoftmax(...args);
    else this.render(...args);
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

