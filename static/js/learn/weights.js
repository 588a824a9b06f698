// Lesson 3: f(w·x + b) for a list of weights over x ∈ [−3, 3]. One server call per change:
// a one-layer network with one neuron per weight (POST /api/forward) over the x grid.

import { get, post } from "../api.js";
import { el } from "../lib/dom.js";
import { fmt } from "../lib/format.js";
import { live, showError, slider } from "./common.js";
import { COLORS, draw, layout } from "./plots.js";

const START = [-2, -0.5, 0.5, 2];
const MAX_WEIGHTS = 6;
const GRID = Array.from({ length: 121 }, (_, i) => -3 + i * 0.05);

const lab = document.querySelector("[data-testid=weights-lab]");
const list = lab.querySelector("[data-testid=weight-list]");
const bias = lab.querySelector("#w-bias");
const probe = lab.querySelector("#w-probe");
const select = lab.querySelector("#w-activation");
const plotEl = lab.querySelector("[data-testid=weights-plot]");
const sentence = lab.querySelector("[data-testid=weights-sentence]");
const probeBody = lab.querySelector("[data-testid=probe-table] tbody");

function weights() {
  return [...list.querySelectorAll("input")].map((i) => Number(i.value)).filter(Number.isFinite);
}

function describe(ws, b, act) {
  const parts = [];
  const pos = ws.filter((w) => w > 0);
  const neg = ws.filter((w) => w < 0);
  if (pos.length) {
    const big = Math.max(...pos);
    parts.push(`The larger a positive weight, the steeper the curve: w = ${fmt(big)} reacts most sharply to x.`);
  }
  if (neg.length) parts.push(`A negative weight turns the curve around: with w = ${fmt(Math.min(...neg))} the output falls as x grows.`);
  if (ws.some((w) => w === 0)) parts.push("w = 0 ignores the input completely: a flat line.");
  if (b !== 0) {
    parts.push(`The bias b = ${fmt(b)} slides every curve ${b > 0 ? "left" : "right"}: the neuron switches on `
      + `${b > 0 ? "earlier" : "later"}, without looking at x.`);
  } else {
    parts.push("With b = 0 every curve passes through the same point at x = 0; move the bias to slide them.");
  }
  if (act === "sigmoid" || act === "tanh") parts.push("Far from the middle every curve flattens out: there the neuron is saturated.");
  return parts.join(" ");
}

const update = live(
  lab,
  async () => {
    const ws = weights();
    const b = Number(bias.value);
    const x = Number(probe.value);
    const act = select.value;
    const network = { layers: [{ activation: act, weights: ws.map((w) => [w]), biases: ws.map(() => b) }] };
    const res = await post("/api/forward", { network, inputs: [...GRID.map((g) => [g]), [x]], trace: true });
    return { ws, b, x, act, res };
  },
  ({ ws, b, x, act, res }) => {
    const n = GRID.length;
    const traces = ws.map((w, k) => ({
      x: GRID, y: res.outputs.slice(0, n).map((row) => row[k]), mode: "lines", name: `w = ${fmt(w)}`,
      line: { color: COLORS[k % COLORS.length], width: 4 },
      hovertemplate: `w = ${fmt(w)}: f(%{x:.2f}·w + b) = %{y:.3f}<extra></extra>`,
    }));
    const probeOut = res.outputs[n];
    const probeZ = res.layers[0].z[n];
    traces.push({ x: ws.map(() => x), y: probeOut, mode: "markers", marker: { size: 14, color: ws.map((_, k) => COLORS[k % COLORS.length]),
      line: { color: "#14181f", width: 2 } }, hoverinfo: "skip", showlegend: false });
    draw(plotEl, traces, layout({
      title: { text: `${act}(w·x + b) for each weight, b = ${fmt(b)}` },
      showlegend: true, legend: { font: { size: 17 }, orientation: "h", y: -0.18 },
      margin: { l: 64, r: 16, t: 48, b: 40 },
      xaxis: { title: { text: "input x" }, range: [-3, 3] },
      yaxis: { title: { text: "output" } },
      shapes: [{ type: "line", x0: x, x1: x, yref: "paper", y0: 0, y1: 1, line: { color: "#8a94a3", width: 2, dash: "dot" } }],
    }));
    lab.querySelector("[data-testid=probe-x]").textContent = fmt(x);
    probeBody.replaceChildren(...ws.map((w, k) => el("tr", { "data-testid": `probe-row-${k}` },
      el("th", { scope: "row" }, el("span", { class: "swatch", style: `background:${COLORS[k % COLORS.length]}` }), ` w = ${fmt(w)}`),
      el("td", { class: "num", text: fmt(probeZ[k]) }),
      el("td", { class: "num", "data-testid": `probe-out-${k}`, "data-value": String(probeOut[k]), text: fmt(probeOut[k]) }))));
    sentence.textContent = describe(ws, b, act);
  },
);

function addWeight(value) {
  if (list.children.length >= MAX_WEIGHTS) return;
  const k = list.children.length;
  const id = `weight-${k}-${Math.random().toString(36).slice(2, 7)}`;
  const input = el("input", { type: "number", id, step: "0.1", min: "-10", max: "10", value: String(value),
    "data-testid": `weight-input-${k}` });
  const remove = el("button", { type: "button", class: "btn btn-ghost btn-sm", "aria-label": `Remove weight ${k + 1}`, text: "✕" });
  const item = el("li", {}, el("label", { for: id, text: "w =" }), input, remove);
  input.addEventListener("input", () => {
    const v = Number(input.value);
    const ok = input.value.trim() !== "" && Number.isFinite(v) && Math.abs(v) <= 10;
    input.setAttribute("aria-invalid", ok ? "false" : "true");
    if (ok) update();
  });
  remove.addEventListener("click", () => {
    if (list.children.length > 1) {
      item.remove();
      renumber();
      update();
    }
  });
  list.append(item);
}

function renumber() {
  [...list.querySelectorAll("input")].forEach((input, k) => input.setAttribute("data-testid", `weight-input-${k}`));
  lab.querySelector("[data-testid=weight-add]").disabled = list.children.length >= MAX_WEIGHTS;
}

function reset() {
  list.replaceChildren();
  START.forEach(addWeight);
  renumber();
}

for (const input of [bias, probe]) slider(input, () => update());
select.addEventListener("change", () => update());
lab.querySelector("[data-testid=weight-add]").addEventListener("click", () => {
  addWeight(1);
  renumber();
  update();
});
lab.querySelector("[data-testid=weights-reset]").addEventListener("click", () => {
  reset();
  update();
});

async function init() {
  reset();
  const res = await get("/api/activations");
  select.replaceChildren(...res.activations.filter((a) => !a.output_only).map((a) => {
    const o = el("option", { value: a.name, text: a.name });
    o.selected = a.name === "sigmoid";
    return o;
  }));
  await update();
}
init().catch(showError);
