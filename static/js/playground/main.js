// The playground page: wires the state, the API calls and the views together.
// Every number shown comes from the API: /api/networks, /api/surface, /api/forward,
// /api/neuron, /api/train, /api/datasets, /api/activations, /api/presets, /api/export/numpy.

import { ApiError, get, post, decodeGrid } from "../api.js";
import {
  FEATURES, FEATURE_LABELS, MAX_HIDDEN_LAYERS, STORAGE_KEY, cloneNet, decodeState, defaultState, fromSaved, layerSizes, loadLocal,
  outputUnits, parseHash, save, shareUrl,
} from "./state.js";
import { Channel, nextPaint } from "./channel.js";
import { Diagram, fmt } from "./diagram.js";
import { LossChart, ResponseCurve, Surface3D, SurfacePlot } from "./plots.js";
import { Inspector, validSelection } from "./inspector.js";
import { Controls, toast } from "./controls.js";
import { CsvError, domainFor, fetchDataset, labelRange, listDatasets, parseCsv } from "./data.js";
import { Trainer } from "./training.js";
import {
  dataSpecOf, decodeSurface, evaluateNetwork, forwardRequestOf, hoverSurfaceRequest, surfaceSpecOf,
  trainRequestOf,
} from "./requests.js";
import { CLASS_COLORS } from "../lib/palette.js";

const $ = (id) => document.getElementById(id);

const app = {
  state: defaultState(),
  datasets: [],
  activations: ["relu", "leaky_relu", "elu", "gelu", "softplus", "swish", "sigmoid", "tanh", "linear", "softmax"],
  presets: [],
  data: null, // {train, test} shown on the plot
  surface: null, // last /api/surface (or train surface) answer, decoded
  trace: null, // last probe trace
  curve: null, // last response curve
  neuron: null, // last /api/neuron answer for the selected neuron
  history: [],
  optimizerState: null,
  confusion: null,
  hover: null,
  curves: new Map(), // activation curves
  editSeq: 0,
  lastSlowPaint: 0,
  lastProbe: 0,
};
window.__playground = app; // for tests and benchmarks

// ------------------------------------------------------------------ helpers
const task = () => app.state.task;
const problemOf = (t) => (t.kind === "regression" ? "regression" : t.classes > 2 ? "multiclass" : "classification");
const domain = () => domainFor(app.data);

function outputChoices() {
  const t = task();
  const base = app.activations.filter((a) => a !== "softmax");
  return t.kind === "classification" && t.classes > 2 ? ["softmax", ...base] : base;
}
function defaultOutput(t) {
  if (t.kind === "regression") return "linear";
  return t.classes > 2 ? "softmax" : "sigmoid";
}
function desiredSizes() {
  const s = app.state;
  return [s.features.length, ...s.arch.hidden, outputUnits(s.task)];
}
function datasetInfo(name) {
  return app.datasets.find((d) => d.name === name);
}
function taskOfDataset(name) {
  const d = datasetInfo(name);
  if (!d) return null;
  return d.task === "regression" ? { kind: "regression", classes: 1 } : { kind: "classification", classes: d.classes };
}

// Request bodies from the current state (built in requests.js).
const dataSpec = () => dataSpecOf(app.state.data);
const surfaceSpec = () => surfaceSpecOf(domain());
const forwardRequest = () => forwardRequestOf(app.state, domain());
const evaluate = (net) => evaluateNetwork(net, app.data, task().kind);
const trainRequest = (epochs) => trainRequestOf(app.state, dataSpec(), app.optimizerState, epochs, surfaceSpec());

function showError(e, where) {
  const msg = e instanceof ApiError ? e.message : String(e && e.message ? e.message : e);
  $("status-line").textContent = `${where}: ${msg}`;
  $("status-line").className = "status-line error";
}
function clearError() {
  if ($("status-line").classList.contains("error")) {
    $("status-line").textContent = "";
    $("status-line").className = "status-line";
  }
}

// ------------------------------------------------------------------ networks
// Make a network of the wanted shape; keep every weight that still has a place (by feature
// name in the first layer, by index elsewhere), fresh seeded weights for the rest.
async function buildNetwork({ keep = true } = {}) {
  const s = app.state;
  const hiddenActs = s.arch.hidden.map((_, l) => s.arch.activations[l] || s.arch.activations[l - 1] || "tanh");
  s.arch.activations = hiddenActs;
  const acts = [...hiddenActs, s.arch.output];
  const fresh = await post("/api/networks", {
    layer_sizes: desiredSizes(), activations: acts, init: s.arch.init, seed: s.arch.seed, features: s.features,
  });
  const old = keep ? s.network : null;
  if (old) {
    fresh.layers.forEach((layer, l) => {
      const o = old.layers[l];
      if (!o) return;
      const isOut = l === fresh.layers.length - 1;
      const oIsOut = l === old.layers.length - 1;
      if (isOut !== oIsOut) return;
      const mapIn = (i) => {
        if (l !== 0) return i;
        const f = fresh.features[i];
        return old.features ? old.features.indexOf(f) : i;
      };
      layer.weights.forEach((row, j) => {
        if (!o.weights[j]) return;
        row.forEach((_, i) => {
          const oi = mapIn(i);
          if (oi >= 0 && o.weights[j][oi] !== undefined) row[i] = o.weights[j][oi];
        });
        layer.biases[j] = o.biases[j];
      });
    });
  }
  return fresh;
}

function archFromNetwork(net) {
  const s = app.state;
  const L = net.layers.length;
  s.arch.hidden = net.layers.slice(0, L - 1).map((l) => l.biases.length);
  s.arch.activations = net.layers.slice(0, L - 1).map((l) => l.activation);
  s.arch.output = net.layers[L - 1].activation;
  s.features = net.features ? net.features.slice() : ["x1", "x2"];
  if (!net.features) net.features = s.features.slice();
}

function fixSelection() {
  const s = app.state;
  if (!validSelection(s.network, s.view.selected)) {
    s.view.selected = { kind: "neuron", layer: s.network.layers.length - 1, index: 0 };
  }
}

