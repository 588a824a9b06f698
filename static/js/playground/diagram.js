// The network diagram: input features, hidden layers and output as columns of neurons (HTML
// buttons with a small heatmap canvas each), every edge an SVG path (colour = sign,
// thickness = |w|). Rebuilt only when the shape changes (diagram-build.js); otherwise only the
// attributes whose value changed are written.

import { setAttr, setText } from "../lib/dom.js";
import { fixed as fmt, short } from "../lib/format.js";
import { DIVERGING, classCss, classLut, classTextCss, divergingCss, divergingMap, edgeWidth } from "../lib/palette.js";
import { buildDiagram, layoutDiagram, neuronName } from "./diagram-build.js";
import { itemOf, nearestEdge, onDiagramKey, setTabStop } from "./diagram-input.js";
import { paintDecoded } from "./paint.js";
import { FEATURE_LABELS } from "./state.js";

export { neuronName };

export class Diagram {
  constructor(root, cb) {
    this.root = root;
    this.svg = root.querySelector("svg.edges");
    this.nodesEl = root.querySelector(".nodes");
    this.headsEl = root.querySelector(".layer-heads");
    // hover previews come from a real mouse only: a tap's compatibility mouse events would
    // leave a preview behind (a tap shows it on purpose: _nodeClick)
    this.rawCb = cb;
    this.cb = new Proxy(cb, { get: (t, k) => (k === "onHover" ? (h) => this._mouseHover(h) : t[k]) });
    this.pointerType = "mouse";
    this.preview = null;
    this.sig = "";
    this.net = null;
    this.edgeMode = "weight";
    this.trace = null;
    this.selected = null;
    this.hide = new Set();
    new ResizeObserver(() => this.layout()).observe(root);
    this.svg.addEventListener("focusin", (e) => this._label(e));
    this.svg.addEventListener("pointerover", (e) => this._label(e));
    this.svg.addEventListener("click", (e) => this._edgeClick(e));
    this.svg.addEventListener("pointerover", (e) => this._edgeHover(e, true));
    this.svg.addEventListener("pointerout", (e) => this._edgeHover(e, false));
    this.svg.setAttribute("tabindex", "-1"); // the SVG itself is no tab stop: its edges are (one of them)
    root.addEventListener("keydown", (e) => onDiagramKey(this, e));
    root.addEventListener("focusin", (e) => this._focusPreview(e, true));
    root.addEventListener("focusout", (e) => this._focusPreview(e, false));
    const track = (e) => {
      this.pointerType = e.pointerType || "mouse";
      // a tap anywhere but a neuron or the plot ends a tap's preview
      if (e.type === "pointerdown" && this.preview && this.pointerType !== "mouse" && e.target.closest &&
          !e.target.closest(".neuron, #surface")) this._showPreview(null);
    };
    document.addEventListener("pointerdown", track, true);
    document.addEventListener("pointerover", track, true);
  }

  _mouseHover(h) {
    if (this.pointerType !== "mouse") return;
    this.preview = null;
    this.rawCb.onHover(h);
  }

  _showPreview(h) {
    this.preview = h;
    this.rawCb.onHover(h);
  }

  // A tap (touch, pen) on a neuron selects it and shows what a mouse hover shows: its output
  // full size in the big plot; a second tap on it, or a tap elsewhere, hides that again.
  _nodeClick(l, j) {
    const sel = { kind: "neuron", layer: l, index: j };
    this.cb.onSelect(sel, true);
    if (this.pointerType === "mouse") return;
    const same = this.preview && this.preview.layer === l && this.preview.index === j;
    this._showPreview(same ? null : sel);
  }

