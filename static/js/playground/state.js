// The playground state: one plain object, its defaults, and how it is saved to and restored
// from the URL hash (compact: deflate + base64url of JSON) and localStorage.
// No DOM here except location/history/localStorage.

import { buildHash, slotKey } from "./hash.js";

export const FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"];
export const FEATURE_LABELS = {
  x1: "x₁", x2: "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁·x₂", "sin(x1)": "sin x₁", "sin(x2)": "sin x₂",
};
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const MAX_HIDDEN_LAYERS = 8;
export const MAX_NEURONS = 16;
export { STORAGE_KEY } from "./hash.js";

// Controls a link can hide (the `data-control` names in the page), with a label for the teacher.
export const HIDEABLE = {
  dataset: "Dataset choice", ratio: "Train/test ratio", noise: "Noise", points: "Number of points",
  "batch-size": "Batch size", regenerate: "Regenerate data", "custom-data": "Own data / CSV",
  features: "Input features", layers: "Add/remove layers", neurons: "Add/remove neurons",
  activation: "Activation choice", weights: "Weight editing", train: "Play / step / reset",
  "learning-rate": "Learning rate", optimizer: "Optimiser", regularization: "Regularisation",
  problem: "Problem type", speed: "Epochs per frame", presets: "Presets", export: "Export / import",
  share: "Share", inspector: "Weight editor and inspector", "edge-mode": "Edge display",
  "click-mode": "Add points mode",
};

export function defaultState() {
  return {
    v: 1,
    // architecture of what the network should be (the network itself comes from /api/networks)
    arch: { hidden: [4, 2], activations: ["tanh", "tanh"], output: "sigmoid", init: "xavier", seed: 1 },
    features: ["x1", "x2"],
    network: null, // the API network object, the one shown and trained
    start: null, // the network at epoch 0: "reset" goes back to it
    data: { name: "xor", n: 500, noise: 0, seed: 0, trainFraction: 0.5, custom: null },
    task: { kind: "classification", classes: 2 },
    train: { optimizer: "adam", lr: 0.03, batchSize: 10, reg: "none", regRate: 0, epochsPerFrame: 1, seed: 0 },
    epoch: 0,
    view: {
      probe: [1, 1], showTest: false, discretize: false, axis: 0, edgeMode: "weight",
      selected: null, clickMode: "probe", addClass: 0,
    },
    hide: [], // the controls the class link hides (from the hash only, never stored)
    classLink: false, // opened from a class link (`hide=` in the hash): its own saved slot, no teacher menu
  };
}

// The parts of the state that go in a link (everything but transient things).
function persistable(state) {
  return {
    v: 1, arch: state.arch, features: state.features, network: state.network, start: state.start,
    data: state.data, task: state.task, train: state.train, epoch: state.epoch,
    view: {
      probe: state.view.probe, showTest: state.view.showTest, discretize: state.view.discretize,
      axis: state.view.axis, edgeMode: state.view.edgeMode, selected: state.view.selected, logLoss: state.view.logLoss,
    },
  };
}

// Merge a (possibly partial or older) saved state over the defaults.
export function fromSaved(saved) {
  const s = defaultState();
  if (!saved || typeof saved !== "object") return s;
  for (const key of ["arch", "data", "task", "train", "view"]) {
    if (saved[key] && typeof saved[key] === "object") Object.assign(s[key], saved[key]);
  }
  if (Array.isArray(saved.features) && saved.features.length) s.features = saved.features.filter((f) => FEATURES.includes(f));
  if (saved.network && Array.isArray(saved.network.layers)) s.network = saved.network;
  if (saved.start && Array.isArray(saved.start.layers)) s.start = saved.start;
  if (Number.isInteger(saved.epoch) && saved.epoch >= 0) s.epoch = saved.epoch;
  // never saved.hide: hidden controls come from the link's `hide=` only (see linkOf), not from storage
  if (s.network && s.network.features) s.features = s.network.features.slice();
  return sanitize(s);
}

