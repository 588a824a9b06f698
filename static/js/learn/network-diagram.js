// Lesson 4's diagram: an SVG of a small layered network. Edges (weights) and neurons (biases)
// are focusable buttons; each neuron shows its activation a and its sum z.

import { svg as node, setAttr, setText } from "../lib/dom.js";
import { fmt } from "../lib/format.js";
import { edgeWidth } from "../lib/palette.js";

const XS = [215, 465, 705, 910];
const MID = 235;
const GAP = 122;
const R = 42;

const ys = (n) => Array.from({ length: n }, (_, j) => MID + (j - (n - 1) / 2) * GAP);
// Edge thickness for |w|: this diagram's edges are long, so they start thicker than the playground's.
const EDGE = { min: 1.5, per: 3.5, max: 12 };

export function unitName(l, j, sizes) {
  if (l === 0) return null;
  return l === sizes.length - 1 ? "the output neuron" : `hidden ${l}, neuron ${j + 1}`;
}

// Build the SVG once. sizes: [3, 3, 2, 1]; onSelect({kind: "weight"|"bias", layer, j, i}).
export function buildNetwork(svg, sizes, labels, onSelect) {
  svg.replaceChildren();
  const pos = sizes.map((n, l) => ys(n).map((y) => ({ x: XS[l], y })));
  const names = ["Inputs", ...sizes.slice(1, -1).map((_, k) => `Hidden ${k + 1}`), "Output"];
  names.forEach((t, l) => svg.append(node("text", { x: XS[l], y: 26, class: "layer-name", "text-anchor": "middle" }, t)));
  const edges = [];
  const units = [];
  for (let l = 1; l < sizes.length; l++) {
    edges[l - 1] = [];
    for (let j = 0; j < sizes[l]; j++) {
      edges[l - 1][j] = [];
      for (let i = 0; i < sizes[l - 1]; i++) {
        const a = pos[l - 1][i];
        const b = pos[l][j];
        const g = node("g", { class: "edge-group", tabindex: "0", role: "button",
          "data-testid": `edge-${l - 1}-${j}-${i}` });
        const from = l === 1 ? labels[i] : `hidden ${l - 1}, neuron ${i + 1}`;
        const title = node("title");
        g.append(title);
        g.append(node("line", { x1: a.x + R, y1: a.y, x2: b.x - R, y2: b.y, class: "edge-hit" }));
        const line = node("line", { x1: a.x + R, y1: a.y, x2: b.x - R, y2: b.y, class: "edge" });
        g.append(line);
        const sel = { kind: "weight", layer: l - 1, j, i, label: `weight from ${from} to ${unitName(l, j, sizes)}` };
        g.addEventListener("click", () => onSelect(sel));
        g.addEventListener("keydown", (ev) => {
          if (ev.key === "Enter" || ev.key === " ") {
            ev.preventDefault();
            onSelect(sel);
          }
        });
        svg.append(g);
        edges[l - 1][j][i] = { g, line, title, sel };
      }
    }
  }
  for (let l = 0; l < sizes.length; l++) {
    units[l] = [];
    for (let j = 0; j < sizes[l]; j++) {
      const { x, y } = pos[l][j];
      const g = node("g", { class: "neuron", "data-testid": `unit-${l}-${j}` });
      g.append(node("circle", { cx: x, cy: y, r: R, class: "unit" }));
      const a = node("text", { x, y: l === 0 ? y + 7 : y + 2, class: "n-a", "text-anchor": "middle" }, "…");
      g.append(a);
      let z = null;
      if (l === 0) {
        g.append(node("text", { x: x - R - 10, y: y + 6, class: "n-name", "text-anchor": "end" }, labels[j]));
      } else {
        z = node("text", { x, y: y + 24, class: "n-z", "text-anchor": "middle" }, "");
        g.append(z);
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        const sel = { kind: "bias", layer: l - 1, j, label: `bias of ${unitName(l, j, sizes)}` };
        const title = node("title", {}, `${sel.label}: press Enter to edit`);
        g.append(title);
        g.addEventListener("click", () => onSelect(sel));
        g.addEventListener("keydown", (ev) => {
          if (ev.key === "Enter" || ev.key === " ") {
            ev.preventDefault();
            onSelect(sel);
          }
        });
      }
      svg.append(g);
      units[l][j] = { g, a, z };
    }
  }
  return { edges, units };
}

export function setWeights(parts, params) {
  params.forEach((p, l) => p.weights.forEach((row, j) => row.forEach((w, i) => {
    const e = parts.edges[l][j][i];
    setAttr(e.line, "stroke-width", edgeWidth(w, EDGE));
    setAttr(e.line, "class", `edge ${w < 0 ? "neg" : "pos"}`);
    setText(e.title, `${e.sel.label}: ${fmt(w)} (press Enter to edit)`);
    setAttr(e.g, "aria-label", `${e.sel.label}: ${fmt(w)}`);
  })));
}

export function setSelected(parts, sel) {
  parts.edges.flat(2).forEach((e) => e.g.classList.toggle("is-selected",
    sel.kind === "weight" && e.sel.layer === sel.layer && e.sel.j === sel.j && e.sel.i === sel.i));
  parts.units.slice(1).forEach((layer, l) => layer.forEach((u, j) => u.g.classList.toggle("is-selected",
    sel.kind === "bias" && sel.layer === l && sel.j === j)));
}

// Show one layer's values: l = 0 inputs (a only), l ≥ 1 network layer l − 1 (z and a).
export function showLayer(parts, l, a, z) {
  parts.units[l].forEach((u, j) => {
    u.a.textContent = fmt(a[j], 2);
    u.a.dataset.value = String(a[j]);
    if (u.z) {
      u.z.textContent = `z=${fmt(z[j], 2)}`;
      u.z.dataset.value = String(z[j]);
    }
    u.g.classList.remove("pending");
  });
}

export function setPending(parts, fromUnitLayer) {
  parts.units.forEach((layer, l) => layer.forEach((u) => u.g.classList.toggle("pending", l >= fromUnitLayer)));
}

export function light(parts, l, on) {
  parts.units[l].forEach((u) => u.g.classList.toggle("is-lit", on));
}
