// Lesson 5: training, one gradient-descent step at a time. The server makes the random start
// network (POST /api/networks), takes each full-batch SGD step (POST /api/train) and computes the
// loss and every weight's gradient (POST /api/gradients).

import { get, post } from "../api.js";
import { el } from "../lib/dom.js";
import { fmt, paren } from "../lib/format.js";
import { live, showError, slider } from "./common.js";
import { draw, layout } from "./plots.js";

const PROBLEMS = {
  tumour: {
    dataset: { name: "tumour", n: 200, seed: 0, train_fraction: 0.5 },
    spec: { layer_sizes: [3, 1], activation: "sigmoid", output_activation: "sigmoid", init: "uniform" },
    lr: 2,
    inputs: ["cell size", "cell shape", "clump thickness"],
  },
  xor: {
    dataset: { name: "xor", n: 200, seed: 0, train_fraction: 0.5 },
    spec: { layer_sizes: [2, 4, 1], activation: "tanh", output_activation: "sigmoid", init: "xavier",
      features: ["x1", "x2"] },
    lr: 1,
    inputs: ["x1", "x2"],
  },
};

const lab = document.querySelector("[data-testid=train-lab]");
const $ = (id) => lab.querySelector(`[data-testid=${id}]`);
const problemSel = $("train-problem");
const lr = $("train-lr");
const playBtn = $("train-play");
const showLr = slider(lr);

const s = {
  problem: "tumour",
  seed: 1,
  data: null, // the training points
  start: null, // the start network
  net: null,
  steps: 0,
  losses: [],
  grads: null,
  accuracy: null,
  last: null, // {before, grads, lr} of the last single step, to show w − η·∂L/∂w
  playing: false,
};

const unitName = (l, j, nLayers) => (l === nLayers - 1 ? "out" : `h${l + 1}.${j + 1}`);
function paramNames(net) {
  const p = PROBLEMS[s.problem];
  const names = [];
  net.layers.forEach((layer, l) => {
    layer.weights.forEach((row, j) => {
      row.forEach((_, i) => {
        const from = l === 0 ? p.inputs[i] : unitName(l - 1, i, net.layers.length);
        names.push(`${from} → ${unitName(l, j, net.layers.length)}`);
      });
    });
    layer.biases.forEach((_, j) => names.push(`bias of ${unitName(l, j, net.layers.length)}`));
  });
  return names;
}
function flat(layers) {
  return layers.flatMap((layer) => [...layer.weights.flat(), ...layer.biases]);
}

async function gradients(net) {
  return post("/api/gradients", { network: net, inputs: s.data.points, labels: s.data.labels, loss: "bce" });
}

function render() {
  $("train-seed").textContent = String(s.seed);
  $("train-steps").textContent = String(s.steps);
  const loss = s.grads.loss;
  $("train-loss").textContent = fmt(loss);
  $("train-loss").dataset.value = String(loss);
  $("train-loss-name").textContent = "(binary cross-entropy)";
  $("train-accuracy").textContent = s.accuracy === null ? "–" : `${fmt(s.accuracy * 100, 1)} %`;
  draw($("train-plot"), [{
    x: s.losses.map((_, k) => k), y: s.losses, mode: s.losses.length > 40 ? "lines" : "lines+markers",
    line: { color: "#1565c0", width: 4 }, marker: { size: 9 },
    hovertemplate: "step %{x}: loss %{y:.4f}<extra></extra>",
  }], layout({
    margin: { l: 70, r: 20, t: 20, b: 56 },
    xaxis: { title: { text: "step" }, range: [0, Math.max(10, s.losses.length - 1)] },
    yaxis: { title: { text: "loss" }, rangemode: "tozero" },
  }));
  const names = paramNames(s.net);
  const values = flat(s.net.layers);
  const g = flat(s.grads.layers);
  $("grad-table").querySelector("tbody").replaceChildren(...names.map((name, k) => {
    const up = g[k] < 0;
    const arrow = Math.abs(g[k]) < 1e-6 ? el("span", { text: "· stays" })
      : el("span", { class: up ? "arrow-up" : "arrow-down", text: up ? "↑ up" : "↓ down" });
    return el("tr", { "data-testid": `param-${k}` },
      el("th", { scope: "row", text: name }),
      el("td", { class: "num", "data-testid": `param-value-${k}`, "data-value": String(values[k]), text: fmt(values[k]) }),
      el("td", { class: "num", "data-testid": `param-grad-${k}`, "data-value": String(g[k]), text: fmt(g[k]) }),
      el("td", {}, arrow));
  }));
  const lastCells = $("grad-table").querySelectorAll("tbody tr");
  if (s.last) {
    const before = flat(s.last.before.layers);
    const g0 = flat(s.last.grads.layers);
    lastCells.forEach((tr, k) => tr.append(el("td", { class: "mono step-math",
      text: `${fmt(before[k])} − ${fmt(s.last.lr)}×${paren(g0[k])} = ${fmt(values[k])}` })));
  } else {
    lastCells.forEach((tr) => tr.append(el("td", { class: "muted", text: "–" })));
  }
  const first = s.losses[0];
  $("train-note").textContent = s.steps === 0
    ? "These weights are random, so the loss is high. Take a step: every weight moves against its gradient."
    : `After ${s.steps} step${s.steps === 1 ? "" : "s"} the loss went from ${fmt(first, 3)} to ${fmt(loss, 3)}. `
      + (loss < first ? "Gradient descent is working." : "The loss went up: the learning rate is too large, "
        + "so each step jumps past the valley.");
}