// A link is untrusted input: put every field back in its range (the API checks the network).
function sanitize(s) {
  const d = defaultState();
  const num = (v, lo, hi, dflt) => (typeof v === "number" && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : dflt);
  const int = (v, lo, hi, dflt) => Math.round(num(v, lo, hi, dflt));
  const oneOf = (v, list, dflt) => (list.includes(v) ? v : dflt);
  s.data.name = typeof s.data.name === "string" && /^[a-z0-9_-]{1,40}$/i.test(s.data.name) ? s.data.name : d.data.name;
  s.data.n = int(s.data.n, 10, 5000, d.data.n);
  s.data.noise = int(s.data.noise, 0, 50, 0);
  s.data.seed = int(s.data.seed, 0, 1e9, 0);
  s.data.trainFraction = num(s.data.trainFraction, 0.1, 0.9, 0.5);
  const c = s.data.custom;
  const okSet = (set) => set && Array.isArray(set.points) && Array.isArray(set.labels) && set.points.length === set.labels.length;
  if (c && !(okSet(c.train) && (!c.test || okSet(c.test)))) s.data.custom = null;
  s.task = s.task && s.task.kind === "regression" ? { kind: "regression", classes: 1 } : { kind: "classification", classes: int(s.task && s.task.classes, 2, 5, 2) };
  const t = s.train;
  t.optimizer = oneOf(t.optimizer, ["sgd", "momentum", "adam"], d.train.optimizer);
  t.lr = num(t.lr, 1e-6, 10, d.train.lr);
  t.batchSize = int(t.batchSize, 1, 64, d.train.batchSize);
  t.reg = oneOf(t.reg, ["none", "l1", "l2"], "none");
  t.regRate = num(t.regRate, 0, 10, 0);
  t.epochsPerFrame = oneOf(t.epochsPerFrame, [1, 2, 5, 10, 25], 1);
  t.seed = int(t.seed, 0, 1e9, 0);
  const v = s.view;
  v.probe = Array.isArray(v.probe) && v.probe.length === 2 ? v.probe.map((x) => num(x, -1e4, 1e4, 0)) : d.view.probe;
  v.showTest = !!v.showTest;
  v.discretize = !!v.discretize;
  v.logLoss = !!v.logLoss;
  v.axis = v.axis === 1 ? 1 : 0;
  v.edgeMode = oneOf(v.edgeMode, ["weight", "contribution", "gradient"], "weight");
  v.clickMode = "probe";
  v.view3d = false;
  v.addClass = 0;
  if (!v.selected || typeof v.selected !== "object") v.selected = null;
  const a = s.arch;
  a.hidden = Array.isArray(a.hidden) ? a.hidden.slice(0, MAX_HIDDEN_LAYERS).map((n) => int(n, 1, MAX_NEURONS, 4)) : d.arch.hidden;
  a.activations = Array.isArray(a.activations) ? a.activations.filter((x) => typeof x === "string") : d.arch.activations;
  a.output = typeof a.output === "string" ? a.output : d.arch.output;
  a.init = oneOf(a.init, ["xavier", "he", "uniform", "zeros"], "xavier");
  a.seed = int(a.seed, 0, 1e9, 1);
  if (!s.features.length) s.features = d.features;
  return s;
}

// ---------- compact encoding: JSON -> deflate-raw -> base64url ("z" prefix), or plain base64url ("j") ----------
function toB64url(bytes) {
  let bin = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function fromB64url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
async function pipe(bytes, stream) {
  const res = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await res.arrayBuffer());
}
const hasCompression = typeof CompressionStream === "function" && typeof DecompressionStream === "function";

export async function encodeState(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(persistable(state)));
  if (hasCompression) {
    try {
      return "z" + toB64url(await pipe(bytes, new CompressionStream("deflate-raw")));
    } catch {
      /* an older browser without deflate-raw: plain JSON below */
    }
  }
  return "j" + toB64url(bytes);
}

export async function decodeState(text) {
  if (!text) return null;
  const kind = text[0];
  let bytes = fromB64url(text.slice(1));
  if (kind === "z") bytes = await pipe(bytes, new DecompressionStream("deflate-raw"));
  else if (kind !== "j") throw new Error("unknown state encoding");
  return JSON.parse(new TextDecoder().decode(bytes));
}

// ---------- the hash: #s=<state>, #preset=<name>, #fresh; a class link adds &hide=a,b (or hide=none) ----------
export { parseHash, hiddenControls, hideParam, classLinkHash, buildHash, hasWork, slotKey, previousKey, openPlan } from "./hash.js";
export { HIDE_CODES, linkChoices, presetOf } from "./hash.js";

export async function shareUrl(state, hide = state.classLink ? state.hide : null) {
  const encoded = await encodeState(state);
  return location.origin + location.pathname + location.search + buildHash(encoded, hide);
}

// Save to the hash (replaceState: no history entry per edit) and to localStorage: a class link's
// work in its own slot, never over the student's own playground work.
export async function save(state) {
  const encoded = await encodeState(state);
  const hash = buildHash(encoded, state.classLink ? state.hide : null);
  if (location.hash !== hash) history.replaceState(null, "", location.pathname + location.search + hash);
  writeSlot(slotKey(state.classLink), encoded);
  return hash;
}

export function readSlot(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeSlot(key, text) {
  try {
    if (text === null) localStorage.removeItem(key);
    else localStorage.setItem(key, text);
  } catch {
    /* private mode or quota: the hash still has it */
  }
}

export async function loadLocal(classLink = false) {
  try {
    const text = readSlot(slotKey(classLink));
    return text ? await decodeState(text) : null;
  } catch {
    return null;
  }
}

// ---------- small helpers on networks ----------
export const cloneNet = (net) => (net ? JSON.parse(JSON.stringify(net)) : net);

export function layerSizes(net) {
  return net.layers.map((l) => l.biases.length);
}

export function outputUnits(task) {
  return task.kind === "classification" && task.classes > 2 ? task.classes : 1;
}
