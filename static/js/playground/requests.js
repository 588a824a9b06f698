// The bodies of the API requests the page makes, built from the state (pure functions, no DOM).
// One round trip per edit (/api/evaluate) and per training frame (/api/train): both answer the
// same frame (metrics, confusion matrix, surface with every neuron, probe trace, response curve,
// the inspected neuron's arithmetic, gradients when the edges show them).

import { decoded } from "./paint.js";

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
  return {
    x: s.x, y: s.y, outputs: s.outputs.map(decoded),
    features: s.features ? s.features.map(decoded) : null,
    neurons: s.neurons ? s.neurons.map((layer) => layer.map(decoded)) : null,
  };
}

// The probe part of a frame: the probed point, the response curve along one axis through it,
// and the selected neuron's arithmetic there.
export function probeSpecOf(state, dom) {
  const sel = state.view.selected;
  return {
    point: state.view.probe, axis: state.view.axis, range: dom, points: CURVE_POINTS,
    neuron: sel ? { layer: sel.layer, index: sel.index } : null,
  };
}

// What every frame asks for besides the metrics.
export function framePartsOf(state, dom) {
  return { surface: surfaceSpecOf(dom), probe: probeSpecOf(state, dom), gradients: state.view.edgeMode === "gradient" };
}

// /api/evaluate: the frame of the network as it is (after an edit).
export function evaluateRequestOf(state, dom) {
  return { network: state.network, data: dataSpecOf(state.data), task: state.task.kind, ...framePartsOf(state, dom) };
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

// /api/train: `epochs` more epochs from where the state is, and the frame of the result.
export function trainRequestOf(state, dom, epochs) {
  const t = state.train;
  return {
    network: state.network, data: dataSpecOf(state.data), task: state.task.kind,
    optimizer: { name: t.optimizer, learning_rate: t.lr, momentum: 0.9, beta1: 0.9, beta2: 0.999 },
    batch_size: t.batchSize, epochs, seed: t.seed,
    regularization: { kind: t.reg, rate: t.reg === "none" ? 0 : t.regRate },
    optimizer_state: state.optimizerState, epoch: state.epoch, ...framePartsOf(state, dom),
  };
}

// A frame answer, its grids decoded once (views paint from the decoded arrays).
export function decodeFrame(res) {
  return {
    metrics: res.metrics || null, confusion: res.confusion_matrix || null, surface: decodeSurface(res.surface),
    probe: res.probe || null, gradients: res.gradients ? res.gradients.layers : null,
  };
}