// Whole reset of the training run (history, optimiser state, epoch).
function resetRun({ toStart = false } = {}) {
  app.trainer.invalidate();
  app.history = [];
  app.optimizerState = null;
  app.confusion = null;
  app.state.epoch = 0;
  if (toStart && app.state.start) app.state.network = cloneNet(app.state.start);
  else app.state.start = cloneNet(app.state.network);
}

async function rebuild({ keep = true, newSeed = false } = {}) {
  pause();
  const s = app.state;
  if (newSeed) s.arch.seed = (s.arch.seed + 1) % 1000000;
  try {
    s.network = await buildNetwork({ keep });
  } catch (e) {
    showError(e, "Could not build the network");
    return;
  }
  resetRun();
  fixSelection();
  networkChanged({ structure: true });
}

// ------------------------------------------------------------------ compute channels
function setupChannels() {
  app.surfaceCh = new Channel(
    (body) => post("/api/surface", body),
    (res) => {
      app.surface = decodeSurface(res);
      paintSurface(true);
      app.diagram.setSurface(res);
      clearError();
    },
    (e) => showError(e, "Surface"),
  );
  app.forwardCh = new Channel(
    (req) => post("/api/forward", req.body).then((res) => ({ res, req })),
    ({ res, req }) => {
      const row0 = (a) => (a ? [a[0]] : null);
      app.trace = {
        probe: req.probe, inputs: req.body.inputs[0], features: row0(res.features),
        layers: res.layers.map((l) => ({ z: [l.z[0]], a: [l.a[0]] })),
      };
      app.curve = { xs: req.xs, outputs: res.outputs.slice(1), axis: req.axis, probe: req.probe };
      paintTrace();
      requestNeuron();
    },
    (e) => showError(e, "Forward pass"),
  );
  // a crisp full-size picture of the hovered hidden neuron: the network cut after that neuron
  app.hoverCh = new Channel(
    (req) => post("/api/surface", req.body).then((res) => ({ res, key: req.key })),
    ({ res, key }) => {
      if (!app.hover || hoverKey(app.hover) !== key) return;
      const g = res.outputs[0];
      app.hoverGrid = { key, grid: { shape: g.shape, flat: decodeGrid(g), min: g.min, max: g.max } };
      paintSurface(true);
    },
    () => {},
  );
  app.metricsCh = new Channel(
    (net) => evaluate(net),
    (res) => {
      if (!res) return;
      if (!app.trainer.running) {
        app.current = res.metrics;
        app.confusion = res.confusion;
        paintMetricNumbers();
        paintConfusion();
      }
      app.diagram.setGradients(res.grads);
    },
    (e) => showError(e, "Loss"),
  );
  app.neuronCh = new Channel(
    (body) => (body ? post("/api/neuron", body) : Promise.resolve(null)),
    (res) => {
      app.neuron = res;
      paintInspector();
    },
    () => {
      app.neuron = null;
      paintInspector();
    },
  );
}

// The inspector's terms wᵢ·aᵢ come from /api/neuron with the probe's inputs to that neuron.
function requestNeuron() {
  const s = app.state;
  const sel = s.view.selected;
  const t = app.trace;
  if (!t || !sel) return;
  const l = sel.layer;
  const layer = s.network.layers[l];
  if (!layer) return;
  const inputs = l === 0 ? (t.features ? t.features[0] : t.inputs) : t.layers[l - 1] && t.layers[l - 1].a[0];
  if (!inputs) return;
  const act = layer.activation === "softmax" ? "linear" : layer.activation;
  const body = { inputs, weights: layer.weights[sel.index], bias: layer.biases[sel.index], activation: act };
  const key = JSON.stringify(body);
  if (key === app.neuronKey && app.neuron) return; // already asked (or answered)
  app.neuronKey = key;
  app.neuronCh.send(body);
}

async function activationCurve(name) {
  if (!app.curves.has(name)) {
    app.curves.set(name, get(`/api/activations/${encodeURIComponent(name)}?start=-5&stop=5&num=201`).catch((e) => {
      app.curves.delete(name);
      throw e;
    }));
  }
  return app.curves.get(name);
}

const hoverKey = (h) => (h.kind === "feature" ? `f${h.index}` : `${h.layer}:${h.index}`);

function requestHover() {
  const h = app.hover;
  const net = app.state.network;
  app.hoverGrid = null;
  if (!h || !net || app.trainer.running) return;
  const body = hoverSurfaceRequest(net, h, domain());
  if (body) app.hoverCh.send({ key: hoverKey(h), body });
}

// Ask for everything a network edit changes (two requests in parallel, coalesced).
function refresh() {
  const s = app.state;
  if (!s.network) return;
  app.editSeq++;
  if (app.hover) requestHover();
  app.surfaceCh.send({ network: s.network, ...surfaceSpec() });
  app.forwardCh.send(forwardRequest());
  // the loss numbers (3 more requests) go after the picture, so they never delay it
  const seq = app.editSeq;
  Promise.all([app.surfaceCh.whenIdle(), app.forwardCh.whenIdle()]).then(() => {
    if (seq === app.editSeq || app.metricsCh.idle) app.metricsCh.send(app.state.network);
  });
}
function refreshProbe() {
  if (!app.state.network) return;
  app.forwardCh.send(forwardRequest());
}

