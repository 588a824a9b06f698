// The picture of an input feature: its value over the plane [-6, 6]², coloured on the diverging
// scale (orange negative, white 0, blue positive) scaled by its largest |value|, as the API's
// feature grids are. A pure function of the feature, so the page draws it itself: inactive
// features (which the API's frame does not cover) have their picture too.

import { DIVERGING, paintGrid } from "../lib/palette.js";

const FN = {
  x1: (x1) => x1,
  x2: (x1, x2) => x2,
  "x1^2": (x1) => x1 * x1,
  "x2^2": (x1, x2) => x2 * x2,
  "x1*x2": (x1, x2) => x1 * x2,
  "sin(x1)": (x1) => Math.sin(x1),
  "sin(x2)": (x1, x2) => Math.sin(x2),
};

// {flat, rows, cols, span}: row 0 = x2 min, column 0 = x1 min (the API's grid layout).
export function featureGrid(feature, n = 40, [lo, hi] = [-6, 6]) {
  const fn = FN[feature];
  if (!fn) return null;
  const flat = new Float32Array(n * n);
  const at = (i) => lo + ((hi - lo) * i) / (n - 1);
  let span = 1e-9;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = fn(at(c), at(r));
      flat[r * n + c] = v;
      span = Math.max(span, Math.abs(v));
    }
  }
  return { flat, rows: n, cols: n, span };
}

export function paintFeature(canvas, feature) {
  const g = featureGrid(feature);
  if (!g) return;
  paintGrid(canvas, g.flat, g.rows, g.cols, DIVERGING, (v) => (v / g.span + 1) * 127.5);
}
