// Challenges in the playground, the pure part: the check's body from the page's state, the
// preset a challenge starts from, the link of a challenge or a sequence, and the progress kept
// in the browser (localStorage, passed in: tested with node --test).

export const PROGRESS_KEY = "neuron-playground:challenges:v1";
export const ACTIVE_KEY = "neuron-playground:challenge-active"; // sessionStorage: this tab's challenge

// A network as the API takes it (only features and layers; never anything else the page holds).
export function netBody(net) {
  if (!net) return null;
  const out = { layers: net.layers.map((l) => ({ activation: l.activation, weights: l.weights, biases: l.biases })) };
  if (net.features) out.features = net.features.slice();
  return out;
}

export function settingsBody(train) {
  return {
    optimizer: { name: train.optimizer, learning_rate: train.lr },
    batch_size: train.batchSize,
    regularization: { kind: train.reg, rate: train.reg === "none" ? 0 : train.regRate },
  };
}

// Whether the challenge is played on the playground's plane (2-D points) or in the panel's own
// small form (the tumour neuron's three raw inputs).
export const inPlayground = (def) => !!(def.start.network && def.start.network.features);

// The part the page sends: the trained network for "weights" challenges, the start network (what
// Reset returns to, what the server trains from) for "training" ones.
export function partOf(def, state, form) {
  if (!inPlayground(def)) return { network: netBody(form) };
  const net = def.mode === "training" ? state.start || state.network : state.network;
  return { network: netBody(net), settings: settingsBody(state.train) };
}

// The check's body: this part, part 1 for two-part challenges, the answer for a question.
export function checkBody(def, state, c) {
  const body = partOf(def, state, c.form);
  if (def.parts) body.before = c.part1 || partOf(def, state, c.form);
  if (def.question && c.answer !== "" && c.answer !== null && c.answer !== undefined && Number.isFinite(+c.answer)) {
    body.answer = +c.answer;
  }
  return body;
}

// The challenge's start as a playground preset (app/presets' shape, what onPreset loads).
export function presetOf(def) {
  const st = def.start;
  const s = st.settings || {};
  const settings = {};
  if (s.optimizer) settings.optimizer = { name: s.optimizer.name, learning_rate: s.optimizer.learning_rate };
  if (s.batch_size) settings.batch_size = s.batch_size;
  if (s.regularization) settings.regularization = { kind: s.regularization.kind, rate: s.regularization.rate };
  if (st.probe) settings.probe = st.probe;
  return { name: `challenge:${def.id}`, title: def.title, network: st.network, dataset: st.data ? st.data.dataset : null, settings };
}

// "Settings part 1 used" in a few words, for the panel.
export function describePart(def, part) {
  if (!part) return "";
  const s = part.settings;
  if (def.counts.some((c) => c.endsWith("learning_rate")) && s) return `learning rate ${s.optimizer.learning_rate}`;
  if (def.counts.some((c) => c.endsWith("regularization")) && s) {
    return s.regularization.kind === "none" ? "no regularisation" : `${s.regularization.kind.toUpperCase()} ${s.regularization.rate}`;
  }
  if (part.network) return part.network.layers.map((l) => l.activation).join(", ");
  return "";
}

// ---------------------------------------------------------------- links
export function challengeHash(id, seq) {
  return seq && seq.length > 1 ? `#challenge=${id}&seq=${seq.join(",")}` : `#challenge=${id}`;
}

// The challenge a hash names: `challenge=id` (with `seq=a,b,c`), or `challenges=a,b,c` (the first
// one not passed yet). null when it names none.
export function fromHash(hash, progress) {
  const p = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  const list = (v) => (v ? v.split(",").map((x) => x.trim()).filter((x) => /^[a-z0-9-]{1,40}$/.test(x)) : null);
  const seq = list(p.get("seq")) || list(p.get("challenges"));
  let id = p.get("challenge");
  if (id && !/^[a-z0-9-]{1,40}$/.test(id)) id = null;
  if (!id && seq && seq.length) id = seq.find((x) => !isPassed(progress, x)) || seq[0];
  return id ? { id, seq: seq || null } : null;
}

export function nextInSeq(seq, id) {
  if (!seq) return null;
  const i = seq.indexOf(id);
  return i >= 0 && i + 1 < seq.length ? seq[i + 1] : null;
}

// ---------------------------------------------------------------- progress
export function readProgress(storage) {
  try {
    const p = JSON.parse(storage.getItem(PROGRESS_KEY) || "null");
    if (p && typeof p === "object" && p.passed && typeof p.passed === "object") return { hints: {}, part1: {}, ...p };
  } catch {
    /* damaged: start afresh */
  }
  return { passed: {}, hints: {}, part1: {} };
}

export function writeProgress(storage, progress) {
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    /* private mode or quota: progress lasts this visit */
  }
}

export const isPassed = (progress, id) => !!(progress && progress.passed && progress.passed[id]);

export function withPassed(progress, id, measured) {
  return { ...progress, passed: { ...progress.passed, [id]: { at: new Date().toISOString(), measured } } };
}

export function withHints(progress, id, n) {
  return { ...progress, hints: { ...progress.hints, [id]: n } };
}

export function withPart1(progress, id, part) {
  return { ...progress, part1: { ...progress.part1, [id]: part } };
}

// The numbers of a verdict as label / value rows ("test accuracy", "0.97").
export function measuredRows(measured) {
  return Object.entries(measured || {}).map(([k, v]) => [k.replace(/_/g, " "), v === null ? "—" : typeof v === "number" ? fmtNum(v) : String(v)]);
}

function fmtNum(v) {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e5) ? v.toExponential(2) : String(+v.toPrecision(4));
}
