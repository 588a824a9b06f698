// The bodies of the API requests the page makes, built from the state (pure functions, no DOM),
// and the evaluation of a network as it is (/api/train with 0 epochs + /api/gradients).

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

// Loss, accuracy or R² and the confusion matrix of the network as it is now (one /api/train call
// with epochs 0: it evaluates without training), and the loss's gradient for every weight on the
// training points (/api/gradients, drawn on the edges).
export async function evaluateNetwork(net, d, kind) {
  if (!d || !d.train || d.train.points.length < 1) return null;
  const hasTest = d.test && d.test.points.length > 0;
  const data = { train: d.train, test: hasTest ? d.test : null };
  const [ev, grads] = await Promise.all([
    post("/api/train", { network: net, data, task: kind, epochs: 0 }),
    post("/api/gradients", { network: net, inputs: d.train.points, labels: d.train.labels, task: kind }),
  ]);
  return { metrics: ev.metrics, confusion: ev.confusion_matrix || null, grads: grads.layers };
}
