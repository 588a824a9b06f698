// Colours shared by every page: the diverging negative/positive scale (orange / white / blue: safe for the common
// colour-vision deficiencies), class colours, and fast grid -> canvas painting.

export const NEG = [224, 112, 0]; // #e07000
export const POS = [21, 101, 192]; // #1565c0
export const CLASS_COLORS = ["#e07000", "#1565c0", "#009e73", "#c0448f", "#8c6d1f"];
export const CLASS_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross"];

export const hex = (rgb) => "#" + rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
export function parseHex(h) {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const WHITE = [255, 255, 255];
const PAPER = [250, 251, 252];

// 256-entry lookup table for t in [-1, 1]: orange -> white -> blue.
function buildDiverging(neg, pos, mid = WHITE) {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * 2 - 1;
    const c = t < 0 ? mix(mid, neg, -t) : mix(mid, pos, t);
    lut.set(c.map(Math.round), i * 3);
  }
  return lut;
}
export const DIVERGING = buildDiverging(NEG, POS);

// Lookup for one class: paper (t = 0) -> class colour (t = 1).
const classLuts = new Map();
export function classLut(k) {
  if (!classLuts.has(k)) {
    const c = parseHex(CLASS_COLORS[k % CLASS_COLORS.length]);
    const lut = new Uint8ClampedArray(256 * 3);
    for (let i = 0; i < 256; i++) lut.set(mix(PAPER, c, i / 255).map(Math.round), i * 3);
    classLuts.set(k, lut);
  }
  return classLuts.get(k);
}

// Class k's colour at strength t in [0, 1] (paper -> the class colour), as a CSS string: the
// same ramp as the multi-class surface, for a softmax output's value.
export function classCss(k, t) {
  const lut = classLut(k);
  const i = Math.round(Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * 255) * 3;
  return `rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]})`;
}

// The text colour that reads best on class k's colour at strength t: white or the ink.
export function classTextCss(k, t) {
  const lut = classLut(k);
  const i = Math.round(Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * 255) * 3;
  const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const L = 0.2126 * lin(lut[i]) + 0.7152 * lin(lut[i + 1]) + 0.0722 * lin(lut[i + 2]);
  return 1.05 / (L + 0.05) > (L + 0.05) / 0.059 ? "#fff" : "var(--ink)";
}

// Where an activation's output is centred and how wide it is, for colouring.
export function valueScale(activation) {
  if (activation === "sigmoid" || activation === "softmax") return { mid: 0.5, half: 0.5 };
  return { mid: 0, half: 1 };
}

// The colour of one value as a CSS string (diverging scale).
export function divergingCss(v, activation) {
  const { mid, half } = valueScale(activation);
  let t = (v - mid) / half;
  if (!Number.isFinite(t)) t = 0;
  t = Math.max(-1, Math.min(1, t));
  const i = Math.round(((t + 1) / 2) * 255) * 3;
  return `rgb(${DIVERGING[i]},${DIVERGING[i + 1]},${DIVERGING[i + 2]})`;
}

// Paint a decoded grid (row 0 = bottom) into a canvas the size of the grid (top row = y max).
// lut: 256*3 table; map(v) -> index 0..255.
export function paintGrid(canvas, flat, rows, cols, lut, map) {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(cols, rows);
  const px = img.data;
  for (let r = 0; r < rows; r++) {
    const dst = (rows - 1 - r) * cols * 4;
    const src = r * cols;
    for (let c = 0; c < cols; c++) {
      let i = map(flat[src + c]);
      i = i < 0 ? 0 : i > 255 ? 255 : i | 0;
      const o = dst + c * 4;
      const l = i * 3;
      px[o] = lut[l];
      px[o + 1] = lut[l + 1];
      px[o + 2] = lut[l + 2];
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}

export function divergingMap(activation) {
  const { mid, half } = valueScale(activation);
  return (v) => ((v - mid) / half + 1) * 127.5;
}

// Plotly colour scales.
export function divergingScale(n = 11) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const j = Math.round(t * 255) * 3;
    out.push([t, `rgb(${DIVERGING[j]},${DIVERGING[j + 1]},${DIVERGING[j + 2]})`]);
  }
  return out;
}

// Multi-class: z in [k, k+1) means "class k wins, with confidence z-k". One lightness ramp per class.
export function multiClassScale(classes) {
  const out = [];
  for (let k = 0; k < classes; k++) {
    const c = parseHex(CLASS_COLORS[k % CLASS_COLORS.length]);
    const lo = hex(mix(PAPER, c, 0.12));
    const hi = hex(mix(PAPER, c, 0.85));
    out.push([k / classes + (k ? 1e-6 : 0), lo]);
    out.push([(k + 1) / classes - (k + 1 < classes ? 1e-6 : 0), hi]);
  }
  return out;
}

// Edge thickness for |w| (px): thin edges stay visible on a projector, heavy ones are capped.
export const edgeWidth = (w, { min = 0.9, per = 2.2, max = 9 } = {}) => Math.min(max, min + per * Math.abs(w));
