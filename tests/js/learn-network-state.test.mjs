// static/js/learn/network-state.js: lesson 4's example network and its change events.
import assert from "node:assert/strict";
import { test } from "node:test";

import { LABELS, changed, events, network, resetParams, state } from "../../static/js/learn/network-state.js";

test("the example network: 3 -> 3 -> 2 -> 1, hidden relu, sigmoid output", () => {
  assert.equal(LABELS.length, 3);
  const net = network();
  assert.deepEqual(net.layers.map((l) => l.activation), ["relu", "relu", "sigmoid"]);
  assert.deepEqual(net.layers.map((l) => l.weights.length), [3, 2, 1]);
  assert.deepEqual(net.layers.map((l) => l.weights[0].length), [3, 3, 2]);
  assert.deepEqual(net.layers.map((l) => l.biases.length), [3, 2, 1]);
  assert.deepEqual(state.inputs, [0.8, 0.7, 0.9]);
});

test("network(hidden, output) sets the activations; the answer is a copy", () => {
  const net = network("linear", "linear");
  assert.deepEqual(net.layers.map((l) => l.activation), ["linear", "linear", "linear"]);
  net.layers[0].weights[0][0] = 99;
  net.layers[0].biases[0] = 99;
  assert.notEqual(state.params[0].weights[0][0], 99);
  assert.notEqual(state.params[0].biases[0], 99);
  state.hidden = "tanh";
  assert.equal(network().layers[1].activation, "tanh");
  state.hidden = "relu";
});

test("resetParams brings back the start weights after edits", () => {
  const before = JSON.stringify(network());
  state.params[1].weights[0][2] = -2.5;
  state.params[2].biases[0] = 3;
  assert.notEqual(JSON.stringify(network()), before);
  resetParams();
  assert.equal(JSON.stringify(network()), before);
  state.params[0].weights[0][0] = 5; // the start itself was not changed by the edit
  resetParams();
  assert.equal(state.params[0].weights[0][0], 0.8);
});

test("changed(fromLayer) tells the listeners which layer changed first", () => {
  const seen = [];
  const on = (ev) => seen.push(ev.detail.fromLayer);
  events.addEventListener("change", on);
  changed(1);
  changed();
  events.removeEventListener("change", on);
  changed(2);
  assert.deepEqual(seen, [1, 0]);
});