const restart = live(
  lab,
  async (reuseStart) => {
    const p = PROBLEMS[s.problem];
    const ds = await get(`/api/datasets/${p.dataset.name}?n=${p.dataset.n}&seed=${p.dataset.seed}`
      + `&train_fraction=${p.dataset.train_fraction}`);
    const start = reuseStart && s.start ? s.start : await post("/api/networks", { ...p.spec, seed: s.seed });
    s.data = ds.train;
    const grads = await gradients(start);
    return { start, grads };
  },
  ({ start, grads }) => {
    s.start = start;
    s.net = start;
    s.steps = 0;
    s.grads = grads;
    s.losses = [grads.loss];
    s.accuracy = null;
    s.last = null;
    render();
  },
);

const step = live(
  lab,
  async (epochs = 1) => {
    const p = PROBLEMS[s.problem];
    const before = { before: s.net, grads: s.grads, lr: Number(lr.value) };
    const res = await post("/api/train", {
      network: s.net,
      data: { dataset: p.dataset },
      loss: "bce",
      optimizer: { name: "sgd", learning_rate: Number(lr.value) },
      batch_size: s.data.points.length,
      epochs,
      seed: 0,
      epoch: s.steps,
    });
    const grads = await gradients(res.network);
    return { res, grads, before, epochs };
  },
  ({ res, grads, before, epochs }) => {
    s.last = epochs === 1 && res.status === "ok" ? before : null;
    s.net = res.network;
    s.steps = res.epoch;
    s.grads = grads;
    s.losses.push(...res.history.map((h) => h.train_loss));
    s.accuracy = res.history.at(-1).train_accuracy;
    if (res.status !== "ok") $("train-note").textContent = res.message;
    render();
  },
);

async function play() {
  while (s.playing) {
    await step(1);
    if (lab.querySelector("[data-testid=learn-error]:not([hidden])")) break;
  }
}

function setPlaying(on) {
  s.playing = on;
  playBtn.setAttribute("aria-pressed", String(on));
  playBtn.textContent = on ? "❚❚ Pause" : "▶ Play";
  $("train-step").disabled = on;
  if (on) play();
}

$("train-step").addEventListener("click", () => step(1));
playBtn.addEventListener("click", () => setPlaying(!s.playing));
$("train-reset").addEventListener("click", () => {
  setPlaying(false);
  restart(true);
});
$("train-reseed").addEventListener("click", () => {
  setPlaying(false);
  s.seed += 1;
  restart(false);
});
problemSel.addEventListener("change", () => {
  setPlaying(false);
  s.problem = problemSel.value;
  lr.value = String(PROBLEMS[s.problem].lr);
  showLr();
  restart(false);
});

restart(false).catch(showError);
