// The playground's pure model (static/js/playground/model.js) and store (store.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import * as M from "../../static/js/playground/model.js";
import { createStore } from "../../static/js/playground/store.js";

const NET = {
  features: ["x1", "x2"],
  layers: [
    { activation: "tanh", weights: [[1, 2], [3, 4]], biases: [0.1, 0.2] },
    { activation: "sigmoid", weights: [[5, 6]], biases: [0.3] },
  ],
};
const clone = (x) => JSON.parse(JSON.stringify(x));
const STATE = {
  arch: { hidden: [2], activations: ["tanh"], output: "sigmoid", init: "xavier", seed: 1 },
  features: ["x1", "x2"], network: NET, start: NET, epoch: 0,
  task: { kind: "classification", classes: 2 },
  data: { name: "xor", n: 500, noise: 0, seed: 0, trainFraction: 0.5, custom: null },
  train: { optimizer: "adam", lr: 0.03, batchSize: 10, reg: "none", regRate: 0, epochsPerFrame: 1, seed: 0 },
  view: { probe: [1, 1], selected: null, addClass: 0 }, hide: [],
};
const DATASETS = [
  { name: "xor", task: "classification", classes: 2 },
  { name: "blobs3", task: "classification", classes: 3 },
  { name: "plane", task: "regression", classes: 1 },
];

test("keepWeights keeps first-layer weights by feature name and the rest by index", () => {
  const fresh = {
    features: ["x1", "x1*x2", "x2"],
    layers: [
      { activation: "tanh", weights: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], biases: [0, 0, 0] },
      { activation: "sigmoid", weights: [[0, 0, 0]], biases: [0] },
    ],
  };
  const net = M.keepWeights(fresh, NET);
  assert.deepEqual(net.layers[0].weights, [[1, 0, 2], [3, 0, 4], [0, 0, 0]]);
  assert.deepEqual(net.layers[0].biases, [0.1, 0.2, 0]);
  assert.deepEqual(net.layers[1].weights, [[5, 6, 0]]);
  assert.deepEqual(fresh.layers[0].weights[0], [0, 0, 0], "the fresh network itself is not changed");
});

test("keepWeights never maps a hidden layer onto the output layer", () => {
  const fresh = { features: ["x1", "x2"], layers: [{ activation: "sigmoid", weights: [[9, 9]], biases: [9] }] };
  assert.deepEqual(M.keepWeights(fresh, NET).layers[0].weights, [[9, 9]]);
});

test("setParam edits one weight without touching the old network, and the start follows at epoch 0", () => {
  const before = clone(NET);
  const sel = { kind: "edge", layer: 1, index: 0, from: 1 };
  const { network, start } = M.setParam(STATE, sel, -3);
  assert.equal(network.layers[1].weights[0][1], -3);
  assert.equal(start.layers[1].weights[0][1], -3);
  assert.deepEqual(NET, before);
  const later = M.setParam({ ...STATE, epoch: 5 }, { kind: "neuron", layer: 0, index: 1 }, 7);
  assert.equal(later.network.layers[0].biases[1], 7);
  assert.equal(later.start, NET, "after training, Reset still returns to the start weights");
  assert.equal(M.setParam(STATE, { kind: "edge", layer: 3, index: 0, from: 0 }, 1), null);
  assert.equal(M.setParam(STATE, sel, NaN), null);
});

test("nudged rounds away floating-point dust", () => {
  assert.equal(M.nudged(0.1, 0.2), 0.3);
});

test("layers and neurons change within their limits", () => {
  const arch = M.changeLayers(STATE.arch, +1);
  assert.deepEqual(arch.hidden, [2, 2]);
  assert.deepEqual(arch.activations, ["tanh", "tanh"]);
  assert.deepEqual(M.changeLayers({ ...STATE.arch, hidden: [] }, -1), null);
  assert.equal(M.changeNeurons(STATE.arch, 0, -2), null);
  assert.deepEqual(M.changeNeurons(STATE.arch, 0, +1).hidden, [3]);
  assert.equal(M.changeNeurons({ ...STATE.arch, hidden: [16] }, 0, +1), null);
});

