// The playground's model: pure functions from a state (and an intent) to a new part of the state.
// No DOM, no API: the actions call these, put the results in the store, and ask compute for
// whatever the server must work out. Tested with `node --test` (tests/js/model.test.mjs).

import { ownCount } from "./data.js";
import { FEATURES, MAX_HIDDEN_LAYERS, MAX_NEURONS, cloneNet, outputUnits } from "./state.js";

export const problemOf = (t) => (t.kind === "regression" ? "regression" : t.classes > 2 ? "multiclass" : "classification");

export function defaultOutput(task) {
  if (task.kind === "regression") return "linear";
  return task.classes > 2 ? "softmax" : "sigmoid";
}

export function taskOfDataset(datasets, name) {
  const d = datasets.find((x) => x.name === name);
  if (!d) return null;
  return d.task === "regression" ? { kind: "regression", classes: 1 } : { kind: "classification", classes: d.classes };
}

// The output activations a task allows (softmax only for 3+ classes).
export function outputChoices(activations, task) {
  const base = activations.filter((a) => a !== "softmax");
  return task.kind === "classification" && task.classes > 2 ? ["softmax", ...base] : base;
}

export const sameTask = (a, b) => a.kind === b.kind && a.classes === b.classes;

// The /api/networks body for the architecture the state asks for.
export function networkSpec(state) {
  const a = state.arch;
  const hidden = a.hidden.map((_, l) => a.activations[l] || a.activations[l - 1] || "tanh");
  return {
    layer_sizes: [state.features.length, ...a.hidden, outputUnits(state.task)],
    activations: [...hidden, a.output], init: a.init, seed: a.seed, features: state.features,
  };
}

// A fresh network with every weight of `old` that still has a place: by feature name in the
// first layer, by index elsewhere; the output layer only maps onto the output layer.
export function keepWeights(fresh, old) {
  const net = cloneNet(fresh);
  if (!old) return net;
  net.layers.forEach((layer, l) => {
    const o = old.layers[l];
    if (!o || (l === net.layers.length - 1) !== (l === old.layers.length - 1)) return;
    const from = (i) => (l !== 0 ? i : old.features ? old.features.indexOf(net.features[i]) : i);
    layer.weights.forEach((row, j) => {
      if (!o.weights[j]) return;
      row.forEach((_, i) => {
        const oi = from(i);
        if (oi >= 0 && o.weights[j][oi] !== undefined) row[i] = o.weights[j][oi];
      });
      layer.biases[j] = o.biases[j];
    });
  });
  return net;
}

// The architecture and features a network has (import, preset, link).
export function archOf(state, net) {
  const L = net.layers.length;
  const features = net.features ? net.features.slice() : ["x1", "x2"];
  return {
    arch: {
      ...state.arch,
      hidden: net.layers.slice(0, L - 1).map((l) => l.biases.length),
      activations: net.layers.slice(0, L - 1).map((l) => l.activation),
      output: net.layers[L - 1].activation,
    },
    features,
    network: { ...cloneNet(net), features },
  };
}

export function validSelection(net, sel) {
  if (!net || !sel) return false;
  const layer = net.layers[sel.layer];
  if (!layer || sel.index < 0 || sel.index >= layer.biases.length) return false;
  return sel.kind !== "edge" || (sel.from >= 0 && sel.from < layer.weights[sel.index].length);
}

// The selection, or the output neuron when the selection no longer exists.
export function fixSelection(net, sel) {
  return validSelection(net, sel) ? sel : { kind: "neuron", layer: net.layers.length - 1, index: 0 };
}

export function paramOf(net, sel) {
  const layer = net.layers[sel.layer];
  return sel.kind === "edge" ? layer.weights[sel.index][sel.from] : layer.biases[sel.index];
}