// ------------------------------------------------------------------ painting
function paintSurface(imageOnly = false) {
  const s = app.state;
  const sp = app.surfacePlot;
  const net = s.network;
  if (!net) return;
  const outAct = net.layers[net.layers.length - 1].activation;
  sp.setDomain(domain());
  sp.setProbe(s.view.probe);
  const hv = app.hover;
  const surf = app.surface;
  let title = "Output";
  if (surf) {
    if (hv && hv.kind === "neuron" && surf.neurons && surf.neurons[hv.layer] && surf.neurons[hv.layer][hv.index]) {
      const act = net.layers[hv.layer].activation;
      const isOut = hv.layer === net.layers.length - 1;
      // full resolution: the output grid itself for an output neuron, the cut network for a hidden one
      let grid = surf.neurons[hv.layer][hv.index];
      if (isOut && surf.outputs[hv.index]) grid = surf.outputs[hv.index];
      else if (app.hoverGrid && app.hoverGrid.key === hoverKey(hv)) grid = app.hoverGrid.grid;
      sp.paint({ grids: [grid], mode: "binary", discretize: false, activation: act === "softmax" ? "sigmoid" : act });
      title = `Neuron ${app.diagram.neurons[hv.layer][hv.index].name}`;
    } else if (hv && hv.kind === "feature") {
      const g = app.hoverGrid && app.hoverGrid.key === hoverKey(hv) ? app.hoverGrid.grid : null;
      if (g) {
        const m = Math.max(Math.abs(g.min), Math.abs(g.max), 1e-9);
        sp.paint({ grids: [g], mode: "regression", discretize: false, range: [-m, m] });
      }
      title = `Input ${FEATURE_LABELS[net.features[hv.index]] || ""}`;
    } else {
      const t = task();
      const mode = t.kind === "regression" ? "regression" : outputUnits(t) > 1 ? "multi" : "binary";
      sp.paint({ grids: surf.outputs, mode, discretize: s.view.discretize, range: app.data ? labelRange(app.data) : [-1, 1], activation: outAct });
    }
  }
  $("surface-title").textContent = title;
  if (s.view.view3d) paint3d();
  else if (imageOnly) sp.renderImageOnly();
  else sp.render();
  paintSurfaceLegend();
}

// The 3-D view (WebGL): at most ~4 repaints a second while training, it is heavier than the image.
function paint3d() {
  const s = app.state;
  const surf = app.surface;
  if (!surf) return;
  const now = performance.now();
  clearTimeout(app.t3d);
  if (app.trainer.running && now - (app.last3d || 0) < 250) {
    app.t3d = setTimeout(paint3d, 260);
    return;
  }
  app.last3d = now;
  const net = s.network;
  const t = task();
  const mode = t.kind === "regression" ? "regression" : outputUnits(t) > 1 ? "multi" : "binary";
  try {
    app.surface3d.render({
      grids: surf.outputs, xs: surf.x, ys: surf.y, mode, data: app.data, task: t,
      activation: net.layers[net.layers.length - 1].activation,
    });
  } catch (e) {
    showError(e, "3-D view");
  }
}

function paintSurfaceLegend() {
  const t = task();
  const el = $("surface-legend");
  const net = app.state.network;
  const outAct = net.layers[net.layers.length - 1].activation;
  let html;
  const hv = app.hover;
  if (hv && hv.kind === "feature") {
    const g = app.hoverGrid && app.hoverGrid.grid;
    const m = g ? Math.max(Math.abs(g.min), Math.abs(g.max)) : 1;
    html = `<span class="num">${fmt(-m, 2)}</span><i class="bar bar-div"></i><span class="num">${fmt(m, 2)}</span><span class="muted">input ${FEATURE_LABELS[net.features[hv.index]] || ""} over the plane</span>`;
  } else if (hv && hv.kind === "neuron" && app.surface && app.surface.neurons) {
    const act = net.layers[hv.layer] ? net.layers[hv.layer].activation : "tanh";
    const centred = act === "sigmoid" || act === "softmax";
    html = `<span class="num">${centred ? "0" : "−1"}</span><i class="bar bar-div"></i><span class="num">1</span><span class="muted">output of ${app.diagram.neurons[hv.layer][hv.index].name} (${act})</span>`;
  } else if (t.kind === "regression") {
    const [lo, hi] = app.data ? labelRange(app.data) : [-1, 1];
    html = `<span class="num">${fmt(lo, 2)}</span><i class="bar bar-div"></i><span class="num">${fmt(hi, 2)}</span><span class="muted">prediction; points: true value</span>`;
  } else if (outputUnits(t) > 1) {
    html = CLASS_COLORS.slice(0, t.classes).map((c, k) => `<span class="lg"><i class="dot" style="background:${c}"></i>class ${k}</span>`).join("") +
      `<span class="muted">lighter = less sure</span>`;
  } else {
    const lo = outAct === "sigmoid" ? "0" : "−1";
    html = `<span class="lg"><i class="dot" style="background:var(--class-0)"></i>class 0</span><span class="num">${lo}</span><i class="bar bar-div"></i><span class="num">1</span><span class="lg"><i class="dot sq" style="background:var(--class-1)"></i>class 1</span>`;
  }
  if (app.state.view.showTest) html += `<span class="lg"><i class="dot ring"></i>test point</span>`;
  if (el.innerHTML !== html) el.innerHTML = html;
}

function paintPoints() {
  const s = app.state;
  if (s.data.custom && app.data) app.controls.drawThumb("custom", app.data, s.task.kind);
  app.surfacePlot.setData(app.data, s.task, s.view.showTest, app.data ? labelRange(app.data) : [-1, 1]);
}

function paintTrace() {
  const s = app.state;
  const t = app.trace;
  if (!t) return;
  app.diagram.setTrace(t);
  const outLayer = t.layers[t.layers.length - 1];
  const out = outLayer ? outLayer.a[0] : [];
  const po = $("probe-output");
  if (out.length > 1) {
    let best = 0;
    out.forEach((v, k) => (v > out[best] ? (best = k) : 0));
    po.textContent = `class ${best} (${(out[best] * 100).toFixed(1)} %)`;
  } else po.textContent = fmt(out[0], 4);
  po.dataset.value = JSON.stringify(out);
  if (app.curve) {
    const c = app.curve;
    app.responseCurve.render(c.xs, c.outputs, {
      axisName: c.axis ? "x₂" : "x₁", probe: c.probe[c.axis], task: s.task,
      labels: out.length > 1 ? out.map((_, k) => `class ${k}`) : null,
    }, { fast: true });
  }
  paintInspector();
}

