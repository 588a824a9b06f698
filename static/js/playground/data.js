// Data (pure, no API: compute.js fetches): label ranges, the plane shown, thumbnails for the
// dataset tiles, and the user's own data (points clicked on the plot, CSV pasted or uploaded).

import { CLASS_COLORS, divergingCss } from "../lib/palette.js";

export const MAX_CSV_POINTS = 5000;

// Label range (for regression colouring).
export function labelRange(data) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const set of [data.train, data.test]) {
    if (!set) continue;
    for (const v of set.labels) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  if (hi - lo < 1e-9) return [lo - 1, hi + 1];
  return [lo, hi];
}

// The plane shown: [-6, 6] unless the data reach further.
export function domainFor(data) {
  let m = 6;
  for (const set of [data && data.train, data && data.test]) {
    if (!set) continue;
    for (const p of set.points) m = Math.max(m, Math.abs(p[0]), Math.abs(p[1]));
  }
  return m > 6 ? [-Math.ceil(m * 1.05), Math.ceil(m * 1.05)] : [-6, 6];
}

// Draw a dataset's points into a small canvas (for the tiles).
export function drawThumb(canvas, data, task) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width;
  const h = canvas.height;
  ctx.fillStyle = "#fafbfc";
  ctx.fillRect(0, 0, w, h);
  const pts = data.train.points.concat(data.test ? data.test.points : []);
  const labels = data.train.labels.concat(data.test ? data.test.labels : []);
  const d = domainFor(data)[1];
  let lo = 0;
  let hi = 1;
  if (task === "regression") [lo, hi] = labelRange(data);
  pts.forEach((p, i) => {
    const x = ((p[0] + d) / (2 * d)) * w;
    const y = h - ((p[1] + d) / (2 * d)) * h;
    const l = labels[i];
    ctx.fillStyle = task === "regression" ? divergingCss(((l - lo) / (hi - lo)) * 2 - 1, "linear") : CLASS_COLORS[l] || "#888";
    ctx.beginPath();
    ctx.arc(x, y, 1.7, 0, Math.PI * 2);
    ctx.fill();
  });
}

// ---------------------------------------------------------------- CSV
export class CsvError extends Error {
  constructor(errors) {
    super(errors.join("\n"));
    this.errors = errors;
  }
}

// Parse "x1,x2,label" rows (comma, semicolon, tab or spaces; an optional header line).
// Returns {points, labels, task: {kind, classes}}; throws CsvError naming every bad row (up to 6).
export function parseCsv(text) {
  const errors = [];
  const points = [];
  const labels = [];
  const lines = String(text || "").split(/\r\n|\n|\r/);
  let seenData = false;
  let bad = 0;
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    const rowNo = idx + 1;
    if (!line || line.startsWith("#")) return;
    const fields = line.split(/\s*[,;\t]\s*|\s+/).filter((f, i, a) => !(f === "" && i === a.length - 1));
    const nums = fields.map((f) => (f.trim() === "" ? NaN : Number(f)));
    if (!seenData && nums.some((v) => Number.isNaN(v)) && fields.every((f) => /[a-z_]/i.test(f))) {
      seenData = true; // a header line such as "x1,x2,label"
      return;
    }
    seenData = true;
    const complain = (msg) => {
      bad++;
      if (errors.length < 6) errors.push(`Row ${rowNo}: ${msg}`);
    };
    if (fields.length !== 3) {
      complain(`expected 3 values (x1, x2, label), got ${fields.length}: "${line.slice(0, 40)}"`);
      return;
    }
    const names = ["x1", "x2", "label"];
    for (let k = 0; k < 3; k++) {
      if (!Number.isFinite(nums[k])) {
        complain(`${names[k]} is "${fields[k].slice(0, 20)}", not a finite number`);
        return;
      }
    }
    points.push([nums[0], nums[1]]);
    labels.push(nums[2]);
  });
  if (bad > errors.length) errors.push(`… and ${bad - errors.length} more bad rows`);
  if (!errors.length && points.length < 2) errors.push("Need at least 2 rows of x1, x2, label");
  if (!errors.length && points.length > MAX_CSV_POINTS) errors.push(`Too many rows: ${points.length} (at most ${MAX_CSV_POINTS})`);
  if (errors.length) throw new CsvError(errors);
  return { points, ...labelsToTask(labels) };
}

const minus = (v) => String(v).replace("-", "−");

// What a column of labels means. Whole numbers 0–4 with a 0 are class numbers (0-based, as the
// API and the playground count); two distinct values of any kind are two classes, the smaller class 0
// (TensorFlow Playground's −1/1 becomes 0/1); a few (≤ 5) distinct whole numbers are classes in
// their order; anything else is regression. Returns {labels, task, mapping, message}: `mapping`
// lists [label in the file, class] when labels were renumbered, `message` says what was decided.
export function labelsToTask(raw) {
  const distinct = [...new Set(raw)].sort((a, b) => a - b);
  const whole = distinct.every((v) => Number.isInteger(v));
  const lo = distinct[0];
  const hi = distinct[distinct.length - 1];
  if (whole && lo === 0 && hi <= 4 && (distinct.length !== 2 || hi === 1)) {
    const classes = Math.max(2, hi + 1);
    return { labels: raw, task: { kind: "classification", classes }, mapping: null, message: `${classes} classes (${Array.from({ length: classes }, (_, k) => k).join(", ")})` };
  }
  if (distinct.length === 2 || (whole && distinct.length <= 5)) {
    const index = new Map(distinct.map((v, k) => [v, k]));
    const mapping = distinct.map((v, k) => [v, k]);
    return {
      labels: raw.map((v) => index.get(v)), task: { kind: "classification", classes: Math.max(2, distinct.length) }, mapping,
      message: `${distinct.length} classes: ${mapping.map(([v, k]) => `${minus(v)} → class ${k}`).join(", ")}`,
    };
  }
  return {
    labels: raw, task: { kind: "regression", classes: 1 }, mapping: null,
    message: `regression: the labels are ${distinct.length} different numbers (from ${minus(lo)} to ${minus(hi)})`,
  };
}

// ---------------------------------------------------------------- train/test split of own data
// A deterministic number in [0, 1) for one point and a seed (FNV-1a over its coordinates and label).
function pointHash(p, label, seed) {
  let h = 2166136261 ^ (seed >>> 0);
  for (const ch of `${p[0]},${p[1]},${label}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

// Own data split into train and test: round(n · fraction) training points (at least one), chosen
// by a seeded hash of each point, so the split depends only on the set of points, the fraction and
// the seed (never on their order), and adding a point moves at most one other across.
export function splitOwn(custom, fraction, seed) {
  const pts = [];
  for (const set of [custom && custom.train, custom && custom.test]) {
    if (set) set.points.forEach((p, i) => pts.push({ p, l: set.labels[i] }));
  }
  const order = pts.map((x, i) => ({ x, i, h: pointHash(x.p, x.l, seed) }));
  order.sort((a, b) => a.h - b.h || a.i - b.i);
  const nTrain = pts.length ? Math.max(1, Math.min(pts.length, Math.round(pts.length * fraction))) : 0;
  const isTrain = new Uint8Array(pts.length);
  order.slice(0, nTrain).forEach((o) => (isTrain[o.i] = 1));
  const out = { train: { points: [], labels: [] }, test: { points: [], labels: [] } };
  pts.forEach((x, i) => {
    const set = isTrain[i] ? out.train : out.test;
    set.points.push(x.p);
    set.labels.push(x.l);
  });
  return out;
}

export const ownCount = (custom) => (custom ? custom.train.points.length + (custom.test ? custom.test.points.length : 0) : 0);