test("setActivation changes the layer in the network and its start, weights kept", () => {
  const p = M.setActivation(STATE, 0, "relu");
  assert.equal(p.network.layers[0].activation, "relu");
  assert.equal(p.start.layers[0].activation, "relu");
  assert.deepEqual(p.network.layers[0].weights, NET.layers[0].weights);
  assert.equal(p.arch.activations[0], "relu");
  assert.equal(M.setActivation(STATE, 1, "tanh").arch.output, "tanh");
});

test("toggleFeature keeps the canonical order and refuses to remove the last input", () => {
  assert.deepEqual(M.toggleFeature(["x1", "x2"], "x1*x2"), ["x1", "x2", "x1*x2"]);
  assert.deepEqual(M.toggleFeature(["x2", "x1"], "sin(x1)"), ["x1", "x2", "sin(x1)"]);
  assert.equal(M.toggleFeature(["x1"], "x1"), null);
});

test("own data: add a point with the chosen class, remove the nearest one", () => {
  let c = M.customFrom({ train: { points: [[0, 0], [3, 3]], labels: [0, 1] } });
  c = M.addPoint(c, 1.23456, -2, M.pointLabel(STATE.task, 1, 1.2, -2, false));
  assert.deepEqual(c.train.points[2], [1.235, -2]);
  assert.equal(c.train.labels[2], 1);
  assert.equal(M.pointLabel(STATE.task, 1, 0, 0, true), 0, "shift-click: the next class, wrapping");
  const r = M.removeNearest(c, 2.9, 3.1);
  assert.deepEqual(r.train.points, [[0, 0], [1.235, -2]]);
  assert.deepEqual(r.train.labels, [0, 1]);
  assert.equal(M.removeNearest(c, -5, -5), c, "nothing near: unchanged");
});

test("presetPatch maps a preset's settings onto the state", () => {
  const { patch, taskHint } = M.presetPatch(STATE, {
    dataset: { name: "blobs3", n: 300, noise: 10 },
    settings: { optimizer: { name: "sgd", learning_rate: 0.1 }, batch_size: 5, regularization: { kind: "l2", rate: 0.01 }, probe: [2, -1], hide: ["dataset"] },
  }, DATASETS);
  assert.deepEqual(taskHint, { kind: "classification", classes: 3 });
  assert.equal(patch.data.name, "blobs3");
  assert.equal(patch.data.n, 300);
  assert.equal(patch.train.optimizer, "sgd");
  assert.equal(patch.train.lr, 0.1);
  assert.equal(patch.train.batchSize, 5);
  assert.equal(patch.train.reg, "l2");
  assert.deepEqual(patch.view.probe, [2, -1]);
  assert.deepEqual(patch.hide, ["dataset"]);
});

test("taskForNetwork picks a dataset of the network's task", () => {
  const r = M.taskForNetwork(STATE, 3, null, DATASETS);
  assert.deepEqual(r.task, { kind: "classification", classes: 3 });
  assert.equal(r.dataName, "blobs3");
  assert.deepEqual(M.taskForNetwork(STATE, 1, null, DATASETS).task, STATE.task);
});

test("networkSpec asks for the architecture of the state", () => {
  assert.deepEqual(M.networkSpec(STATE), {
    layer_sizes: [2, 2, 1], activations: ["tanh", "sigmoid"], init: "xavier", seed: 1, features: ["x1", "x2"],
  });
});

test("fixSelection falls back to the output neuron", () => {
  assert.deepEqual(M.fixSelection(NET, { kind: "neuron", layer: 5, index: 0 }), { kind: "neuron", layer: 1, index: 0 });
  const sel = { kind: "edge", layer: 0, index: 1, from: 1 };
  assert.equal(M.fixSelection(NET, sel), sel);
});

test("the store calls a view once per flush, only for its keys", async () => {
  const queue = [];
  const store = createStore({ a: 1, b: 2 }, (fn) => queue.push(fn));
  const seen = [];
  store.subscribe(["a"], (s) => seen.push(["a", s.a]));
  store.subscribe(["b"], (s) => seen.push(["b", s.b]));
  store.set({ a: 2 });
  store.set({ a: 3 });
  store.set({ b: 2 }); // unchanged: nobody is told
  assert.equal(queue.length, 1, "one flush scheduled for several sets");
  const done = store.whenFlushed();
  queue.shift()();
  await done;
  assert.deepEqual(seen, [["a", 3]]);
  assert.equal(store.get().a, 3);
  store.paintAll();
  assert.deepEqual(seen.slice(1), [["a", 3], ["b", 2]]);
});
