// The views: each subscribes to the store keys it draws and repaints from the state alone (at
// most once per animation frame, only when one of its keys changed). None calls the API.

import { $, setText } from "../lib/dom.js";
import { fixed as fmt, percent } from "../lib/format.js";
import { CLASS_COLORS, divergingCss } from "../lib/palette.js";
import { labelRange, domainFor } from "./data.js";
import { outputChoices, problemOf } from "./model.js";
import { FEATURE_LABELS, outputUnits } from "./state.js";

const outAct = (net) => net.layers[net.layers.length - 1].activation;
const surfaceMode = (t) => (t.kind === "regression" ? "regression" : outputUnits(t) > 1 ? "multi" : "binary");
const hoverKey = (h) => (h.kind === "feature" ? `f${h.index}` : `${h.layer}:${h.index}`);

export function connectViews(store, v) {
  const on = (keys, fn) => store.subscribe(keys, fn);

  on(["network", "catalog", "task", "hide"], (s) => {
    if (!s.network) return;
    v.diagram.setModel({
      network: s.network, activations: s.catalog.activations, outputChoices: outputChoices(s.catalog.activations, s.task),
      task: s.task, hide: s.hide,
    });
  });
  on(["view", "network"], (s) => {
    if (!s.network) return;
    v.diagram.setSelected(s.view.selected);
    v.diagram.setEdgeMode(s.view.edgeMode);
    if (s.view.selected) v.inspector.renderEditor(s.network, s.view.selected);
  });
  on(["frame"], (s) => {
    const f = s.frame;
    if (!f) return;
    if (f.surface) v.diagram.setSurface(f.surface);
    if (f.probe) v.diagram.setTrace(f.probe);
    v.diagram.setGradients(f.gradients);
    paintProbe(s, v);
    paintMetrics(s);
    paintConfusion(s);
  });
  on(["frame", "view", "network", "curves"], (s) => paintInspector(s, v));
  on(["points", "task", "view"], (s) => {
    const range = s.points ? labelRange(s.points) : [-1, 1];
    v.surface.setDomain(domainFor(s.points));
    v.surface.setData(s.points, s.task, s.view.showTest, (x) => divergingCss(((x - range[0]) / (range[1] - range[0] || 1)) * 2 - 1, "tanh"));
    v.surface.setProbe(s.view.probe);
  });
  on(["frame", "hover", "hoverGrid", "view", "points"], (s) => paintSurface(s, v));
  on(["history", "view"], (s) => v.loss.draw(s.history, { log: !!s.view.logLoss }));
  on(["epoch"], (s) => v.controls.setEpoch(s.epoch));
  on(["running"], (s) => {
    v.controls.setPlaying(s.running);
    document.body.classList.toggle("training", s.running);
  });
  on(["status"], (s) => {
    const el = $("status-line");
    el.textContent = s.status ? s.status.text : "";
    el.className = s.status && (s.status.kind === "error" || s.status.kind === "offline") ? "status-line error" : "status-line";
    $("btn-retry").hidden = !(s.status && s.status.kind === "offline");
  });
  on(["train", "data", "view", "task", "hide", "catalog"], (s) => {
    v.controls.sync(s, { problem: problemOf(s.task) });
    v.classPick(s);
  });
  on(["points", "task", "data"], (s) => {
    if (s.data.custom && s.points) v.controls.drawThumb("custom", s.points, s.task.kind);
  });
}

function paintProbe(s, v) {
  const p = s.frame.probe;
  if (!p) return;
  const out = p.outputs;
  const po = $("probe-output");
  if (out.length > 1) {
    let best = 0;
    out.forEach((x, k) => (x > out[best] ? (best = k) : 0));
    setText(po, `class ${best} (${(out[best] * 100).toFixed(1)} %)`);
  } else setText(po, fmt(out[0], 4));
  po.dataset.value = JSON.stringify(out);
  const c = p.curve;
  v.response.draw(c.x, c.outputs, {
    axisName: c.axis ? "x₂" : "x₁", probe: p.point[c.axis], task: s.task, activation: outAct(s.network),
    labels: out.length > 1 ? out.map((_, k) => `class ${k}`) : null,
  }, { fast: true });
}

function paintInspector(s, v) {
  const sel = s.view.selected;
  if (!sel || !s.network || !s.network.layers[sel.layer] || !s.frame || !s.frame.probe) return;
  const act = s.network.layers[sel.layer].activation;
  v.inspector.renderInspector(s.network, sel, s.frame.probe, s.curves[act] || null);
  if (!s.curves[act] && act !== "softmax") v.needCurve(act);
}

function paintMetrics(s) {
  const h = s.frame.metrics;
  const reg = s.task.kind === "regression";
  const hasTest = h && h.test_loss !== null && h.test_loss !== undefined;
  setText($("m-train-loss"), h ? fmt(h.train_loss, 4) : "—");
  setText($("m-test-loss"), hasTest ? fmt(h.test_loss, 4) : "—");
  setText($("m-acc-label"), reg ? (hasTest ? "Test R²" : "Train R²") : hasTest ? "Test accuracy" : "Train accuracy");
  let x = null;
  if (h) x = reg ? (hasTest ? h.test_r2 : h.train_r2) : hasTest ? h.test_accuracy : h.train_accuracy;
  const none = x === null || x === undefined;
  setText($("m-acc"), none ? "—" : reg ? fmt(x, 3) : percent(x));
  $("m-acc").dataset.value = none ? "" : String(x);
}