function paintInspector() {
  const s = app.state;
  const sel = s.view.selected;
  if (!sel || !s.network || !validSelection(s.network, sel)) return;
  const layer = s.network.layers[sel.layer];
  const n = app.neuron;
  const ok = n && app.trace && app.trace.layers[sel.layer];
  const name = layer.activation === "softmax" ? "softmax" : layer.activation;
  const curve = app.curves.get(name);
  const draw = (c) => app.inspector.renderInspector(s.network, sel, app.trace, ok ? n : null, c);
  if (curve && curve.resolved) draw(curve.resolved);
  else {
    draw(null);
    activationCurve(name).then((c) => {
      app.curves.get(name).resolved = c;
      if (app.state.network.layers[sel.layer] && app.state.network.layers[sel.layer].activation === name) draw(c);
    }).catch(() => {});
  }
}

function paintMetrics() {
  app.current = app.history.length ? app.history[app.history.length - 1] : app.current;
  paintMetricNumbers();
  app.lossChart.render(app.history, { log: !!app.state.view.logLoss });
  app.controls.setEpoch(app.state.epoch);
}

function paintMetricNumbers() {
  const h = app.current;
  const t = task();
  const reg = t.kind === "regression";
  $("m-train-loss").textContent = h ? fmt(h.train_loss, 4) : "—";
  $("m-test-loss").textContent = h && h.test_loss !== null && h.test_loss !== undefined ? fmt(h.test_loss, 4) : "—";
  const hasTest = h && h.test_loss !== null && h.test_loss !== undefined;
  $("m-acc-label").textContent = reg ? (hasTest ? "Test R²" : "Train R²") : hasTest ? "Test accuracy" : "Train accuracy";
  let v = null;
  if (h) v = reg ? (hasTest ? h.test_r2 : h.train_r2) : hasTest ? h.test_accuracy : h.train_accuracy;
  $("m-acc").textContent = v === null || v === undefined ? "—" : reg ? fmt(v, 3) : `${(v * 100).toFixed(1)} %`;
  $("m-acc").dataset.value = v === null || v === undefined ? "" : String(v);
}

function paintConfusion() {
  const el = $("confusion");
  const m = app.confusion;
  $("confusion-card").hidden = task().kind === "regression";
  if (!m) {
    el.innerHTML = `<p class="hint">Train to see which classes get mixed up.</p>`;
    return;
  }
  const k = m.length;
  let html = `<table class="confusion"><thead><tr><th class="corner">true ↓ / predicted →</th>`;
  for (let c = 0; c < k; c++) html += `<th><i class="dot" style="background:${CLASS_COLORS[c]}"></i>${c}</th>`;
  html += `</tr></thead><tbody>`;
  m.forEach((row, r) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    html += `<tr><th><i class="dot" style="background:${CLASS_COLORS[r]}"></i>${r}</th>`;
    row.forEach((v, c) => {
      const p = v / total;
      const bg = r === c ? `rgba(19,122,58,${0.1 + 0.55 * p})` : `rgba(179,38,30,${Math.min(0.65, 0.08 + 1.2 * p)})`;
      const fg = p > 0.55 ? "#fff" : "inherit";
      html += `<td style="background:${v ? bg : "transparent"};color:${fg}" data-row="${r}" data-col="${c}">${v}</td>`;
    });
    html += `</tr>`;
  });
  el.innerHTML = html + `</tbody></table>`;
}

function syncControls() {
  app.controls.sync(app.state, { problem: problemOf(task()) });
  app.diagram.setEdgeMode(app.state.view.edgeMode);
  const addClass = $("class-pick");
  const k = Math.max(2, task().classes);
  if (addClass.dataset.k !== String(k)) {
    addClass.dataset.k = String(k);
    addClass.textContent = "";
    for (let c = 0; c < k; c++) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "class-btn";
      b.dataset.cls = String(c);
      b.setAttribute("data-testid", `add-class-${c}`);
      b.style.background = CLASS_COLORS[c];
      b.textContent = String(c);
      b.addEventListener("click", () => {
        app.state.view.addClass = c;
        syncControls();
      });
      addClass.append(b);
    }
    if (k < 5) {
      const more = document.createElement("button");
      more.type = "button";
      more.className = "class-btn class-more";
      more.setAttribute("data-testid", "add-class-more");
      more.title = "Another class (your data becomes multi-class, with softmax outputs)";
      more.setAttribute("aria-label", more.title);
      more.textContent = "+";
      more.addEventListener("click", () => handlers.onMoreClasses());
      addClass.append(more);
    }
  }
  addClass.querySelectorAll(".class-btn").forEach((b) => b.setAttribute("aria-pressed", String(+b.dataset.cls === app.state.view.addClass)));
}

// The network (weights or structure) changed: repaint the diagram now, ask the API for the rest.
function networkChanged({ structure = false, save: doSave = true } = {}) {
  const s = app.state;
  if (structure) {
    app.surfaceCh.invalidate();
    app.forwardCh.invalidate();
    app.neuronCh.invalidate();
    app.metricsCh.invalidate();
    app.surface = null;
    app.trace = null;
    app.neuron = null;
  }
  app.diagram.setModel({
    network: s.network, activations: app.activations, outputChoices: outputChoices(), task: s.task, hide: s.hide,
  });
  app.diagram.setSelected(s.view.selected);
  app.inspector.renderEditor(s.network, s.view.selected);
  if (structure) {
    paintMetrics();
    paintConfusion();
    syncControls();
  }
  refresh();
  if (doSave) scheduleSave();
}

// ------------------------------------------------------------------ saving (hash + localStorage)
let saveTimer = 0;
let saving = Promise.resolve();
function scheduleSave(delay = 120) {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saving = saving.then(() => save(app.state)).catch((e) => console.warn("save failed", e));
  }, app.trainer && app.trainer.running ? 1000 : delay);
}
app.flushSave = async () => {
  clearTimeout(saveTimer);
  await saving;
  await save(app.state);
};

