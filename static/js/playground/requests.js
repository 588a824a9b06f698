// The bodies of the API requests the page makes, built from the state (pure functions, no DOM),
// and the loss/accuracy evaluation of a network as it is (/api/gradients + /api/forward).

import { decodeGrid, post } from "../api.js";

export const SURFACE_RES = 100; // the decision surface: 100 x 100 over the plane, as TensorFlow Playground
export const NEURON_RES = 24; // each neuron's small heatmap
export const CURVE_POINTS = 121; // the response curve

// The data part of a /api/train request: a named dataset spec, or the user's own points.
export function dataSpecOf(d) {
  if (d.custom) return { train: d.custom.train, test: d.custom.test && d.custom.test.points.length ? d.custom.test : null };
  return { dataset: { name: d.name, n: d.n, noise: d.noise, seed: d.seed, train_fraction: d.trainFraction } };
}

// A /api/surface request without its network. uint8 grids: 4x smaller answers, and 1/255 of the
// range is finer than any colour step shown.
export function surfaceSpecOf(dom) {
  return { x_range: dom, y_range: dom, resolution: SURFACE_RES, neurons: true, neuron_resolution: NEURON_RES, encoding: "uint8" };
}

export function decodeSurface(s) {
  if (!s) return null;
  const dec = (g) => ({ shape: g.shape, flat: decodeGrid(g), min: g.min, max: g.max, raw: g });
  return {
    x: s.x, y: s.y, outputs: s.outputs.map(dec), raw: s,
    neurons: s.neurons ? s.neurons.map((layer) => layer.map(dec)) : null,
  };
}

// One /api/forward with a trace: row 0 is the probe, then the response curve along one axis
// through it.
export function forwardRequestOf(state, [lo, hi]) {
  const [px, py] = state.view.probe;
  const axis = state.view.axis;
  const xs = [];
  const rows = [[px, py]];
  for (let k = 0; k < CURVE_POINTS; k++) {
    const v = lo + ((hi - lo) * k) / (CURVE_POINTS - 1);
    xs.push(v);
    rows.push(axis === 0 ? [v, py] : [px, v]);
  }
  return { body: { network: state.network, inputs: rows, trace: true }, xs, probe: [px, py], axis };
}

// The full-size picture of one hidden neuron (the network cut after it) or of one input feature
// (one linear neuron reading only that feature), as a /api/surface request.
export function hoverSurfaceRequest(net, h, dom) {
  let sub;
  if (h.kind === "feature") {
    const w = net.features.map((_, i) => (i === h.index ? 1 : 0));
    sub = { features: net.features, layers: [{ activation: "linear", weights: [w], biases: [0] }] };
  } else {
    if (h.layer >= net.layers.length - 1) return null; // an output neuron: the output grid is already full size
    const layer = net.layers[h.layer];
    if (!layer || !layer.weights[h.index]) return null;
    sub = {
      features: net.features,
      layers: [...net.layers.slice(0, h.layer), { activation: layer.activation, weights: [layer.weights[h.index]], biases: [layer.biases[h.index]] }],
    };
  }
  return { network: sub, x_range: dom, y_range: dom, resolution: SURFACE_RES, neurons: false, encoding: "uint8" };
}

export function trainRequestOf(state, data, optimizerState, epochs, surface) {
  const t = state.train;
  return {
    network: state.network, data, task: state.task.kind,
    optimizer: { name: t.optimizer, learning_rate: t.lr, momentum: 0.9, beta1: 0.9, beta2: 0.999 },
    batch_size: t.batchSize, epochs, seed: t.seed,
    regularization: { kind: t.reg, rate: t.reg === "none" ? 0 : t.regRate },
    optimizer_state: optimizerState, epoch: state.epoch, surface,
  };
}

// Loss (and its gradient for every weight) of the network as it is now, on the train and test
// points, from /api/gradients; accuracy (same rule as the engine: argmax, or 0.5 / 0 for one
// sigmoid / tanh output) or R² from the outputs of /api/forward on the test points.
export async function evaluateNetwork(net, d, kind) {
  if (!d || !d.train || d.train.points.length < 1) return null;
  const hasTest = d.test && d.test.points.length > 0;
  const evalSet = hasTest ? d.test : d.train;
  const body = (set) => ({ network: net, inputs: set.points, labels: set.labels, task: kind });
  const [gTrain, gTest, fwd] = await Promise.all([
    post("/api/gradients", body(d.train)),
    hasTest ? post("/api/gradients", body(d.test)) : null,
    post("/api/forward", { network: net, inputs: evalSet.points }),
  ]);
  const out = fwd.outputs;
  const outAct = net.layers[net.layers.length - 1].activation;
  let acc = null;
  let r2 = null;
  if (kind === "classification") {
    let ok = 0;
    out.forEach((o, i) => {
      const pred = o.length === 1 ? (o[0] > (outAct === "tanh" ? 0 : 0.5) ? 1 : 0) : o.indexOf(Math.max(...o));
      if (pred === evalSet.labels[i]) ok++;
    });
    acc = ok / out.length;
  } else {
    const y = evalSet.labels;
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    let tot = 0;
    let res = 0;
    y.forEach((v, i) => {
      tot += (v - mean) ** 2;
      res += (v - out[i][0]) ** 2;
    });
    r2 = tot > 0 ? 1 - res / tot : res === 0 ? 1 : 0;
  }
  const metrics = {
    train_loss: gTrain.loss, test_loss: gTest ? gTest.loss : null,
    train_accuracy: hasTest ? null : acc, test_accuracy: hasTest ? acc : null,
    train_r2: hasTest ? null : r2, test_r2: hasTest ? r2 : null,
  };
  return { metrics, grads: gTrain.layers };
}