function paintConfusion(s) {
  const el = $("confusion");
  const m = s.frame.confusion;
  $("confusion-card").hidden = s.task.kind === "regression";
  const key = JSON.stringify(m);
  if (el.dataset.key === key) return;
  el.dataset.key = key;
  if (!m) {
    el.innerHTML = `<p class="hint">Train to see which classes get mixed up.</p>`;
    return;
  }
  let html = `<table class="confusion"><thead><tr><th class="corner">true ↓ / predicted →</th>`;
  for (let c = 0; c < m.length; c++) html += `<th><i class="dot" style="background:${CLASS_COLORS[c]}"></i>${c}</th>`;
  html += `</tr></thead><tbody>`;
  m.forEach((row, r) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    html += `<tr><th><i class="dot" style="background:${CLASS_COLORS[r]}"></i>${r}</th>`;
    row.forEach((x, c) => {
      const p = x / total;
      const bg = r === c ? `rgba(19,122,58,${0.1 + 0.55 * p})` : `rgba(179,38,30,${Math.min(0.65, 0.08 + 1.2 * p)})`;
      html += `<td style="background:${x ? bg : "transparent"};color:${p > 0.55 ? "#fff" : "inherit"}" data-row="${r}" data-col="${c}">${x}</td>`;
    });
    html += `</tr>`;
  });
  el.innerHTML = html + `</tbody></table>`;
}

// The big plot: the output, or the hovered neuron / feature full size; the 3-D view when open.
function paintSurface(s, v) {
  const net = s.network;
  const surf = s.frame && s.frame.surface;
  if (!net || !surf) return;
  const hv = s.hover;
  const hg = s.hoverGrid && hv && s.hoverGrid.key === hoverKey(hv) ? s.hoverGrid.grid : null;
  let title = "Output";
  let legend;
  if (hv && hv.kind === "neuron" && surf.neurons && surf.neurons[hv.layer] && surf.neurons[hv.layer][hv.index]) {
    const act = net.layers[hv.layer].activation;
    const isOut = hv.layer === net.layers.length - 1;
    const grid = isOut && surf.outputs[hv.index] ? surf.outputs[hv.index] : hg || surf.neurons[hv.layer][hv.index];
    v.surface.paint({ grids: [grid], mode: "binary", discretize: false, activation: act === "softmax" ? "sigmoid" : act });
    const name = v.diagram.neurons[hv.layer][hv.index].name;
    title = `Neuron ${name}`;
    const centred = act === "sigmoid" || act === "softmax";
    legend = `<span class="num">${centred ? "0" : "−1"}</span><i class="bar bar-div"></i><span class="num">1</span><span class="muted">output of ${name} (${act})</span>`;
  } else if (hv && hv.kind === "feature") {
    const m = hg ? Math.max(Math.abs(hg.min), Math.abs(hg.max), 1e-9) : 1;
    if (hg) v.surface.paint({ grids: [hg], mode: "regression", discretize: false, range: [-m, m] });
    const label = FEATURE_LABELS[net.features[hv.index]] || "";
    title = `Input ${label}`;
    legend = `<span class="num">${fmt(-m, 2)}</span><i class="bar bar-div"></i><span class="num">${fmt(m, 2)}</span><span class="muted">input ${label} over the plane</span>`;
  } else {
    const range = s.points ? labelRange(s.points) : [-1, 1];
    v.surface.paint({ grids: surf.outputs, mode: surfaceMode(s.task), discretize: s.view.discretize, range, activation: outAct(net) });
    legend = outputLegend(s, range);
  }
  if (s.view.showTest) legend += `<span class="lg"><i class="dot ring"></i>test point</span>`;
  setText($("surface-title"), title);
  if (v.legendHtml !== legend) $("surface-legend").innerHTML = v.legendHtml = legend;
  if (s.view.view3d) v.paint3d(s);
}

function outputLegend(s, [lo, hi]) {
  const t = s.task;
  if (t.kind === "regression") {
    return `<span class="num">${fmt(lo, 2)}</span><i class="bar bar-div"></i><span class="num">${fmt(hi, 2)}</span><span class="muted">prediction; points: true value</span>`;
  }
  if (outputUnits(t) > 1) {
    return CLASS_COLORS.slice(0, t.classes).map((c, k) => `<span class="lg"><i class="dot" style="background:${c}"></i>class ${k}</span>`).join("") +
      `<span class="muted">lighter = less sure</span>`;
  }
  const low = outAct(s.network) === "sigmoid" ? "0" : "−1";
  return `<span class="lg"><i class="dot" style="background:var(--class-0)"></i>class 0</span><span class="num">${low}</span><i class="bar bar-div"></i><span class="num">1</span><span class="lg"><i class="dot sq" style="background:var(--class-1)"></i>class 1</span>`;
}

export { surfaceMode, outAct };