// ------------------------------------------------------------------ data
async function loadData() {
  const d = app.state.data;
  try {
    if (d.custom) app.data = d.custom;
    else app.data = await fetchDataset(d);
  } catch (e) {
    showError(e, "Dataset");
    app.data = null;
  }
  paintPoints();
  paintSurface();
}

// ------------------------------------------------------------------ training
function applyTrain(res) {
  const s = app.state;
  app.hoverGrid = null;
  s.network = res.network;
  if (!s.network.features) s.network.features = s.features.slice();
  app.optimizerState = res.optimizer_state;
  s.epoch = res.epoch;
  if (res.history && res.history.length) {
    app.history.push(...res.history);
    if (app.history.length > 4000) app.history = app.history.filter((_, i) => i % 2 === 0 || i === app.history.length - 1);
  }
  app.confusion = res.confusion_matrix || null;
}

function paintTrain(res) {
  const s = app.state;
  app.diagram.setWeights(s.network);
  if (res.surface) {
    app.surface = decodeSurface(res.surface);
    app.diagram.setSurface(res.surface);
    paintSurface(app.trainer.running);
  } else app.surfaceCh.send({ network: s.network, ...surfaceSpec() });
  app.inspector.renderEditor(s.network, s.view.selected);
  const now = performance.now();
  const running = app.trainer.running;
  // while training, the loss chart follows at ~10 frames a second and the probe trace and the
  // gradients at ~4 (the surface, the neuron heatmaps, the edges and the numbers: every frame)
  if (!running || now - app.lastProbe > 250) {
    app.lastProbe = now;
    app.forwardCh.send(forwardRequest());
    if (s.view.edgeMode === "gradient") app.metricsCh.send(s.network);
  }
  if (!running || now - app.lastSlowPaint > 100) {
    app.lastSlowPaint = now;
    paintMetrics();
    paintConfusion();
  } else {
    app.current = app.history[app.history.length - 1] || app.current;
    paintMetricNumbers();
    app.controls.setEpoch(s.epoch);
  }
  scheduleSave();
}

function pause() {
  if (app.trainer.running) app.trainer.pause();
}

function onTrainStop(reason, message) {
  app.controls.setPlaying(false);
  app.trainer.whenIdle().then(() => {
    if (app.trainer.running) return;
    paintMetrics();
    paintConfusion();
    refresh();
  });
  document.body.classList.remove("training");
  if (reason === "diverged") {
    $("status-line").textContent = message || "Training diverged: the last finite weights are kept. Try a smaller learning rate.";
    $("status-line").className = "status-line error";
  } else if (reason === "budget_exceeded") {
    $("status-line").textContent = message || "Stopped: one frame took longer than the server's budget. Lower epochs per frame.";
    $("status-line").className = "status-line error";
  }
  scheduleSave();
}