  // Keyboard focus on a neuron or an input shows what a hover shows.
  _focusPreview(e, on) {
    const it = itemOf(this, e.target);
    if (!it || it.kind === "edge") return;
    if (!on) {
      if (this.focusShown) this.rawCb.onHover((this.focusShown = null));
      return;
    }
    if (!e.target.matches(":focus-visible")) return;
    const node = it.kind === "feature" ? this.inputNodes[it.k] : null;
    const h = node ? (node.active ? { kind: "feature", index: node.index } : null) : it;
    if (h) this.rawCb.onHover((this.focusShown = h));
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
      buildDiagram(this);
    }
    this.setWeights(model.network);
  }

  layout() {
    layoutDiagram(this);
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
          setAttr(e.vis, "stroke", v >= 0 ? "var(--pos)" : "var(--neg)");
          setAttr(e.vis, "stroke-width", edgeWidth(v).toFixed(2));
          setAttr(e.vis, "stroke-opacity", Math.min(1, 0.45 + 0.45 * Math.abs(v)).toFixed(2));
          e.w = w;
          e.v = prevA ? v : null;
          e.grad = g;
          if (e.labelled) this._labelEdge(e, l, j, i);
        }
      }
      if (l === net.layers.length - 1) this._drawTop();
      this.neurons[l].forEach((n, j) => {
        const b = layer.biases[j];
        if (n.b === b) return;
        n.b = b;
        n.bias.style.background = b >= 0 ? "var(--pos)" : "var(--neg)";
        const r = Math.max(5, Math.min(11, 5 + 2.5 * Math.abs(b)));
        n.bias.style.width = n.bias.style.height = `${r}px`;
        n.el.title = `${n.name}: bias ${fmt(b, 4)}`;
      });
    });
  }

  // An edge's title and aria-label are written when it is first hovered or focused, then kept
  // up to date: hundreds of labels per frame would cost more than the picture.
  _label(e) {
    const g = e.target.closest && e.target.closest("g.edge");
    if (!g) return;
    const l = +g.dataset.layer;
    const j = +g.dataset.to;
    const i = +g.dataset.from;
    const edge = this.edges[l] && this.edges[l][j] && this.edges[l][j][i];
    if (!edge || edge.labelled) return;
    edge.labelled = true;
    this._labelEdge(edge, l, j, i);
  }

  _labelEdge(e, l, j, i) {
    const net = this.net;
    const src = l === 0 ? FEATURE_LABELS[net.features ? net.features[i] : `x${i + 1}`] || `input ${i + 1}` : this.neurons[l - 1][i].name;
    const label = `Weight ${src} → ${this.neurons[l][j].name} = ${fmt(e.w, 4)}` + (e.v !== null ? `, w·a = ${fmt(e.v, 4)}` : "") + (e.grad !== null ? `, ∂L/∂w = ${fmt(e.grad, 5)}` : "");
    e.title.textContent = label;
    e.g.setAttribute("aria-label", label);
  }

  setGradients(grads) {
    this.grads = grads;
    if (this.edgeMode === "gradient" && this.net) this.setWeights(this.net);
  }

  setEdgeMode(mode) {
    if (mode === this.edgeMode) return;
    this.edgeMode = mode;
    if (this.net) this.setWeights(this.net);
  }

  _inputActivations(l) {
    if (!this.trace) return null;
    if (l === 0) return this.trace.features || this.trace.point;
    return this.trace.layers[l - 1] ? this.trace.layers[l - 1].a[0] : null;
  }

  // surface: a decoded frame surface (neurons[l][j] and features[k] grids)
  setSurface(surface) {
    if (!this.neurons || !surface) return;
    const layers = this.net.layers;
    const multi = layers[layers.length - 1].activation === "softmax";
    if (surface.neurons) {
      surface.neurons.forEach((grids, l) => {
        if (!this.neurons[l] || !layers[l]) return;
        const map = divergingMap(layers[l].activation);
        grids.forEach((g, j) => {
          const n = this.neurons[l][j];
          if (!n) return;
          if (multi && l === layers.length - 1) paintDecoded(n.canvas, g, classLut(j), (v) => v * 255);
          else paintDecoded(n.canvas, g, DIVERGING, map);
        });
      });
    }
    if (surface.features) {
      surface.features.forEach((g, k) => {
        const n = this.inputNodes.find((m) => m.index === k && m.active);
        if (!n) return;
        const span = Math.max(Math.abs(g.min), Math.abs(g.max), 1e-9);
        paintDecoded(n.canvas, g, DIVERGING, (v) => (v / span + 1) * 127.5);
      });
    }
  }

  // trace: the frame's probe ({features: [...], layers: [{z: [[...]], a: [[...]]}]}, row 0)
  setTrace(trace) {
    this.trace = trace;
    if (!this.neurons || !trace || !trace.layers) return;
    trace.layers.forEach((layer, l) => {
      const act = this.net.layers[l] ? this.net.layers[l].activation : "linear";
      (this.neurons[l] || []).forEach((n, j) => {
        const a = layer.a[0][j];
        if (n.a === a) return;
        n.a = a;
        n.val.textContent = short(a);
        n.val.style.background = act === "softmax" ? classCss(j, a) : divergingCss(a, act); // softmax: class j's colour
        n.val.style.color = act === "softmax" ? classTextCss(j, a) : Math.abs((a - (act === "sigmoid" || act === "softmax" ? 0.5 : 0)) * (act === "sigmoid" || act === "softmax" ? 2 : 1)) > 0.55 ? "#fff" : "var(--ink)";
        n.val.dataset.value = String(a);
        n.el.dataset.activation = fmt(a, 4);
      });
    });
    if (this.edgeMode === "contribution") this.setWeights(this.net);
  }

  setSelected(sel) {
    if (JSON.stringify(sel) === JSON.stringify(this.selected)) return;
    this.selected = sel;
    this._applySelected();
  }

  _applySelected() {
    if (!this.neurons) return;
    this.root.querySelectorAll(".selected").forEach((e) => e.classList.remove("selected"));
    const s = this.selected;
    if (s && s.kind === "neuron" && this.neurons[s.layer] && this.neurons[s.layer][s.index]) {
      this.neurons[s.layer][s.index].el.classList.add("selected");
    } else if (s && s.kind === "edge") {
      const e = this.edges[s.layer] && this.edges[s.layer][s.index] && this.edges[s.layer][s.index][s.from];
      if (e) e.g.classList.add("selected");
    }
    setTabStop(this, s);
    this._drawTop();
  }

  // The selected edge drawn on top of the others by a copy of its path (moving the edge itself
  // in the SVG would blur it: the next key would go nowhere).
  _drawTop() {
    const t = this.topPath;
    if (!t) return;
    const s = this.selected;
    const e = s && s.kind === "edge" && this.edges[s.layer] && this.edges[s.layer][s.index] && this.edges[s.layer][s.index][s.from];
    t.style.display = e ? "" : "none";
    if (e) for (const a of ["d", "stroke", "stroke-width"]) setAttr(t, a, e.vis.getAttribute(a) || "");
    // what an edge's tooltip says, in view for a tap (no hover on a touch screen)
    if (e && !e.labelled) {
      e.labelled = true;
      this._labelEdge(e, s.layer, s.index, s.from);
    }
    setText(document.getElementById("edge-detail"), e ? `Selected: ${e.title.textContent}` : "");
  }

  neuronElement(layer, index) {
    return this.neurons && this.neurons[layer] && this.neurons[layer][index] ? this.neurons[layer][index].el : null;
  }

  edgeElement(layer, to, from) {
    const e = this.edges && this.edges[layer] && this.edges[layer][to] && this.edges[layer][to][from];
    return e ? e.g : null;
  }

  _edgeClick(e) {
    const hit = e.target.closest("g.edge");
    const g = nearestEdge(this.svg, e) || hit;
    if (!g) return;
    this.cb.onSelect({ kind: "edge", layer: +g.dataset.layer, index: +g.dataset.to, from: +g.dataset.from }, true);
    if (g !== hit && document.activeElement === hit) g.focus({ preventScroll: true });
  }

  _edgeHover(e, on) {
    const g = e.target.closest("g.edge");
    if (g && (e.pointerType === "mouse" || !on)) g.classList.toggle("hover", on);
  }
}
