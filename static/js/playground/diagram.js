// The network diagram: input features, hidden layers and output as columns of neurons (HTML
// buttons with a small heatmap canvas each), every edge an SVG path (colour = sign,
// thickness = |w|). Rebuilt only when the shape changes; otherwise attributes are updated.

import { FEATURES, FEATURE_LABELS, MAX_NEURONS } from "./state.js";
import { DIVERGING, classLut, divergingCss, divergingMap, paintGrid } from "../lib/palette.js";
import { decodeGrid } from "../api.js";

const SVGNS = "http://www.w3.org/2000/svg";
const HEAD_H = 64; // room for the layer heads above the columns

export function neuronName(layer, index, nLayers, outUnits) {
  if (layer === nLayers - 1) return outUnits > 1 ? `Class ${index}` : "Output";
  return `H${layer + 1}.${index + 1}`;
}

// Short form for the small value badge on a neuron: always fits in 5 characters.
export function fmtShort(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a < 0.005) return "0.00";
  if (a < 10) return v.toFixed(2);
  if (a < 100) return v.toFixed(1);
  if (a < 1e4) return v.toFixed(0);
  return v.toExponential(0).replace("+", "");
}

export const fmt = (v, d = 3) => {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return (Math.round(v * 10 ** d) / 10 ** d).toFixed(d);
};

