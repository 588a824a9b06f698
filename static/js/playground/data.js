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
  const integral = labels.every((v) => Number.isInteger(v) && v >= 0 && v <= 4);
  const task = integral
    ? { kind: "classification", classes: Math.max(2, Math.max(...labels) + 1) }
    : { kind: "regression", classes: 1 };
  return { points, labels, task };
}
