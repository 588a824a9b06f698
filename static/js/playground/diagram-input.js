// The network diagram's keyboard and pointer helpers. The diagram is ONE tab stop (a roving
// tabindex over the feature buttons, the neurons and the edges) with the arrow keys inside it:
//   ↑ ↓   the previous / next item of the column (a layer's neurons; the weights into a layer,
//         grouped by the neuron they feed), Home / End the first / last one;
//   ← →   between the columns: from a neuron to its first incoming (←) or outgoing (→) weight,
//         from a weight to its source (←) or its target (→) neuron;
//   Enter edit the value (the editor's field); + / − nudge it by 0.1 (Alt: 0.01), Page Up /
//         Page Down by 1.
// An item here: {kind: "feature", k} (k: the button's place among every feature), or a selection
// ({kind: "neuron", layer, index} / {kind: "edge", layer, index, from}).

// The item an element of the diagram stands for, or null.
export function itemOf(d, target) {
  if (!target || !target.closest || !d.root.contains(target)) return null;
  const g = target.closest("g.edge");
  if (g) return { kind: "edge", layer: +g.dataset.layer, index: +g.dataset.to, from: +g.dataset.from };
  const n = target.closest(".node");
  if (!n) return null;
  if (n.dataset.feature) return { kind: "feature", k: d.inputNodes.findIndex((m) => m.el === n) };
  return { kind: "neuron", layer: +n.dataset.layer, index: +n.dataset.index };
}

export function elementOf(d, it) {
  if (!it || !d.neurons) return null;
  if (it.kind === "feature") return d.inputNodes[it.k] ? d.inputNodes[it.k].el : null;
  if (it.kind === "neuron") return d.neuronElement(it.layer, it.index);
  if (it.kind === "edge") return d.edgeElement(it.layer, it.index, it.from);
  return null;
}

const nIn = (d, l) => (d.edges[l] && d.edges[l][0] ? d.edges[l][0].length : 0);

// Where a key leads from an item (null: nowhere).
export function move(d, it, key) {
  const L = d.neurons.length;
  if (it.kind === "feature") {
    const n = d.inputNodes.length;
    const node = d.inputNodes[it.k];
    if (key === "ArrowUp") return it.k > 0 ? { kind: "feature", k: it.k - 1 } : null;
    if (key === "ArrowDown") return it.k < n - 1 ? { kind: "feature", k: it.k + 1 } : null;
    if (key === "Home") return { kind: "feature", k: 0 };
    if (key === "End") return { kind: "feature", k: n - 1 };
    if (key === "ArrowRight") {
      if (node.active && d.edges[0] && d.edges[0].length) return { kind: "edge", layer: 0, index: 0, from: node.index };
      return { kind: "neuron", layer: 0, index: Math.min(it.k, d.neurons[0].length - 1) };
    }
    return null;
  }
  if (it.kind === "neuron") {
    const n = d.neurons[it.layer].length;
    const at = (index) => ({ kind: "neuron", layer: it.layer, index });
    if (key === "ArrowUp") return it.index > 0 ? at(it.index - 1) : null;
    if (key === "ArrowDown") return it.index < n - 1 ? at(it.index + 1) : null;
    if (key === "Home") return at(0);
    if (key === "End") return at(n - 1);
    if (key === "ArrowRight") return it.layer + 1 < L ? { kind: "edge", layer: it.layer + 1, index: 0, from: it.index } : null;
    if (key === "ArrowLeft") {
      if (nIn(d, it.layer)) return { kind: "edge", layer: it.layer, index: it.index, from: 0 };
      return it.layer === 0 ? { kind: "feature", k: 0 } : null;
    }
    return null;
  }
  if (it.kind === "edge") {
    const m = nIn(d, it.layer);
    const n = d.edges[it.layer].length;
    const at = (index, from) => ({ kind: "edge", layer: it.layer, index, from });
    if (key === "ArrowDown") return it.from < m - 1 ? at(it.index, it.from + 1) : it.index < n - 1 ? at(it.index + 1, 0) : null;
    if (key === "ArrowUp") return it.from > 0 ? at(it.index, it.from - 1) : it.index > 0 ? at(it.index - 1, m - 1) : null;
    if (key === "Home") return at(0, 0);
    if (key === "End") return at(n - 1, m - 1);
    if (key === "ArrowRight") return { kind: "neuron", layer: it.layer, index: it.index };
    if (key === "ArrowLeft") {
      if (it.layer > 0) return { kind: "neuron", layer: it.layer - 1, index: it.from };
      const k = d.inputNodes.findIndex((x) => x.active && x.index === it.from);
      return k >= 0 ? { kind: "feature", k } : null;
    }
  }
  return null;
}

// Make this item the diagram's one tab stop.
export function setTabStop(d, it) {
  const el = elementOf(d, it) || elementOf(d, { kind: "neuron", layer: 0, index: 0 });
  if (!el || el === d.tabEl) return;
  if (d.tabEl) d.tabEl.setAttribute("tabindex", "-1");
  el.setAttribute("tabindex", "0");
  d.tabEl = el;
}

const NAV = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"];

// The step a key nudges by, or 0.
function nudgeStep(e) {
  if (e.key === "PageUp") return 1;
  if (e.key === "PageDown") return -1;
  const small = e.altKey ? 0.01 : 0.1;
  if (e.key === "+" || e.key === "=" || e.code === "NumpadAdd" || e.code === "Equal") return small;
  if (e.key === "-" || e.key === "−" || e.key === "_" || e.code === "NumpadSubtract" || e.code === "Minus") return -small;
  return 0;
}

export function onDiagramKey(d, e) {
  const it = itemOf(d, e.target);
  if (!it || e.ctrlKey || e.metaKey) return;
  if (NAV.includes(e.key)) {
    e.preventDefault();
    const next = move(d, it, e.key);
    const el = next && elementOf(d, next);
    if (!el) return;
    setTabStop(d, next);
    if (next.kind !== "feature") d.cb.onSelect(next, false);
    el.focus();
    return;
  }
  if (it.kind === "feature") return; // Enter / Space: the button's own click (toggle the input)
  if (e.key === "Enter" || e.key === " ") {
    e.preventDefault();
    d.cb.onSelect(it, true, true);
    return;
  }
  const step = nudgeStep(e);
  if (step) {
    e.preventDefault();
    d.cb.onSelect(it, false);
    d.cb.onNudge(it, step);
  }
}

// The wide hit areas of neighbouring edges overlap: of the edges under the pointer, the one
// whose drawn curve passes closest (not the one drawn last).
export function nearestEdge(svgEl, e) {
  if (!e.clientX && !e.clientY) return null;
  const gs = document.elementsFromPoint(e.clientX, e.clientY).map((n) => n.closest && n.closest("g.edge")).filter(Boolean);
  if (gs.length < 2) return gs[0] || null;
  const r = svgEl.getBoundingClientRect();
  const x = e.clientX - r.left;
  const y = e.clientY - r.top;
  let best = null;
  let bd = Infinity;
  for (const g of new Set(gs)) {
    const path = g.querySelector(".e-vis");
    const len = path.getTotalLength();
    for (let k = 0; k <= 48; k++) {
      const p = path.getPointAtLength((len * k) / 48);
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bd) {
        bd = d;
        best = g;
      }
    }
  }
  return best;
}