// ------------------------------------------------------------------ handlers
const handlers = {
  onPlay() {
    if (app.trainer.running) {
      app.trainer.pause();
      return;
    }
    clearError();
    app.controls.setPlaying(true);
    document.body.classList.add("training");
    app.trainer.play(app.state.train.epochsPerFrame);
  },
  onStep() {
    pause();
    app.trainer.step();
  },
  onReset() {
    pause();
    resetRun({ toStart: true });
    fixSelection();
    networkChanged({ structure: true });
    toast("Back to the start weights, epoch 0");
  },
  async onReinit() {
    await rebuild({ keep: false, newSeed: true });
    toast(`New start weights (seed ${app.state.arch.seed})`);
  },
  onTrain(patch) {
    Object.assign(app.state.train, patch);
    if (patch.epochsPerFrame) app.trainer.setEpochsPerFrame(patch.epochsPerFrame);
    if (patch.optimizer) app.optimizerState = null; // a different optimiser starts with fresh moments
    syncControls();
    scheduleSave();
  },
  async onProblem(problem) {
    // pick the first dataset of that problem type
    const d = app.datasets.find((x) => problemOf(taskOfDataset(x.name)) === problem);
    if (d) await handlers.onDataset(d.name);
  },
  async onDataset(name) {
    const s = app.state;
    if (name === "custom") {
      if (!s.data.custom) {
        // start from the points on screen, so there is something to edit
        const base = app.data || { train: { points: [], labels: [] }, test: { points: [], labels: [] } };
        s.data.custom = { train: { points: base.train.points.slice(0, 200), labels: base.train.labels.slice(0, 200) }, test: { points: [], labels: [] } };
      }
      s.view.clickMode = "add";
      await dataChanged({ datasetSwitch: true });
      return;
    }
    s.data.custom = null;
    s.data.name = name;
    const info = datasetInfo(name);
    if (info && info.default_n) s.data.n = Math.min(2000, info.default_n);
    await dataChanged({ datasetSwitch: true, task: taskOfDataset(name) });
  },
  async onData(patch) {
    Object.assign(app.state.data, patch);
    await dataChanged({});
  },
  async onRegenerate() {
    app.state.data.seed += 1;
    await dataChanged({});
  },
  onView(patch) {
    const s = app.state;
    Object.assign(s.view, patch);
    if ("showTest" in patch) paintPoints();
    if ("showTest" in patch || "discretize" in patch) paintSurface();
    if ("logLoss" in patch) paintMetrics();
    if ("view3d" in patch) {
      syncControls();
      if (!patch.view3d) window.Plotly.Plots.resize($("surface"));
      paintSurface();
    }
    if ("axis" in patch) refreshProbe();
    if (patch.edgeMode === "gradient") app.metricsCh.send(s.network);
    syncControls();
    scheduleSave();
  },
  onProbe(p) {
    app.state.view.probe = p;
    app.surfacePlot.setProbe(p);
    app.surfacePlot.render();
    refreshProbe();
    scheduleSave();
  },
  async onLayers(delta) {
    const a = app.state.arch;
    if (delta > 0 && a.hidden.length < MAX_HIDDEN_LAYERS) {
      a.hidden.push(a.hidden.length ? Math.min(a.hidden[a.hidden.length - 1], 4) || 2 : 4);
      a.activations = a.activations.slice(0, a.hidden.length - 1);
      a.activations.push(a.activations[a.activations.length - 1] || "tanh");
    } else if (delta < 0 && a.hidden.length > 0) {
      a.hidden.pop();
      a.activations = a.activations.slice(0, a.hidden.length);
    } else return;
    await rebuild();
  },
  async onLayerNeurons(l, delta) {
    const a = app.state.arch;
    const n = a.hidden[l] + delta;
    if (n < 1 || n > 16) return;
    a.hidden[l] = n;
    await rebuild();
  },
  onLayerActivation(l, act) {
    const s = app.state;
    const L = s.network.layers.length;
    if (l === L - 1) s.arch.output = act;
    else s.arch.activations[l] = act;
    s.network.layers[l].activation = act;
    if (s.start && s.start.layers[l]) s.start.layers[l].activation = act;
    app.optimizerState = null;
    networkChanged({ structure: true });
  },
  async onToggleFeature(f) {
    const s = app.state;
    const on = s.features.includes(f);
    if (on && s.features.length === 1) {
      toast("The network needs at least one input", "error");
      return;
    }
    s.features = FEATURES.filter((x) => (x === f ? !on : s.features.includes(x)));
    await rebuild();
  },
  onSelect(sel, focusEditor, viaKeyboard) {
    app.state.view.selected = sel;
    app.diagram.setSelected(sel);
    app.inspector.renderEditor(app.state.network, sel);
    app.neuron = null;
    paintInspector();
    requestNeuron();
    if (focusEditor && viaKeyboard && !app.state.hide.includes("weights")) app.inspector.focusEditor();
    scheduleSave();
  },
  onNudge(sel, delta) {
    if (app.state.hide.includes("weights")) return;
    const net = app.state.network;
    const layer = net.layers[sel.layer];
    const cur = sel.kind === "edge" ? layer.weights[sel.index][sel.from] : layer.biases[sel.index];
    setValue(sel, Math.round((cur + delta) * 1e6) / 1e6);
    app.inspector.setValue(Math.round((cur + delta) * 1e6) / 1e6);
  },
  onValue(v) {
    if (app.state.hide.includes("weights")) return;
    setValue(app.state.view.selected, v);
  },
  onHover(h) {
    app.hover = h && (h.kind === "neuron" || (h.kind === "feature" && h.index >= 0)) ? h : null;
    requestHover();
    if (app.surface) paintSurface(true);
  },
  async onMoreClasses() {
    const s = app.state;
    if (s.task.kind !== "classification" || s.task.classes >= 5) return;
    if (!s.data.custom) {
      const base = app.data || { train: { points: [], labels: [] } };
      s.data.custom = { train: { points: base.train.points.slice(0, 200), labels: base.train.labels.slice(0, 200) }, test: { points: [], labels: [] } };
    }
    const k = s.task.classes + 1;
    s.view.addClass = k - 1;
    await dataChanged({ datasetSwitch: true, task: { kind: "classification", classes: k } });
    toast(`Class ${k - 1} added: click the plot to place its points`);
  },
  async onCsv(text) {
    const err = $("csv-error");
    let parsed;
    try {
      parsed = parseCsv(text);
    } catch (e) {
      err.textContent = e instanceof CsvError ? e.errors.join("\n") : String(e.message || e);
      err.hidden = false;
      return;
    }
    err.hidden = true;
    const s = app.state;
    s.data.custom = { train: { points: parsed.points, labels: parsed.labels }, test: { points: [], labels: [] } };
    await dataChanged({ datasetSwitch: true, task: parsed.task });
    toast(`Loaded ${parsed.points.length} points (${parsed.task.kind === "regression" ? "regression" : `${parsed.task.classes} classes`})`);
  },
  async onShare(hide) {
    await app.flushSave();
    const url = await shareUrl(app.state, hide || app.state.hide);
    $("btn-share").dataset.url = url;
    try {
      await navigator.clipboard.writeText(url);
      toast(hide ? "Class link copied: it hides the chosen controls" : "Link copied: it opens this exact network");
    } catch {
      window.prompt("Copy this link:", url);
    }
  },
  onExportJson() {
    const blob = new Blob([JSON.stringify(app.state.network, null, 2)], { type: "application/json" });
    download(blob, "network.json");
  },
  async onExportNumpy() {
    try {
      const res = await post("/api/export/numpy", { network: app.state.network });
      download(new Blob([res.script], { type: "text/x-python" }), res.filename || "network.py");
    } catch (e) {
      toast(`Export failed: ${e.message}`, "error");
    }
  },
  async onImportJson(text) {
    let net;
    try {
      const obj = JSON.parse(text);
      net = obj && obj.layers ? obj : obj && obj.network;
      if (!net || !Array.isArray(net.layers) || !net.layers.length) throw new Error("no \"layers\" in this file");
      if (!net.features && net.layers[0].weights[0] && net.layers[0].weights[0].length !== 2) {
        throw new Error("the playground draws networks of 2-D points: give \"features\" or 2 inputs");
      }
      await post("/api/forward", { network: net, inputs: [[0, 0]] }); // let the API validate it
    } catch (e) {
      toast(`Import failed: ${e.message}`, "error");
      return;
    }
    await useNetwork(net);
    toast("Network imported");
  },
};

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

function setValue(sel, v) {
  const s = app.state;
  const layer = s.network.layers[sel.layer];
  if (!layer || !Number.isFinite(v)) return;
  if (sel.kind === "edge") layer.weights[sel.index][sel.from] = v;
  else layer.biases[sel.index] = v;
  if (s.epoch === 0 && s.start) {
    const sl = s.start.layers[sel.layer];
    if (sl && sel.kind === "edge" && sl.weights[sel.index]) sl.weights[sel.index][sel.from] = v;
    else if (sl && sel.kind !== "edge") sl.biases[sel.index] = v;
  }
  if (app.trainer.running) app.trainer.pause();
  app.trainer.invalidate();
  app.diagram.setWeights(s.network);
  refresh();
  // the selected neuron's inputs come from the layer before it, which this edit does not change:
  // its arithmetic can be asked for now, in parallel with the forward pass
  if (app.trace && s.view.selected && s.view.selected.layer === sel.layer) requestNeuron();
  scheduleSave();
}