function withValue(net, sel, v) {
  const out = { ...net, layers: net.layers.slice() };
  const layer = { ...out.layers[sel.layer] };
  if (sel.kind === "edge") {
    layer.weights = layer.weights.slice();
    layer.weights[sel.index] = layer.weights[sel.index].slice();
    layer.weights[sel.index][sel.from] = v;
  } else {
    layer.biases = layer.biases.slice();
    layer.biases[sel.index] = v;
  }
  out.layers[sel.layer] = layer;
  return out;
}

// One weight or bias set to v. At epoch 0 the start network follows (Reset keeps the edit).
export function setParam(state, sel, v) {
  if (!validSelection(state.network, sel) || !Number.isFinite(v)) return null;
  const network = withValue(state.network, sel, v);
  const start = state.epoch === 0 && state.start && validSelection(state.start, sel) ? withValue(state.start, sel, v) : state.start;
  return { network, start };
}

export const nudged = (v, delta) => Math.round((v + delta) * 1e6) / 1e6;

// Add (delta > 0) or remove a hidden layer; null when at the limit.
export function changeLayers(arch, delta) {
  const hidden = arch.hidden.slice();
  let acts = arch.activations.slice(0, hidden.length);
  if (delta > 0 && hidden.length < MAX_HIDDEN_LAYERS) {
    hidden.push(hidden.length ? Math.min(hidden[hidden.length - 1], 4) || 2 : 4);
    acts.push(acts[acts.length - 1] || "tanh");
  } else if (delta < 0 && hidden.length > 0) {
    hidden.pop();
    acts = acts.slice(0, hidden.length);
  } else return null;
  return { ...arch, hidden, activations: acts };
}

export function changeNeurons(arch, l, delta) {
  const n = arch.hidden[l] + delta;
  if (!(n >= 1 && n <= MAX_NEURONS)) return null;
  const hidden = arch.hidden.slice();
  hidden[l] = n;
  return { ...arch, hidden };
}

// A layer's activation changed: the weights stay, in the network and in its start.
export function setActivation(state, l, act) {
  const L = state.network.layers.length;
  const arch = { ...state.arch, activations: state.arch.activations.slice() };
  if (l === L - 1) arch.output = act;
  else arch.activations[l] = act;
  const put = (net) => (net && net.layers[l] ? { ...net, layers: net.layers.map((x, k) => (k === l ? { ...x, activation: act } : x)) } : net);
  return { arch, network: put(state.network), start: put(state.start) };
}

// Toggle one input feature; null when it would leave no input.
export function toggleFeature(features, f) {
  const on = features.includes(f);
  if (on && features.length === 1) return null;
  return FEATURES.filter((x) => (x === f ? !on : features.includes(x)));
}

// ---------------------------------------------------------------- your own data
const emptySet = () => ({ points: [], labels: [] });

// Own data starting from the points on screen (at most `limit`), so there is something to edit.
export function customFrom(points, limit = 200) {
  const tr = (points && points.train) || emptySet();
  return { train: { points: tr.points.slice(0, limit), labels: tr.labels.slice(0, limit) }, test: emptySet() };
}

// The points shown (a generated dataset's) as your own data, keeping their train/test split.
export function ownFrom(points) {
  const copy = (set) => (set ? { points: set.points.slice(), labels: set.labels.slice() } : emptySet());
  return { train: copy(points && points.train), test: copy(points && points.test) };
}

export function pointLabel(task, addClass, x, y, nextClass) {
  if (task.kind === "regression") return Math.round(x * y * 100) / 1000;
  const k = Math.max(2, task.classes);
  return nextClass ? (addClass + 1) % k : addClass;
}

export function addPoint(custom, x, y, label) {
  const tr = custom.train;
  const r = (v) => Math.round(v * 1000) / 1000;
  return { ...custom, train: { points: [...tr.points, [r(x), r(y)]], labels: [...tr.labels, label] } };
}

