// Building and laying out the network diagram's DOM (called by Diagram when the network's shape
// changes, and on resize): the feature column, every neuron as a button with a heatmap canvas,
// every edge as an SVG group with a wide invisible hit path and the visible path.

import { el, svg } from "../lib/dom.js";
import { paintFeature } from "./feature-pictures.js";
import { elementOf, itemOf, setTabStop } from "./diagram-input.js";
import { FEATURES, FEATURE_LABELS, MAX_NEURONS } from "./state.js";

const HEAD_H = 64; // room for the layer heads above the columns

export function neuronName(layer, index, nLayers, outUnits) {
  if (layer === nLayers - 1) return outUnits > 1 ? `Class ${index}` : "Output";
  return `H${layer + 1}.${index + 1}`;
}

// el(tag, className, attrs) as the diagram writes it
const node = (tag, cls, attrs) => el(tag, { ...(attrs || {}), ...(cls ? { class: cls } : {}) });

export function buildDiagram(d) {
  const { network } = d.model;
  const layers = network.layers;
  const feats = network.features || [];
  const focused = itemOf(d, document.activeElement); // kept focused across the rebuild
  d.tabEl = null;
  d.nodesEl.textContent = "";
  d.headsEl.textContent = "";
  d.svg.textContent = "";
  d.inputNodes = [];
  d.neurons = layers.map(() => []);
  d.edges = layers.map(() => []); // edges[l][j][i]
  d.canvases = layers.map(() => []);

  // input column: every feature; active ones are wired in
  const inputHead = node("div", "layer-head input-head");
  inputHead.innerHTML = `<span class="lh-title">Features</span><span class="lh-sub">click to toggle</span>`;
  d.headsEl.append(inputHead);
  d.heads = [inputHead];
  for (const f of FEATURES) {
    const active = feats.includes(f);
    const b = node("button", "node input-node" + (active ? " active" : ""), {
      type: "button", "data-testid": "feature", "data-feature": f, "aria-pressed": String(active),
      title: active ? `${FEATURE_LABELS[f]}: click to remove this input` : `${FEATURE_LABELS[f]}: click to use this input`,
      "aria-label": `Input feature ${FEATURE_LABELS[f]}`,
    });
    if (d.hide.has("features")) b.disabled = true;
    const c = node("canvas");
    paintFeature(c, f); // every feature's picture, on or off (the frame repaints the active ones)
    const lab = node("span", "feat-label");
    lab.textContent = FEATURE_LABELS[f];
    b.append(c, lab);
    b.addEventListener("click", () => d.cb.onToggleFeature(f));
    b.addEventListener("mouseenter", () => active && d.cb.onHover({ kind: "feature", index: feats.indexOf(f) }));
    b.addEventListener("mouseleave", () => d.cb.onHover(null));
    d.nodesEl.append(b);
    d.inputNodes.push({ el: b, canvas: c, feature: f, active, index: feats.indexOf(f) });
  }

  d.inputNodes.forEach((n) => n.el.setAttribute("tabindex", "-1")); // the diagram is one tab stop
  // neurons, layer by layer
  const nLayers = layers.length;
  const outUnits = layers[nLayers - 1].biases.length;
  layers.forEach((layer, l) => {
    const isOut = l === nLayers - 1;
    const head = node("div", "layer-head" + (isOut ? " output-head" : ""));
    const title = node("span", "lh-title");
    title.innerHTML = isOut ? `Out<span class="lh-long">put</span>` : `<span class="lh-long">Layer </span><span class="lh-short">L</span>${l + 1}`;
    head.append(title);
    if (!isOut && !d.hide.has("neurons")) {
      const pm = node("span", "lh-pm");
      const add = node("button", "btn btn-icon btn-sm btn-round", {
        type: "button", "data-testid": "neuron-add", "data-layer": l, "aria-label": `Add a neuron to layer ${l + 1}`,
      });
      add.textContent = "+";
      add.disabled = layer.biases.length >= MAX_NEURONS;
      const rem = node("button", "btn btn-icon btn-sm btn-round", {
        type: "button", "data-testid": "neuron-remove", "data-layer": l, "aria-label": `Remove a neuron from layer ${l + 1}`,
      });
      rem.textContent = "−";
      rem.disabled = layer.biases.length <= 1;
      add.addEventListener("click", () => d.cb.onLayerNeurons(l, +1));
      rem.addEventListener("click", () => d.cb.onLayerNeurons(l, -1));
      pm.append(add, rem);
      head.append(pm);
    }
    const choices = isOut ? d.model.outputChoices : d.model.activations.filter((a) => a !== "softmax");
    const sel = node("select", "lh-act", {
      "data-testid": "layer-activation", "data-layer": l, "aria-label": `Activation of ${isOut ? "the output layer" : `layer ${l + 1}`}`,
    });
    for (const a of choices) {
      const o = node("option");
      o.value = a;
      o.textContent = a;
      sel.append(o);
    }
    if (!choices.includes(layer.activation)) {
      const o = node("option");
      o.value = layer.activation;
      o.textContent = layer.activation;
      sel.append(o);
    }
    sel.value = layer.activation;
    sel.disabled = d.hide.has("activation");
    sel.addEventListener("change", () => d.cb.onLayerActivation(l, sel.value));
    head.append(sel);
    d.headsEl.append(head);
    d.heads.push(head);

    for (let j = 0; j < layer.biases.length; j++) {
      const name = neuronName(l, j, nLayers, outUnits);
      const b = node("button", "node neuron" + (isOut ? " output" : ""), {
        type: "button", "data-testid": "neuron", "data-layer": l, "data-index": j, tabindex: "-1",
        "aria-label": `Neuron ${name}: Enter edits its bias, + and − nudge it`,
      });
      const c = node("canvas");
      c.width = 1;
      c.height = 1;
      const val = node("span", "act num", { "data-testid": "activation" });
      val.textContent = "";
      const bias = node("span", "bias-dot", { "data-testid": "bias", "aria-hidden": "true" });
      b.append(c, val, bias);
      b.addEventListener("click", () => d._nodeClick(l, j));
      b.addEventListener("mouseenter", () => d.cb.onHover({ kind: "neuron", layer: l, index: j }));
      b.addEventListener("mouseleave", () => d.cb.onHover(null));
      d.nodesEl.append(b);
      d.neurons[l].push({ el: b, canvas: c, val, bias, name });
    }

    // edges into this layer
    const nIn = layer.weights[0] ? layer.weights[0].length : 0;
    for (let j = 0; j < layer.biases.length; j++) {
      const row = [];
      for (let i = 0; i < nIn; i++) {
        const g = svg("g", { class: "edge", "data-testid": "edge", "data-layer": l, "data-to": j, "data-from": i, tabindex: "-1", role: "button", "aria-label": "Weight" });
        const hit = svg("path", { class: "e-hit" });
        const vis = svg("path", { class: "e-vis" });
        const t = svg("title");
        g.append(t, hit, vis);
        d.svg.append(g);
        row.push({ g, hit, vis, title: t });
      }
      d.edges[l].push(row);
    }
  });
  d.topPath = svg("path", { class: "e-top", "aria-hidden": "true" }); // the selected edge, on top
  d.svg.append(d.topPath);
  // room for every neuron: a tall column makes the diagram taller (the page scrolls)
  const maxN = Math.max(FEATURES.length, ...layers.map((l) => l.biases.length));
  d.root.style.minHeight = `${HEAD_H + 20 + maxN * 34}px`;
  layoutDiagram(d);
  d._applySelected();
  if (focused && elementOf(d, focused)) {
    setTabStop(d, focused);
    elementOf(d, focused).focus();
  }
  if (d.trace) d.setTrace(d.trace);
  d.setWeights(d.net);
}

