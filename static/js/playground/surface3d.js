// The 3-D view of the output surface (WebGL, Plotly's surface trace), drawn only when opened.

import { CLASS_COLORS } from "../lib/palette.js";
import { CONFIG, FONT, LazyChart, P, plotlyDiverging } from "./charts.js";

export class Surface3D extends LazyChart {
  _draw(args) {
    this.render(args);
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