// Remove the point (training or test) nearest (x, y) if one is within `radius`; the data
// unchanged otherwise.
export function removeNearest(custom, x, y, radius = 0.77) {
  let best = null;
  let bd = radius * radius;
  for (const key of ["train", "test"]) {
    (custom[key] ? custom[key].points : []).forEach((p, i) => {
      const d = (p[0] - x) ** 2 + (p[1] - y) ** 2;
      if (d < bd) {
        bd = d;
        best = { key, i };
      }
    });
  }
  if (!best) return custom;
  const set = custom[best.key];
  const keep = (_, i) => i !== best.i;
  return { ...custom, [best.key]: { points: set.points.filter(keep), labels: set.labels.filter(keep) } };
}

// "Clear points": own data emptied (what was there kept for an undo), or, when they are empty
// and an undo is kept, brought back (through `split`). null when there is nothing to do.
export function clearPoints(custom, undo, split = (c) => c) {
  const n = ownCount(custom);
  if (!n && !undo) return null;
  if (!n) {
    const back = split(undo);
    return { custom: back, undoClear: null, message: `${ownCount(back)} points back` };
  }
  return { custom: { train: emptySet(), test: emptySet() }, undoClear: custom, message: `Cleared ${n} points: “Undo clear” brings them back` };
}

// ---------------------------------------------------------------- presets
// The parts of the state a preset sets (data, hyper-parameters, view, hidden controls), and the
// task its dataset implies. Its network goes in through useNetwork.
export function presetPatch(state, preset, datasets) {
  const st = preset.settings || {};
  const ds = preset.dataset;
  const data = { ...state.data };
  const train = { ...state.train };
  const view = { ...state.view };
  let taskHint = null;
  if (ds && ds.name) {
    data.custom = null;
    data.name = ds.name;
    if (ds.n) data.n = ds.n;
    if (ds.noise !== undefined) data.noise = ds.noise;
    if (ds.seed !== undefined) data.seed = ds.seed;
    if (ds.train_fraction !== undefined) data.trainFraction = ds.train_fraction;
    taskHint = taskOfDataset(datasets, ds.name);
  } else if (ds && ds.train) {
    data.custom = { train: ds.train, test: ds.test || emptySet() };
  }
  const opt = st.optimizer;
  if (typeof opt === "string") train.optimizer = opt;
  else if (opt && opt.name) {
    train.optimizer = opt.name;
    if (opt.learning_rate) train.lr = opt.learning_rate;
  }
  if (st.learning_rate) train.lr = st.learning_rate;
  if (st.batch_size) train.batchSize = st.batch_size;
  const reg = st.regularization;
  if (reg && typeof reg === "object" && reg.kind) {
    train.reg = reg.kind;
    train.regRate = reg.rate || 0;
  } else if (typeof reg === "string") train.reg = reg;
  else if (reg === null) train.reg = "none";
  if (typeof st.regularization_rate === "number") train.regRate = st.regularization_rate;
  if (Array.isArray(st.probe) && st.probe.length === 2) view.probe = st.probe.map(Number);
  if (st.show_test !== undefined) view.showTest = !!st.show_test;
  if (st.discretize !== undefined) view.discretize = !!st.discretize;
  const patch = { data, train, view };
  if (Array.isArray(st.hide)) patch.hide = st.hide;
  if (taskHint) patch.task = taskHint;
  return { patch, taskHint };
}

// The task (and named dataset) that goes with a network of `out` output units.
export function taskForNetwork(state, out, taskHint, datasets) {
  let want = taskHint || (out > 1 ? { kind: "classification", classes: out } : outputUnits(state.task) === 1 ? state.task : { kind: "classification", classes: 2 });
  if (outputUnits(want) !== out) want = { ...want, classes: out };
  if (sameTask(want, state.task) || state.data.custom) return { task: state.task, dataName: state.data.name };
  const d = datasets.find((x) => {
    const t = taskOfDataset(datasets, x.name);
    return t && sameTask(t, want);
  });
  return { task: want, dataName: d ? d.name : state.data.name };
}

// A training run starts over (a new network, a new dataset, reset): epoch 0, no history.
export const freshRun = (network) => ({ epoch: 0, history: [], optimizerState: null, start: cloneNet(network), network });