// Replace the network (import, preset): architecture, features and task follow it.
async function useNetwork(net, { taskHint } = {}) {
  pause();
  const s = app.state;
  net = cloneNet(net);
  archFromNetwork(net);
  const out = net.layers[net.layers.length - 1].biases.length;
  const want = taskHint || (out > 1 ? { kind: "classification", classes: out } : outputUnits(s.task) === 1 ? s.task : { kind: "classification", classes: 2 });
  if (outputUnits(want) !== out) want.classes = out;
  if (JSON.stringify(want) !== JSON.stringify(s.task) && !s.data.custom) {
    s.task = want;
    const d = app.datasets.find((x) => JSON.stringify(taskOfDataset(x.name)) === JSON.stringify(want));
    if (d) s.data.name = d.name;
    await loadData();
  }
  s.network = net;
  resetRun();
  fixSelection();
  networkChanged({ structure: true });
}

async function dataChanged({ datasetSwitch = false, task: newTask = null }) {
  pause();
  const s = app.state;
  if (s.data.custom && !newTask) newTask = s.task;
  await loadData();
  if (newTask && JSON.stringify(newTask) !== JSON.stringify(s.task)) {
    const outChanged = outputUnits(newTask) !== outputUnits(s.task) || newTask.kind !== s.task.kind;
    s.task = newTask;
    if (outChanged) {
      s.arch.output = defaultOutput(newTask);
      if (s.view.addClass >= Math.max(2, newTask.classes)) s.view.addClass = 0;
      paintPoints();
      await rebuild();
      return;
    }
  }
  if (datasetSwitch) {
    resetRun();
    networkChanged({ structure: true });
  } else {
    app.optimizerState = null;
    syncControls();
    refresh();
    scheduleSave();
  }
}

