// Lesson 1: one neuron. Sliders for inputs, weights and bias; the server computes z and the
// output (POST /api/neuron) and the activation curve (GET /api/activations/{name}).

import { get, post } from "../api.js";
import { el, setText } from "../lib/dom.js";
import { fmt, paren, signed } from "../lib/format.js";
import { live, showError, slider } from "./common.js";
import { drawNeuron } from "./neuron-diagram.js";
import { draw, layout } from "./plots.js";

const LABELS = ["cell size", "cell shape", "clump thickness"];
const lab = document.querySelector("[data-testid=neuron-lab]");
const xs = [...lab.querySelectorAll("input[data-role=x]")];
const ws = [...lab.querySelectorAll("input[data-role=w]")];
const bias = lab.querySelector("#bias");
const select = lab.querySelector("#activation");
const plotEl = lab.querySelector("[data-testid=neuron-plot]");
const $ = (id) => lab.querySelector(`[data-testid=${id}]`);
const DEFAULTS = { x: xs.map((i) => i.value), w: ws.map((i) => i.value), b: bias.value };

const curves = new Map();
async function curve(name) {
  if (!curves.has(name)) curves.set(name, get(`/api/activations/${name}?start=-6&stop=6&num=241`));
  return curves.get(name);
}

function state() {
  return {
    inputs: xs.map((i) => Number(i.value)),
    weights: ws.map((i) => Number(i.value)),
    bias: Number(bias.value),
    activation: select.value,
  };
}

const update = live(
  lab,
  async () => {
    const s = state();
    const [res, c] = await Promise.all([post("/api/neuron", s), curve(s.activation)]);
    return { s, res, c };
  },
  ({ s, res, c }) => {
    const sum = s.weights.map((w, i) => `${paren(w)}×${paren(s.inputs[i])}`).join(" + ") + ` ${signed(s.bias)}`;
    setText($("neuron-sum"), sum);
    const zEl = $("neuron-z");
    setText(zEl, fmt(res.z));
    zEl.dataset.value = String(res.z);
    setText($("neuron-fz"), `${s.activation}(${fmt(res.z)})`);
    const outEl = $("neuron-output");
    setText(outEl, fmt(res.output));
    outEl.dataset.value = String(res.output);
    const verdict = $("neuron-verdict");
    if (s.activation === "sigmoid") {
      const pct = res.output * 100;
      setText(verdict, `Probability of malignant: ${fmt(pct, 1)} % → ${res.output >= 0.5 ? "malignant" : "benign"}`);
    } else {
      setText(verdict, `${s.activation} does not give a probability: only the sigmoid squeezes z into (0, 1).`);
    }
    drawNeuron($("neuron-svg"), { labels: LABELS, ...s, z: res.z, output: res.output });
    const lo = Math.min(-6, res.z - 0.5);
    const hi = Math.max(6, res.z + 0.5);
    draw(plotEl, [
      { x: c.x, y: c.y, mode: "lines", line: { color: "#1565c0", width: 4 }, name: s.activation,
        hovertemplate: "z = %{x:.2f}<br>f(z) = %{y:.4f}<extra></extra>" },
      { x: [res.z], y: [res.output], mode: "markers+text", marker: { size: 18, color: "#e07000",
        line: { color: "#14181f", width: 2 } }, text: [`z = ${fmt(res.z, 2)}, a = ${fmt(res.output, 3)}`],
        textposition: res.z > 2 ? "middle left" : "middle right", textfont: { size: 18 }, name: "your neuron",
        cliponaxis: false, hoverinfo: "skip" },
    ], layout({
      margin: { l: 64, r: 16, t: 12, b: 56 },
      xaxis: { title: { text: "z = w·x + b" }, range: [lo, hi] },
      yaxis: { title: { text: "a = f(z)" } },
      shapes: [{ type: "line", x0: res.z, x1: res.z, yref: "paper", y0: 0, y1: 1,
        line: { color: "#e07000", width: 2, dash: "dot" } }],
    }));
  },
);

for (const input of [...xs, ...ws, bias]) slider(input, () => update());
select.addEventListener("change", () => update());
$("neuron-reset").addEventListener("click", () => {
  xs.forEach((i, k) => { i.value = DEFAULTS.x[k]; i.dispatchEvent(new Event("input")); });
  ws.forEach((i, k) => { i.value = DEFAULTS.w[k]; i.dispatchEvent(new Event("input")); });
  bias.value = DEFAULTS.b;
  select.value = "sigmoid";
  bias.dispatchEvent(new Event("input"));
});

async function init() {
  const list = await get("/api/activations");
  select.replaceChildren(...list.activations.filter((a) => !a.output_only).map((a) => {
    const o = el("option", { value: a.name, text: `${a.name}: ${a.formula}` });
    o.selected = a.name === "sigmoid";
    return o;
  }));
  await update();
}
init().catch(showError);
