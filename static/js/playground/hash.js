// What a link opens, pure (no DOM; node-tested in tests/js/playground-hash.test.mjs).
// Hash forms: #s=<state> (an exact network), #preset=<name>, #fresh (the default network); a class
// link adds &hide=a,b (or hide=none). The controls a page hides are a function of its hash only:
// hiddenControls(hash); they are never read from storage. A class link's work is saved in its own
// slot, so it never overwrites the student's own playground work.

export const STORAGE_KEY = "neuron-playground:v1";

// Every control a link can hide (its data-control name) and its short code, for links on a board.
export const HIDE_CODES = {
  dataset: "ds", ratio: "ra", noise: "nz", points: "pt", "batch-size": "bs", regenerate: "rg",
  "custom-data": "cd", features: "ft", layers: "ly", neurons: "nr", activation: "ac", weights: "wt",
  train: "tr", "learning-rate": "lr", optimizer: "op", regularization: "rz", problem: "pb", speed: "sp",
  presets: "ps", export: "ex", share: "sh", inspector: "in", "edge-mode": "em", "click-mode": "cm",
};
const LONG = Object.fromEntries(Object.entries(HIDE_CODES).map(([name, code]) => [code, name]));

// "ps,learning-rate,bogus" -> ["presets", "learning-rate"]: long names or short codes, unknown ones
// (and "none") dropped, each once, in the link's order.
export function hideList(text) {
  const out = [];
  for (const part of String(text || "").split(",")) {
    const t = part.trim();
    const name = t in HIDE_CODES ? t : LONG[t];
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

export function parseHash(hash = globalThis.location ? globalThis.location.hash : "") {
  const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  const classLink = params.has("hide");
  return {
    s: params.get("s") || null,
    preset: params.get("preset") || null,
    fresh: params.has("fresh"),
    classLink,
    hide: classLink ? hideList(params.get("hide")) : null,
  };
}

// The controls a link hides: null when it is no class link (nothing hidden, the teacher menu shown).
export const hiddenControls = (hash) => parseHash(hash).hide;

// "hide=..." for a class link's list (short codes for a board), "" for no class link.
export function hideParam(hide, { short = false } = {}) {
  if (!hide) return "";
  const names = hide.map((n) => (short ? HIDE_CODES[n] || n : n));
  return `hide=${names.length ? names.join(",") : "none"}`;
}

// The page's own hash after each save: the exact state, and the class link's hidden controls.
export function buildHash(encoded, hide) {
  const h = hideParam(hide);
  return `#s=${encoded}${h ? `&${h}` : ""}`;
}

// A class link's hash: a preset as it starts (short enough for a board), an exact state, or the
// default network.
export function classLinkHash({ preset = null, encoded = null } = {}, hide = []) {
  const head = preset ? `preset=${encodeURIComponent(preset)}` : encoded ? `s=${encoded}` : "fresh";
  return `#${head}&${hideParam(hide || [], { short: true })}`;
}

// Where a page keeps its work: the student's own slot, or the class links' slot.
export const slotKey = (classLink) => (classLink ? `${STORAGE_KEY}:class` : STORAGE_KEY);
// The work a link or "Start fresh" replaced, one "Restore your previous network" away.
export const previousKey = (classLink) => `${slotKey(classLink)}:previous`;

// What opening a page with this link does: load the link's state, a preset, the default network,
// or the saved work; `replaces` when a link would put something else over saved work.
export function openPlan(link, savedText) {
  let load = "saved";
  if (link.s) load = "link";
  else if (link.preset) load = "preset";
  else if (link.fresh || link.classLink) load = "fresh";
  return { load, replaces: load !== "saved" && !!savedText && savedText !== link.s };
}

// Saved work worth keeping: trained, weights edited, or own points.
export function hasWork(doc) {
  if (!doc || typeof doc !== "object") return false;
  if (Number.isInteger(doc.epoch) && doc.epoch > 0) return true;
  if (doc.data && doc.data.custom) return true;
  const layers = (n) => JSON.stringify(n && n.layers);
  return !!(doc.network && doc.start && layers(doc.network) !== layers(doc.start));
}

// The preset whose network this is (layers and features), or null.
export function presetOf(net, presets) {
  if (!net || !Array.isArray(net.layers)) return null;
  const key = (n) => JSON.stringify([n.features || ["x1", "x2"], n.layers.map((l) => [l.activation, l.weights, l.biases])]);
  const k = key(net);
  return (presets || []).find((p) => p.network && Array.isArray(p.network.layers) && key(p.network) === k) || null;
}

// Which class links the teacher is offered for this state: "short" (a preset as it starts) when
// the state is a preset's start; both when a preset's network was edited or trained; else "exact".
export function linkChoices(state, presets) {
  const origin = presetOf(state.start, presets) || presetOf(state.network, presets);
  if (!origin) return { preset: null, kinds: ["exact"], edited: true };
  const atStart = state.epoch === 0 && presetOf(state.network, presets) === origin;
  return { preset: origin.name, kinds: atStart ? ["short"] : ["short", "exact"], edited: !atStart };
}
