// Lesson 4: without a non-linear activation the stack collapses to one linear neuron.
// The server computes the same network with every layer linear and with the chosen hidden
// activation (output left linear), over a sweep of the first input (POST /api/forward), and
// the single neuron W·x + B (POST /api/neuron).

import { post } from "../api.js";
import { fmt } from "../lib/format.js";
import { live, showError } from "./common.js";
import { events, network, state } from "./network-state.js";
import { draw, layout } from "./plots.js";

const lab = document.querySelector("[data-testid=collapse-lab]");
const plotEl = lab.querySelector("[data-testid=collapse-plot]");
const $ = (id) => lab.querySelector(`[data-testid=${id}]`);
const SWEEP = Array.from({ length: 61 }, (_, i) => -3 + i * 0.1);

const update = live(
  lab,
  async () => {
    const x = [...state.inputs];
    const hidden = state.hidden;
    // rows: the current input, x = 0, each unit input, then the sweep of the first input
    const probes = [x, [0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const sweep = SWEEP.map((s) => [s, x[1], x[2]]);
    const rows = [...probes, ...sweep];
    const [lin, bent] = await Promise.all([
      post("/api/forward", { network: network("linear", "linear"), inputs: rows, trace: false }),
      post("/api/forward", { network: network(hidden, "linear"), inputs: rows, trace: false }),
    ]);
    const out = (res, r) => res.outputs[r][0];
    const B = out(lin, 1);
    const W = [out(lin, 2) - B, out(lin, 3) - B, out(lin, 4) - B];
    const one = await post("/api/neuron", { inputs: x, weights: W, bias: B, activation: "linear" });
    return { x, hidden, lin, bent, W, B, one, out };
  },
  ({ hidden, lin, bent, W, B, one, out }) => {
    const n = 5;
    const linY = lin.outputs.slice(n).map((r) => r[0]);
    const bentY = bent.outputs.slice(n).map((r) => r[0]);
    draw(plotEl, [
      { x: SWEEP, y: linY, mode: "lines", name: "every layer linear", line: { color: "#14181f", width: 4, dash: "dash" } },
      { x: SWEEP, y: bentY, mode: "lines", name: `hidden layers ${hidden}`, line: { color: "#e07000", width: 5 } },
    ], layout({
      title: { text: "Output (before the final sigmoid) as the cell size moves" },
      showlegend: true, legend: { font: { size: 17 }, orientation: "h", y: -0.25 },
      xaxis: { title: { text: "cell size (other inputs fixed)" } },
      yaxis: { title: { text: "output" } },
    }));
    const stack = out(lin, 0);
    $("collapse-stack").textContent = fmt(stack);
    $("collapse-stack").dataset.value = String(stack);
    $("collapse-weights").textContent = `W = [${W.map((w) => fmt(w, 3)).join(", ")}], B = ${fmt(B, 3)}`;
    $("collapse-one").textContent = fmt(one.output);
    $("collapse-one").dataset.value = String(one.output);
    $("collapse-verdict").textContent = Math.abs(one.output - stack) < 1e-9
      ? "The same number: three linear layers are one linear neuron."
      : "Not equal?";
    $("collapse-act").textContent = hidden;
    $("collapse-bend").textContent = hidden === "linear"
      ? "The hidden layers are linear too, so this curve is the same straight line. Pick relu, tanh or sigmoid above."
      : `With ${hidden} the output can bend (the orange curve), so no single W·x + B can match it everywhere. `
        + "That bend is what lets a network draw curved boundaries between classes.";
  },
);

events.addEventListener("change", () => update());
update().catch(showError);
