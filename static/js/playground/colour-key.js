// The colour key under the decision surface: what orange and blue mean on the plot and its
// points, and on the neurons and edges of the diagram; for regression, the value scale. Built
// from the shared palette (lib/palette.js), redrawn when the task changes.

import { $, el } from "../lib/dom.js";
import { CLASS_COLORS, divergingScale } from "../lib/palette.js";

const gradient = () => `linear-gradient(90deg, ${divergingScale(9).map(([t, c]) => `${c} ${Math.round(t * 100)}%`).join(", ")})`;

function swatch(colour, cls = "ck-dot") {
  const i = el("i", { class: cls, "aria-hidden": "true" });
  i.style.background = colour;
  return i;
}

function bar(lo, hi) {
  const b = el("span", { class: "ck-scale" });
  const i = el("i", { class: "ck-bar", "aria-hidden": "true" });
  i.style.background = gradient();
  b.append(el("span", { class: "num", text: lo }), i, el("span", { class: "num", text: hi }));
  return b;
}

const row = (title, ...items) =>
  el("div", { class: "ck-row" }, el("b", { class: "ck-title", text: title }), el("span", { class: "ck-what" }, ...items));
const text = (t) => el("span", { class: "ck-text", text: t });

// The key's rows for a task ({kind, classes}).
function rows(task) {
  const out = [];
  if (task.kind === "regression") {
    out.push(row("Plot", bar("low", "high"),
      text("the predicted value at each point (orange low, blue high); each dot: its true value")));
  } else if (task.classes > 2) {
    const classes = CLASS_COLORS.slice(0, task.classes).map((c, k) => el("span", { class: "ck-item" }, swatch(c), text(`class ${k}`)));
    out.push(row("Plot", ...classes, text("background: the predicted class, lighter = less sure")));
  } else {
    out.push(row("Plot",
      el("span", { class: "ck-item" }, swatch(CLASS_COLORS[0]), text("class 0")),
      el("span", { class: "ck-item" }, swatch(CLASS_COLORS[1]), text("class 1")),
      text("background: the prediction, stronger = surer, white = undecided")));
  }
  out.push(row("Network", bar("−", "+"),
    text("negative / positive: a neuron's picture is its output over the plane; an edge's colour is its weight's sign, its width |w|")));
  out.push(row("Probe", el("i", { class: "ck-ring", "aria-hidden": "true" }),
    text("the ring is the probe: click the plot to move it; the neurons' numbers are for that point")));
  return out;
}

export function connectColourKey(store) {
  const body = $("colour-key-body");
  if (!body) return;
  let last = "";
  store.subscribe(["task"], (s) => {
    const key = `${s.task.kind}:${s.task.classes}`;
    if (key === last) return;
    last = key;
    body.replaceChildren(...rows(s.task));
  });
}
