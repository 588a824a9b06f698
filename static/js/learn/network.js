// Lesson 4: a small network whose forward pass (POST /api/forward, with the full trace) is
// animated layer by layer. Any weight or bias can be edited; the change ripples forward.

import { post } from "../api.js";
import { fmt, paren, signed } from "../lib/format.js";
import { live, reducedMotion, showError, sleep, slider } from "./common.js";
import { buildNetwork, light, setPending, setSelected, setWeights, showLayer } from "./network-diagram.js";
import { LABELS, changed, events, network, resetParams, state } from "./network-state.js";

const STEP_MS = 320;
const lab = document.querySelector("[data-testid=net-lab]");
const svg = lab.querySelector("[data-testid=net-svg]");
const outEl = lab.querySelector("[data-testid=net-output]");
const editName = lab.querySelector("[data-testid=net-edit-name]");
const editRange = lab.querySelector("[data-testid=net-edit-range]");
const editNumber = lab.querySelector("[data-testid=net-edit-number]");
const editSum = lab.querySelector("[data-testid=net-edit-sum]");
const select = lab.querySelector("[data-testid=net-activation]");
const sizes = [3, ...state.params.map((p) => p.biases.length)];

let selected = { kind: "weight", layer: 0, j: 0, i: 0, label: "" };
let last = null; // the last forward trace
let anim = 0;

const parts = buildNetwork(svg, sizes, LABELS, (sel) => {
  select_(sel);
  editRange.focus();
});

function value(sel) {
  const p = state.params[sel.layer];
  return sel.kind === "weight" ? p.weights[sel.j][sel.i] : p.biases[sel.j];
}

function select_(sel) {
  selected = sel;
  editName.textContent = sel.label;
  const v = value(sel);
  editRange.value = String(v);
  editNumber.value = String(v);
  editRange.setAttribute("aria-label", sel.label);
  setSelected(parts, sel);
  showSum();
}

// The live arithmetic of the selected neuron: z = Σ wᵢ·aᵢ + b with the trace's numbers.
function showSum() {
  if (!last) return;
  const l = selected.layer;
  const j = selected.j;
  const prev = l === 0 ? last.inputs : last.res.layers[l - 1].a[0];
  const p = state.params[l];
  const z = last.res.layers[l].z[0][j];
  const a = last.res.layers[l].a[0][j];
  const act = last.net.layers[l].activation;
  const terms = p.weights[j].map((w, i) => `${paren(w)}×${paren(prev[i])}`).join(" + ");
  editSum.textContent = `z = ${terms} ${signed(p.biases[j])} = ${fmt(z)};  a = ${act}(${fmt(z)}) = ${fmt(a)}`;
}

async function animate(res, inputs, fromLayer) {
  const mine = ++anim;
  const fast = reducedMotion() || fromLayer === null;
  showLayer(parts, 0, inputs);
  if (!fast) setPending(parts, fromLayer + 1);
  if (!fast) outEl.classList.add("is-pending");
  for (let l = 0; l < res.layers.length; l++) {
    if (mine !== anim) return;
    showLayer(parts, l + 1, res.layers[l].a[0], res.layers[l].z[0]);
    if (!fast && l >= fromLayer) {
      light(parts, l + 1, true);
      await sleep(STEP_MS);
      light(parts, l + 1, false);
      if (mine !== anim) return;
    }
  }
  outEl.classList.remove("is-pending");
  const out = res.outputs[0][0];
  outEl.textContent = fmt(out);
  outEl.dataset.value = String(out);
}

const update = live(
  lab,
  async (fromLayer) => {
    const net = network();
    const inputs = [...state.inputs];
    const res = await post("/api/forward", { network: net, inputs: [inputs], trace: true });
    return { net, inputs, res, fromLayer };
  },
  async ({ net, inputs, res, fromLayer }) => {
    last = { net, inputs, res };
    lab.dataset.network = JSON.stringify(net);
    setWeights(parts, state.params);
    showSum();
    await animate(res, inputs, fromLayer);
  },
);

events.addEventListener("change", (ev) => update(ev.detail.fromLayer));

function setValue(v) {
  const p = state.params[selected.layer];
  if (selected.kind === "weight") p.weights[selected.j][selected.i] = v;
  else p.biases[selected.j] = v;
  changed(selected.layer);
}

editRange.addEventListener("input", () => {
  editNumber.value = editRange.value;
  setValue(Number(editRange.value));
});
editNumber.addEventListener("input", () => {
  const v = Number(editNumber.value);
  const ok = editNumber.value.trim() !== "" && Number.isFinite(v) && Math.abs(v) <= 10;
  editNumber.setAttribute("aria-invalid", ok ? "false" : "true");
  if (!ok) return;
  editRange.value = String(v);
  setValue(v);
});

lab.querySelectorAll("input[data-role=x]").forEach((input, k) => slider(input, (v) => {
  state.inputs[k] = v;
  changed(0);
}));
select.addEventListener("change", () => {
  state.hidden = select.value;
  changed(0);
});
lab.querySelector("[data-testid=net-run]").addEventListener("click", () => update(0));
lab.querySelector("[data-testid=net-reset]").addEventListener("click", () => {
  resetParams();
  select_(selected);
  changed(0);
});

select_({ kind: "weight", layer: 0, j: 0, i: 0,
  label: `weight from ${LABELS[0]} to hidden 1, neuron 1` });
update(null).catch(showError);
