// Lesson 2: every activation on one Plotly chart (GET /api/activations/{name}), toggles per
// function, a switch to the derivatives, and the table of range and use (GET /api/activations).

import { get } from "../api.js";
import { el } from "../lib/dom.js";
import { live, showError } from "./common.js";
import { COLORS, draw, layout } from "./plots.js";

const lab = document.querySelector("[data-testid=act-lab]");
const toggles = lab.querySelector("[data-testid=act-toggles]");
const deriv = lab.querySelector("[data-testid=act-derivatives]");
const plotEl = lab.querySelector("[data-testid=act-plot]");
const note = lab.querySelector("[data-testid=act-note]");
const ON_AT_START = new Set(["relu", "sigmoid", "tanh", "linear"]);
// One fixed style per activation, so a curve keeps its colour when others are toggled.
const STYLE = {
  relu: { color: "#1565c0" }, leaky_relu: { color: "#5534d0" }, elu: { color: "#c0448f" },
  gelu: { color: "#6b4f00" }, softplus: { color: "#00838f" }, swish: { color: "#7a7a00" },
  sigmoid: { color: "#e07000" }, tanh: { color: "#009e73" }, linear: { color: "#14181f", dash: "dash" },
  softmax: { color: "#b3261e", dash: "dot" },
};
const style = (name, i) => STYLE[name] || { color: COLORS[i % COLORS.length] };

let infos = [];
const curves = {};

function render() {
  const showD = deriv.checked;
  const traces = [];
  infos.forEach((a, i) => {
    const box = toggles.querySelector(`input[value="${a.name}"]`);
    const c = curves[a.name];
    if (!box.checked || !c) return;
    traces.push({ x: c.x, y: showD ? c.dy : c.y, mode: "lines", name: a.name,
      line: { ...style(a.name, i), width: 4 },
      hovertemplate: `${a.name}${showD ? "′" : ""}(%{x:.2f}) = %{y:.4f}<extra></extra>` });
  });
  draw(plotEl, traces, layout({
    title: { text: showD ? "Derivatives f′(z): the slope training follows" : "Activations f(z)" },
    showlegend: true,
    legend: { font: { size: 17 }, orientation: "h", y: -0.2 },
    xaxis: { title: { text: "z" }, range: [-5, 5] },
    yaxis: { title: { text: showD ? "f′(z)" : "f(z)" }, range: showD ? [-0.1, 1.2] : [-1.6, 3] },
  }));
  plotEl.dataset.traces = traces.map((t) => t.name).join(",");
  note.textContent = showD
    ? "Sigmoid and tanh are almost flat once |z| > 3: their slope is close to 0, so a gradient passing through "
      + "many of them shrinks towards nothing (the vanishing gradient). ReLU's slope stays 1 for every z > 0."
    : "ReLU cuts negatives to 0, sigmoid squeezes into (0, 1), tanh into (−1, 1), linear changes nothing.";
}

const load = live(
  lab,
  async () => {
    const list = await get("/api/activations");
    const all = await Promise.all(list.activations.map((a) => get(`/api/activations/${a.name}?start=-5&stop=5&num=201`)));
    return { list, all };
  },
  ({ list, all }) => {
    infos = list.activations;
    all.forEach((c) => { curves[c.name] = c; });
    toggles.replaceChildren(el("legend", { text: "Show" }), ...infos.map((a, i) => {
      const input = el("input", { type: "checkbox", value: a.name, "data-testid": `toggle-${a.name}`,
        checked: ON_AT_START.has(a.name) });
      input.addEventListener("change", render);
      const sw = el("span", { class: "swatch", "aria-hidden": "true" });
      sw.style.background = style(a.name, i).color;
      return el("label", { class: "toggle" }, input, sw, a.name);
    }));
    const tbody = document.querySelector("[data-testid=act-table] tbody");
    tbody.replaceChildren(...infos.map((a) => el("tr", {},
      el("th", { scope: "row", text: a.name }),
      el("td", {}, el("code", { text: a.formula })),
      el("td", { text: a.range }),
      el("td", { text: a.use }))));
    render();
  },
);

deriv.addEventListener("change", render);
load().catch(showError);