function el(tag, cls, attrs) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export class Diagram {
  constructor(root, cb) {
    this.root = root;
    this.svg = root.querySelector("svg.edges");
    this.nodesEl = root.querySelector(".nodes");
    this.headsEl = root.querySelector(".layer-heads");
    this.cb = cb;
    this.sig = "";
    this.net = null;
    this.edgeMode = "weight";
    this.trace = null;
    this.selected = null;
    this.hide = new Set();
    new ResizeObserver(() => this.layout()).observe(root);
    this.svg.addEventListener("click", (e) => this._edgeEvent(e, "click"));
    this.svg.addEventListener("keydown", (e) => this._edgeEvent(e, "key"));
    this.svg.addEventListener("mouseover", (e) => this._edgeHover(e, true));
    this.svg.addEventListener("mouseout", (e) => this._edgeHover(e, false));
  }

  // model: {network, features, activations: [names], task, outputChoices, hide}
  setModel(model) {
    this.model = model;
    this.net = model.network;
    this.hide = new Set(model.hide || []);
    const sig = JSON.stringify([
      model.network.features, model.network.layers.map((l) => [l.biases.length, l.activation]),
      model.activations, model.outputChoices, [...this.hide].sort(),
    ]);
    if (sig !== this.sig) {
      this.sig = sig;
      this._build();
    }
    this.setWeights(model.network);
  }

  _build() {
    const { network } = this.model;
    const layers = network.layers;
    const feats = network.features || [];
    this.nodesEl.textContent = "";
    this.headsEl.textContent = "";
    this.svg.textContent = "";
    this.inputNodes = [];
    this.neurons = layers.map(() => []);
    this.edges = layers.map(() => []); // edges[l][j][i]
    this.canvases = layers.map(() => []);

    // input column: every feature; active ones are wired in
    const inputHead = el("div", "layer-head input-head");
    inputHead.innerHTML = `<span class="lh-title">Features</span><span class="lh-sub">click to toggle</span>`;
    this.headsEl.append(inputHead);
    this.heads = [inputHead];
    for (const f of FEATURES) {
      const active = feats.includes(f);
      const b = el("button", "node input-node" + (active ? " active" : ""), {
        type: "button", "data-testid": "feature", "data-feature": f, "aria-pressed": String(active),
        title: active ? `${FEATURE_LABELS[f]}: click to remove this input` : `${FEATURE_LABELS[f]}: click to use this input`,
        "aria-label": `Input feature ${FEATURE_LABELS[f]}`,
      });
      if (this.hide.has("features")) b.disabled = true;
      const c = el("canvas");
      c.width = 1;
      c.height = 1;
      const lab = el("span", "feat-label");
      lab.textContent = FEATURE_LABELS[f];
      b.append(c, lab);
      b.addEventListener("click", () => this.cb.onToggleFeature(f));
      b.addEventListener("mouseenter", () => active && this.cb.onHover({ kind: "feature", index: feats.indexOf(f) }));
      b.addEventListener("mouseleave", () => this.cb.onHover(null));
      this.nodesEl.append(b);
      this.inputNodes.push({ el: b, canvas: c, feature: f, active, index: feats.indexOf(f) });
    }

    // neurons, layer by layer
    const nLayers = layers.length;
    const outUnits = layers[nLayers - 1].biases.length;
    layers.forEach((layer, l) => {
      const isOut = l === nLayers - 1;
      const head = el("div", "layer-head" + (isOut ? " output-head" : ""));
      const title = el("span", "lh-title");
      title.innerHTML = isOut ? `Out<span class="lh-long">put</span>` : `<span class="lh-long">Layer </span><span class="lh-short">L</span>${l + 1}`;
      head.append(title);
      if (!isOut && !this.hide.has("neurons")) {
        const pm = el("span", "lh-pm");
        const add = el("button", "btn btn-icon btn-sm btn-round", {
          type: "button", "data-testid": "neuron-add", "data-layer": l, "aria-label": `Add a neuron to layer ${l + 1}`,
        });
        add.textContent = "+";
        add.disabled = layer.biases.length >= MAX_NEURONS;
        const rem = el("button", "btn btn-icon btn-sm btn-round", {
          type: "button", "data-testid": "neuron-remove", "data-layer": l, "aria-label": `Remove a neuron from layer ${l + 1}`,
        });
        rem.textContent = "−";
        rem.disabled = layer.biases.length <= 1;
        add.addEventListener("click", () => this.cb.onLayerNeurons(l, +1));
        rem.addEventListener("click", () => this.cb.onLayerNeurons(l, -1));
        pm.append(add, rem);
        head.append(pm);
      }
      const choices = isOut ? this.model.outputChoices : this.model.activations.filter((a) => a !== "softmax");
      const sel = el("select", "lh-act", {
        "data-testid": "layer-activation", "data-layer": l, "aria-label": `Activation of ${isOut ? "the output layer" : `layer ${l + 1}`}`,
      });
      for (const a of choices) {
        const o = el("option");
        o.value = a;
        o.textContent = a;
        sel.append(o);
      }
      if (!choices.includes(layer.activation)) {
        const o = el("option");
        o.value = layer.activation;
        o.textContent = layer.activation;
        sel.append(o);
      }
      sel.value = layer.activation;
      sel.disabled = this.hide.has("activation");
      sel.addEventListener("change", () => this.cb.onLayerActivation(l, sel.value));
      head.append(sel);
      this.headsEl.append(head);
      this.heads.push(head);

      for (let j = 0; j < layer.biases.length; j++) {
        const name = neuronName(l, j, nLayers, outUnits);
        const b = el("button", "node neuron" + (isOut ? " output" : ""), {
          type: "button", "data-testid": "neuron", "data-layer": l, "data-index": j,
          "aria-label": `Neuron ${name}: Enter to edit its bias and inspect it, arrow keys nudge the bias`,
        });
        const c = el("canvas");
        c.width = 1;
        c.height = 1;
        const val = el("span", "act num", { "data-testid": "activation" });
        val.textContent = "";
        const bias = el("span", "bias-dot", { "data-testid": "bias", "aria-hidden": "true" });
        b.append(c, val, bias);
        b.addEventListener("click", () => this.cb.onSelect({ kind: "neuron", layer: l, index: j }, true));
        b.addEventListener("keydown", (e) => this._nodeKey(e, l, j));
        b.addEventListener("mouseenter", () => this.cb.onHover({ kind: "neuron", layer: l, index: j }));
        b.addEventListener("mouseleave", () => this.cb.onHover(null));
        this.nodesEl.append(b);
        this.neurons[l].push({ el: b, canvas: c, val, bias, name });
      }

      // edges into this layer
      const nIn = layer.weights[0] ? layer.weights[0].length : 0;
      for (let j = 0; j < layer.biases.length; j++) {
        const row = [];
        for (let i = 0; i < nIn; i++) {
          const g = document.createElementNS(SVGNS, "g");
          g.setAttribute("class", "edge");
          g.setAttribute("data-testid", "edge");
          g.setAttribute("data-layer", l);
          g.setAttribute("data-to", j);
          g.setAttribute("data-from", i);
          g.setAttribute("tabindex", "0");
          g.setAttribute("role", "button");
          const hit = document.createElementNS(SVGNS, "path");
          hit.setAttribute("class", "e-hit");
          const vis = document.createElementNS(SVGNS, "path");
          vis.setAttribute("class", "e-vis");
          const t = document.createElementNS(SVGNS, "title");
          g.append(t, hit, vis);
          this.svg.append(g);
          row.push({ g, hit, vis, title: t });
        }
        this.edges[l].push(row);
      }
    });
    // room for every neuron: a tall column makes the diagram taller (the page scrolls)
    const maxN = Math.max(FEATURES.length, ...layers.map((l) => l.biases.length));
    this.root.style.minHeight = `${HEAD_H + 20 + maxN * 34}px`;
    this.layout();
    this._applySelected();
    if (this.trace) this.setTrace(this.trace);
  }

  layout() {
    if (!this.net || !this.inputNodes) return;
    const W = this.root.clientWidth;
    const H = this.root.clientHeight;
    if (!W || !H) return;
    this.svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    this.svg.setAttribute("width", W);
    this.svg.setAttribute("height", H);
    const layers = this.net.layers;
    const cols = layers.length + 1;
    const counts = [FEATURES.length, ...layers.map((l) => l.biases.length)];
    const maxN = Math.max(...counts);
    const top = HEAD_H + 6;
    const avail = H - top - 8;
    const spacing = Math.min(avail / maxN, 86);
    const size = Math.max(18, Math.min(W > 900 ? 62 : 54, spacing * 0.74, (W / cols) * 0.36));
    this.size = size;
    const left = 58 + size / 2;
    const right = 40 + size / 2;
    const colX = (c) => (cols === 1 ? W / 2 : left + (c * (W - left - right)) / (cols - 1));
    const yOf = (n, j, sp) => top + avail / 2 + (j - (n - 1) / 2) * sp;
    this.pos = [];
    // inputs (all 7 features; spacing of their own, capped)
    const inSp = Math.min(avail / FEATURES.length, spacing * 1.15, 84);
    const inPos = [];
    this.inputNodes.forEach((n, k) => {
      const x = colX(0);
      const y = yOf(FEATURES.length, k, inSp);
      this._place(n.el, x, y, size);
      if (n.active) inPos[n.index] = [x, y];
    });
    this.pos.push(inPos);
    layers.forEach((layer, l) => {
      const n = layer.biases.length;
      const ps = [];
      for (let j = 0; j < n; j++) {
        const x = colX(l + 1);
        const y = yOf(n, j, spacing);
        this._place(this.neurons[l][j].el, x, y, size);
        ps.push([x, y]);
      }
      this.pos.push(ps);
    });
    // heads: compact when the columns are narrow
    const colW = (W - left - right) / Math.max(1, cols - 1);
    const compact = colW < 96;
    this.root.classList.toggle("compact", compact);
    this.root.classList.toggle("tiny", size < 26);
    this.heads.forEach((h, c) => {
      const w = compact ? Math.max(40, colW - 4) : Math.min(150, colW - 10);
      h.style.left = `${Math.max(0, colX(c) - w / 2)}px`;
      h.style.width = `${w}px`;
    });
    // edge paths
    const half = size / 2;
    layers.forEach((layer, l) => {
      const from = this.pos[l];
      const to = this.pos[l + 1];
      this.edges[l].forEach((row, j) =>
        row.forEach((e, i) => {
          const a = from[i];
          const b = to[j];
          if (!a || !b) return;
          const x0 = a[0] + half + 2;
          const x1 = b[0] - half - 2;
          const mx = (x0 + x1) / 2;
          const d = `M${x0},${a[1]} C${mx},${a[1]} ${mx},${b[1]} ${x1},${b[1]}`;
          e.hit.setAttribute("d", d);
          e.vis.setAttribute("d", d);
        }),
      );
    });
  }

  _place(node, x, y, size) {
    node.style.left = `${x - size / 2}px`;
    node.style.top = `${y - size / 2}px`;
    node.style.width = `${size}px`;
    node.style.height = `${size}px`;
  }

  // Edge colour and width from the weights (or from w·a at the probe in contribution mode).
  setWeights(net) {
    this.net = net;
    if (!this.edges) return;
    const contrib = this.edgeMode === "contribution" && this.trace;
    const grads = this.edgeMode === "gradient" && this.grads && this.grads.length === net.layers.length ? this.grads : null;
    let gmax = 1e-12;
    if (grads) for (const g of grads) for (const row of g.weights) for (const v of row) gmax = Math.max(gmax, Math.abs(v));
    net.layers.forEach((layer, l) => {
      const prevA = contrib ? this._inputActivations(l) : null;
      const gl = grads ? grads[l] : null;
      const rows = this.edges[l];
      for (let j = 0; j < rows.length; j++) {
        const row = rows[j];
        for (let i = 0; i < row.length; i++) {
          const w = layer.weights[j][i];
          const g = gl && gl.weights[j] ? gl.weights[j][i] : null;
          // gradient mode: the direction training will move w (−∂L/∂w), scaled by the largest one
          const v = prevA ? w * prevA[i] : g !== null ? (-g / gmax) * 3 : w;
          const e = row[i];
          e.vis.setAttribute("stroke", v >= 0 ? "var(--pos)" : "var(--neg)");
          e.vis.setAttribute("stroke-width", Math.min(9, 0.9 + 2.2 * Math.abs(v)).toFixed(2));
          e.vis.setAttribute("stroke-opacity", Math.min(1, 0.45 + 0.45 * Math.abs(v)).toFixed(2));
          const src = l === 0 ? FEATURE_LABELS[net.features ? net.features[i] : `x${i + 1}`] || `input ${i + 1}` : this.neurons[l - 1][i].name;
          const label = `Weight ${src} → ${this.neurons[l][j].name} = ${fmt(w, 4)}` + (prevA ? `, w·a = ${fmt(v, 4)}` : "") + (g !== null ? `, ∂L/∂w = ${fmt(g, 5)}` : "");
          e.title.textContent = label;
          e.g.setAttribute("aria-label", label);
        }
      }
      this.neurons[l].forEach((n, j) => {
        const b = layer.biases[j];
        n.bias.style.background = b >= 0 ? "var(--pos)" : "var(--neg)";
        const r = Math.max(5, Math.min(11, 5 + 2.5 * Math.abs(b)));
        n.bias.style.width = n.bias.style.height = `${r}px`;
        n.el.title = `${n.name}: bias ${fmt(b, 4)}`;
      });
    });
  }

  setGradients(grads) {
    this.grads = grads;
    if (this.edgeMode === "gradient" && this.net) this.setWeights(this.net);
  }

  setEdgeMode(mode) {
    this.edgeMode = mode;
    if (this.net) this.setWeights(this.net);
  }

  _inputActivations(l) {
    if (!this.trace) return null;
    if (l === 0) return this.trace.features ? this.trace.features[0] : this.trace.inputs;
    return this.trace.layers[l - 1] ? this.trace.layers[l - 1].a[0] : null;
  }

  // surface: the /api/surface response (neurons[l][j] grids, features grids)
  setSurface(surface) {
    if (!this.neurons || !surface) return;
    const layers = this.net.layers;
    const multi = layers[layers.length - 1].activation === "softmax";
    if (surface.neurons) {
      surface.neurons.forEach((grids, l) => {
        if (!this.neurons[l]) return;
        const act = layers[l].activation;
        grids.forEach((g, j) => {
          const n = this.neurons[l][j];
          if (!n) return;
          const flat = decodeGrid(g);
          const [rows, cols] = g.shape;
          if (multi && l === layers.length - 1) paintGrid(n.canvas, flat, rows, cols, classLut(j), (v) => v * 255);
          else paintGrid(n.canvas, flat, rows, cols, DIVERGING, divergingMap(act));
        });
      });
    }
    if (surface.features) {
      surface.features.forEach((g, k) => {
        const n = this.inputNodes.find((m) => m.index === k && m.active);
        if (!n) return;
        const [rows, cols] = g.shape;
        const span = Math.max(Math.abs(g.min), Math.abs(g.max), 1e-9);
        paintGrid(n.canvas, decodeGrid(g), rows, cols, DIVERGING, (v) => (v / span + 1) * 127.5);
      });
    }
  }

  // trace: {features: [[...]], inputs: [...], layers: [{z: [[...]], a: [[...]]}]} for the probe (row 0)
  setTrace(trace) {
    this.trace = trace;
    if (!this.neurons || !trace || !trace.layers) return;
    trace.layers.forEach((layer, l) => {
      const act = this.net.layers[l] ? this.net.layers[l].activation : "linear";
      (this.neurons[l] || []).forEach((n, j) => {
        const a = layer.a[0][j];
        n.val.textContent = fmtShort(a);
        n.val.style.background = divergingCss(a, act);
        n.val.style.color = Math.abs((a - (act === "sigmoid" || act === "softmax" ? 0.5 : 0)) * (act === "sigmoid" || act === "softmax" ? 2 : 1)) > 0.55 ? "#fff" : "var(--ink)";
        n.val.dataset.value = String(a);
        n.el.dataset.activation = fmt(a, 4);
      });
    });
    if (this.edgeMode === "contribution") this.setWeights(this.net);
  }

  setSelected(sel) {
    this.selected = sel;
    this._applySelected();
  }

  _applySelected() {
    if (!this.neurons) return;
    this.root.querySelectorAll(".selected").forEach((e) => e.classList.remove("selected"));
    const s = this.selected;
    if (!s) return;
    if (s.kind === "neuron" && this.neurons[s.layer] && this.neurons[s.layer][s.index]) {
      this.neurons[s.layer][s.index].el.classList.add("selected");
    } else if (s.kind === "edge") {
      const e = this.edges[s.layer] && this.edges[s.layer][s.index] && this.edges[s.layer][s.index][s.from];
      if (e) {
        e.g.classList.add("selected");
        e.g.parentNode.append(e.g); // draw on top
      }
    }
  }

  neuronElement(layer, index) {
    return this.neurons && this.neurons[layer] && this.neurons[layer][index] ? this.neurons[layer][index].el : null;
  }

  edgeElement(layer, to, from) {
    const e = this.edges && this.edges[layer] && this.edges[layer][to] && this.edges[layer][to][from];
    return e ? e.g : null;
  }

  _edgeEvent(e, kind) {
    const g = e.target.closest("g.edge");
    if (!g) return;
    const sel = { kind: "edge", layer: +g.dataset.layer, index: +g.dataset.to, from: +g.dataset.from };
    if (kind === "click") {
      this.cb.onSelect(sel, true);
      return;
    }
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.cb.onSelect(sel, true, true);
    } else if (["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(e.key)) {
      e.preventDefault();
      const step = e.shiftKey ? 1 : e.altKey ? 0.01 : 0.1;
      this.cb.onSelect(sel, false);
      this.cb.onNudge(sel, e.key === "ArrowUp" || e.key === "ArrowRight" ? step : -step);
    }
  }

  _edgeHover(e, on) {
    const g = e.target.closest("g.edge");
    if (g) g.classList.toggle("hover", on);
  }

  _nodeKey(e, l, j) {
    const sel = { kind: "neuron", layer: l, index: j };
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.cb.onSelect(sel, true, true);
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      e.preventDefault();
      const step = e.shiftKey ? 1 : e.altKey ? 0.01 : 0.1;
      this.cb.onSelect(sel, false);
      this.cb.onNudge(sel, e.key === "ArrowUp" ? step : -step);
    }
  }
}
