// Lesson 4's shared state: the example network (3 → 3 → 2 → 1), the inputs and the hidden
// activation. network.js edits it; collapse.js listens for changes.

export const LABELS = ["cell size", "cell shape", "clump thickness"];

const START = [
  { weights: [[0.8, -0.4, 0.6], [-0.5, 0.9, 0.3], [0.4, 0.5, -0.7]], biases: [0.1, -0.2, 0.3] },
  { weights: [[0.7, -0.6, 0.5], [-0.3, 0.8, 0.4]], biases: [0.0, 0.1] },
  { weights: [[1.2, -0.9]], biases: [0.2] },
];

const copy = (v) => JSON.parse(JSON.stringify(v));

export const state = {
  params: copy(START),
  inputs: [0.8, 0.7, 0.9],
  hidden: "relu",
};

export function resetParams() {
  state.params = copy(START);
}

// The network object of the API, with the given activations (hidden layers, output layer).
export function network(hidden = state.hidden, output = "sigmoid") {
  return {
    layers: state.params.map((p, l) => ({
      activation: l === state.params.length - 1 ? output : hidden,
      weights: copy(p.weights),
      biases: copy(p.biases),
    })),
  };
}

export const events = new EventTarget();

// fromLayer: the first network layer (0 = first hidden) whose values change.
export function changed(fromLayer = 0) {
  events.dispatchEvent(new CustomEvent("change", { detail: { fromLayer } }));
}