// Click on the plot: move the probe, or add / remove a point of your own data.
function onPlotClick(x, y, e) {
  const s = app.state;
  if (s.view.clickMode !== "add") {
    handlers.onProbe([Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
    return;
  }
  if (!s.data.custom) {
    const base = app.data || { train: { points: [], labels: [] } };
    s.data.custom = { train: { points: base.train.points.slice(), labels: base.train.labels.slice() }, test: { points: [], labels: [] } };
  }
  const tr = s.data.custom.train;
  if (e.altKey || e.ctrlKey || e.metaKey) {
    let best = -1;
    let bd = Infinity;
    tr.points.forEach((p, i) => {
      const d = (p[0] - x) ** 2 + (p[1] - y) ** 2;
      if (d < bd) {
        bd = d;
        best = i;
      }
    });
    if (best >= 0 && bd < 0.6) {
      tr.points.splice(best, 1);
      tr.labels.splice(best, 1);
    }
  } else {
    let label;
    if (s.task.kind === "regression") label = Math.round(x * y * 100) / 1000;
    else {
      const k = Math.max(2, s.task.classes);
      label = e.shiftKey ? (s.view.addClass + 1) % k : s.view.addClass;
    }
    tr.points.push([Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
    tr.labels.push(label);
  }
  app.data = s.data.custom;
  paintPoints();
  paintSurface();
  syncControls();
  scheduleSave();
}

// ------------------------------------------------------------------ presets
async function loadPresets() {
  try {
    const res = await get("/api/presets");
    app.presets = (res.presets || []).filter((p) => {
      const n = p.network;
      return n && Array.isArray(n.layers) && (n.features || (n.layers[0].weights[0] || []).length === 2);
    });
  } catch {
    app.presets = [];
  }
  const list = $("preset-list");
  list.textContent = "";
  const fresh = document.createElement("button");
  fresh.type = "button";
  fresh.setAttribute("data-testid", "preset-fresh");
  fresh.innerHTML = "<b>Start fresh</b><small>the default network on xor, nothing hidden</small>";
  fresh.addEventListener("click", () => {
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      /* nothing saved */
    }
    history.replaceState(null, "", location.pathname + location.search);
    location.reload();
  });
  list.append(fresh, document.createElement("hr"));
  if (!app.presets.length) {
    list.insertAdjacentHTML("beforeend", `<p class="menu-empty">No presets on this server.</p>`);
    return;
  }
  for (const p of app.presets) {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("data-testid", "preset");
    b.dataset.name = p.name;
    b.innerHTML = `<b></b><small></small>`;
    b.querySelector("b").textContent = p.title || p.name;
    b.querySelector("small").textContent = p.description || "";
    b.addEventListener("click", async () => {
      $("preset-menu").open = false;
      await applyPreset(p);
      toast(`Preset: ${p.title || p.name}`);
    });
    list.append(b);
  }
}

async function applyPreset(p) {
  const s = app.state;
  const st = p.settings || {};
  const ds = p.dataset;
  let taskHint = null;
  if (ds && ds.name) {
    s.data.custom = null;
    s.data.name = ds.name;
    if (ds.n) s.data.n = ds.n;
    if (ds.noise !== undefined) s.data.noise = ds.noise;
    if (ds.seed !== undefined) s.data.seed = ds.seed;
    if (ds.train_fraction !== undefined) s.data.trainFraction = ds.train_fraction;
    taskHint = taskOfDataset(ds.name);
  } else if (ds && ds.train) {
    s.data.custom = { train: ds.train, test: ds.test || { points: [], labels: [] } };
  }
  const opt = st.optimizer;
  if (typeof opt === "string") s.train.optimizer = opt;
  else if (opt && opt.name) {
    s.train.optimizer = opt.name;
    if (opt.learning_rate) s.train.lr = opt.learning_rate;
  }
  if (st.learning_rate) s.train.lr = st.learning_rate;
  if (st.batch_size) s.train.batchSize = st.batch_size;
  const reg = st.regularization;
  if (reg && typeof reg === "object" && reg.kind) {
    s.train.reg = reg.kind;
    s.train.regRate = reg.rate || 0;
  } else if (typeof reg === "string") s.train.reg = reg;
  else if (reg === null) s.train.reg = "none";
  if (typeof st.regularization_rate === "number") s.train.regRate = st.regularization_rate;
  if (Array.isArray(st.probe) && st.probe.length === 2) s.view.probe = st.probe.map(Number);
  if (st.show_test !== undefined) s.view.showTest = !!st.show_test;
  if (st.discretize !== undefined) s.view.discretize = !!st.discretize;
  if (Array.isArray(st.hide)) s.hide = st.hide;
  if (taskHint) s.task = taskHint;
  await loadData();
  await useNetwork(p.network, { taskHint: taskHint || undefined });
  syncControls();
}

// ------------------------------------------------------------------ start-up
async function restoreState() {
  const h = parseHash();
  let saved = null;
  if (h.s) {
    try {
      saved = await decodeState(h.s);
    } catch (e) {
      toast("This link is damaged: starting fresh", "error");
    }
  } else if (!h.preset) saved = await loadLocal();
  app.state = fromSaved(saved);
  if (h.hide) app.state.hide = h.hide;
  return h;
}

async function main() {
  const root = $("playground");
  app.controls = new Controls(handlers);
  app.diagram = new Diagram($("diagram"), handlers);
  app.inspector = new Inspector(handlers);
  app.inspector.onBack = () => {
    const sel = app.state.view.selected;
    if (!sel) return;
    const el = sel.kind === "edge" ? app.diagram.edgeElement(sel.layer, sel.index, sel.from) : app.diagram.neuronElement(sel.layer, sel.index);
    if (el) el.focus();
  };
  app.surfacePlot = new SurfacePlot($("surface"), { onClick: onPlotClick });
  app.surface3d = new Surface3D($("surface3d"));
  app.lossChart = new LossChart($("loss-chart"));
  app.responseCurve = new ResponseCurve($("response"));
  app.trainer = new Trainer({
    request: trainRequest, apply: applyTrain, paint: paintTrain, onStop: onTrainStop,
    onError: (e) => showError(e, "Training"),
  });
  setupChannels();

  const hashInfo = await restoreState();
  const [dsl, acts] = await Promise.all([
    listDatasets().catch(() => []),
    get("/api/activations").then((r) => r.activations.map((a) => a.name)).catch(() => null),
  ]);
  app.datasets = dsl.filter((d) => (d.inputs || 2) === 2);
  if (acts) app.activations = acts;
  app.controls.buildDatasets(app.datasets, (name) => handlers.onDataset(name));
  const presetsLoaded = loadPresets();

  const s = app.state;
  if (!s.data.custom) {
    const t = taskOfDataset(s.data.name);
    if (t) s.task = t;
  }
  if (hashInfo.preset) {
    await presetsLoaded;
    const p = app.presets.find((x) => x.name === hashInfo.preset);
    if (p) {
      await applyPreset(p);
      if (hashInfo.hide) s.hide = hashInfo.hide;
    } else toast(`Unknown preset "${hashInfo.preset}"`, "error");
  }
  if (!app.state.network || layerSizes(app.state.network).length !== app.state.arch.hidden.length + 1) {
    if (app.state.network) archFromNetwork(app.state.network);
    else {
      app.state.arch.output = defaultOutput(app.state.task);
      try {
        app.state.network = await buildNetwork({ keep: false });
      } catch (e) {
        showError(e, "Could not create the network");
        root.dataset.loading = "false";
        return;
      }
    }
  } else archFromNetwork(app.state.network);
  if (!app.state.start) app.state.start = cloneNet(app.state.network);
  fixSelection();
  await loadData();
  syncControls();
  networkChanged({ structure: true });
  root.dataset.loading = "false";

  // thumbnails for the dataset tiles, after the first paint
  setTimeout(async () => {
    for (const d of app.datasets) {
      try {
        const data = await fetchDataset({ name: d.name, n: 160, noise: 0, seed: 0, trainFraction: 1 });
        app.controls.drawThumb(d.name, data, d.task);
      } catch {
        /* a missing thumbnail is not an error worth a message */
      }
    }
  }, 50);

  // a link pasted into the address bar while the page is open (our own saves use replaceState,
  // which fires no hashchange): start again from it
  window.addEventListener("hashchange", () => location.reload());
}

// Resolves when every request is answered and the page has painted the result.
// With {metrics: false} it does not wait for the loss numbers (they follow the picture).
app.whenPainted = async ({ metrics = true } = {}) => {
  const chans = () => [app.surfaceCh, app.forwardCh, app.neuronCh, ...(metrics ? [app.metricsCh] : [])];
  for (let i = 0; i < 4; i++) {
    await app.whenNotBusy();
    await Promise.all([...chans().map((c) => c.whenIdle()), app.trainer.whenIdle()]);
    if (metrics) await new Promise((r) => setTimeout(r, 0)); // the metrics request starts in a then()
    await nextPaint();
    if (chans().every((c) => c.idle)) break;
  }
};
// Track the handlers' async work, so whenPainted() also waits for a rebuild or a data load.
app.busy = 0;
app.idleWaiters = [];
for (const [name, fn] of Object.entries(handlers)) {
  handlers[name] = (...args) => {
    const r = fn(...args);
    if (!r || typeof r.then !== "function") return r;
    app.busy++;
    return r.finally(() => {
      app.busy--;
      if (!app.busy) app.idleWaiters.splice(0).forEach((w) => w());
    });
  };
}
app.whenNotBusy = () => (app.busy ? new Promise((r) => app.idleWaiters.push(r)) : Promise.resolve());
app.handlers = handlers;

function start() {
  if (!window.Plotly) {
    setTimeout(start, 10);
    return;
  }
  main().catch((e) => {
    console.error(e);
    showError(e, "Start-up");
  });
}
start();