export function layoutDiagram(d) {
  if (!d.net || !d.inputNodes) return;
  const W = d.root.clientWidth;
  const H = d.root.clientHeight;
  if (!W || !H) return;
  d.svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  d.svg.setAttribute("width", W);
  d.svg.setAttribute("height", H);
  const layers = d.net.layers;
  const cols = layers.length + 1;
  const counts = [FEATURES.length, ...layers.map((l) => l.biases.length)];
  const maxN = Math.max(...counts);
  const top = HEAD_H + 6;
  const avail = H - top - 8;
  const spacing = Math.min(avail / maxN, 86);
  const size = Math.max(18, Math.min(W > 900 ? 62 : 54, spacing * 0.74, (W / cols) * 0.36));
  d.size = size;
  const left = 58 + size / 2;
  const right = 40 + size / 2;
  const colX = (c) => (cols === 1 ? W / 2 : left + (c * (W - left - right)) / (cols - 1));
  const yOf = (n, j, sp) => top + avail / 2 + (j - (n - 1) / 2) * sp;
  d.pos = [];
  // inputs (all 7 features; spacing of their own, capped)
  const inSp = Math.min(avail / FEATURES.length, spacing * 1.15, 84);
  const inPos = [];
  d.inputNodes.forEach((n, k) => {
    const x = colX(0);
    const y = yOf(FEATURES.length, k, inSp);
    place(n.el, x, y, size);
    if (n.active) inPos[n.index] = [x, y];
  });
  d.pos.push(inPos);
  layers.forEach((layer, l) => {
    const n = layer.biases.length;
    const ps = [];
    for (let j = 0; j < n; j++) {
      const x = colX(l + 1);
      const y = yOf(n, j, spacing);
      place(d.neurons[l][j].el, x, y, size);
      ps.push([x, y]);
    }
    d.pos.push(ps);
  });
  // heads: compact when the columns are narrow
  const colW = (W - left - right) / Math.max(1, cols - 1);
  const compact = colW < 96;
  d.root.classList.toggle("compact", compact);
  d.root.classList.toggle("tiny", size < 26);
  d.heads.forEach((h, c) => {
    const w = compact ? Math.max(40, colW - 4) : Math.min(150, colW - 10);
    h.style.left = `${Math.max(0, colX(c) - w / 2)}px`;
    h.style.width = `${w}px`;
  });
  // edge paths
  const half = size / 2;
  layers.forEach((layer, l) => {
    const from = d.pos[l];
    const to = d.pos[l + 1];
    d.edges[l].forEach((row, j) =>
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

function place(node, x, y, size) {
  node.style.left = `${x - size / 2}px`;
  node.style.top = `${y - size / 2}px`;
  node.style.width = `${size}px`;
  node.style.height = `${size}px`;
}

