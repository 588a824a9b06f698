// Heatmaps straight from the API's uint8 grids onto canvases: a grid's 256 possible bytes are
// mapped to colours once (a 256-entry table), then every pixel is one table lookup, written with
// putImageData. Row 0 of a grid is y min; canvases have y max on top.

import { decodeGrid } from "../api.js";

function b64bytes(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// A GRID ({shape, min, max, encoding, data}) decoded once: uint8 grids keep their bytes;
// `flat` (Float32Array of values) is computed on first use.
export function decoded(grid) {
  const bytes = grid.encoding === "uint8" ? b64bytes(grid.data) : null;
  let flat = null;
  return {
    shape: grid.shape, min: grid.min, max: grid.max, bytes,
    get flat() {
      if (!flat) flat = bytes ? fromBytes(bytes, grid.min, grid.max) : decodeGrid(grid);
      return flat;
    },
  };
}

function fromBytes(bytes, min, max) {
  const out = new Float32Array(bytes.length);
  const step = (max - min) / 255;
  for (let i = 0; i < bytes.length; i++) out[i] = min + step * bytes[i];
  return out;
}

// colour table for a grid: byte b -> lut[map(min + (max - min) * b / 255)]
export function tableFor(min, max, lut, map) {
  const t = new Uint8ClampedArray(256 * 3);
  const step = (max - min) / 255;
  for (let b = 0; b < 256; b++) {
    let i = map(min + step * b);
    i = i < 0 ? 0 : i > 255 ? 255 : i | 0;
    t[b * 3] = lut[i * 3];
    t[b * 3 + 1] = lut[i * 3 + 1];
    t[b * 3 + 2] = lut[i * 3 + 2];
  }
  return t;
}

const images = new WeakMap();
function imageFor(canvas, cols, rows) {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const ctx = canvas.getContext("2d");
  let img = images.get(canvas);
  if (!img || img.width !== cols || img.height !== rows) {
    img = ctx.createImageData(cols, rows);
    images.set(canvas, img);
  }
  return { ctx, img };
}

// Paint a decoded grid with a colour table (from its bytes when it has them).
export function paintDecoded(canvas, g, lut, map) {
  const [rows, cols] = g.shape;
  const { ctx, img } = imageFor(canvas, cols, rows);
  const px = img.data;
  if (g.bytes) {
    const t = tableFor(g.min, g.max, lut, map);
    const src = g.bytes;
    for (let r = 0; r < rows; r++) {
      let o = (rows - 1 - r) * cols * 4;
      for (let c = 0, s = r * cols; c < cols; c++, s++, o += 4) {
        const k = src[s] * 3;
        px[o] = t[k];
        px[o + 1] = t[k + 1];
        px[o + 2] = t[k + 2];
        px[o + 3] = 255;
      }
    }
  } else {
    const flat = g.flat;
    for (let r = 0; r < rows; r++) {
      let o = (rows - 1 - r) * cols * 4;
      for (let c = 0, s = r * cols; c < cols; c++, s++, o += 4) {
        let i = map(flat[s]);
        i = i < 0 ? 0 : i > 255 ? 255 : i | 0;
        px[o] = lut[i * 3];
        px[o + 1] = lut[i * 3 + 1];
        px[o + 2] = lut[i * 3 + 2];
        px[o + 3] = 255;
      }
    }
  }
  ctx.putImageData(img, 0, 0);
}

// Multi-class: per pixel the winning class's colour, lighter when less sure.
export function paintClasses(canvas, grids, classLut, discretize) {
  const [rows, cols] = grids[0].shape;
  const { ctx, img } = imageFor(canvas, cols, rows);
  const px = img.data;
  const flats = grids.map((g) => g.flat);
  const k = grids.length;
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const p = r * cols + q;
      let best = 0;
      let bv = flats[0][p];
      let sum = bv;
      for (let c = 1; c < k; c++) {
        const v = flats[c][p];
        sum += v;
        if (v > bv) {
          bv = v;
          best = c;
        }
      }
      const conf = discretize ? 1 : Math.max(0, ((sum > 0 ? bv / sum : 1) - 1 / k) / (1 - 1 / k));
      const lut = classLut(best);
      const i = Math.round(30 + conf * 130) * 3;
      const o = ((rows - 1 - r) * cols + q) * 4;
      px[o] = lut[i];
      px[o + 1] = lut[i + 1];
      px[o + 2] = lut[i + 2];
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}
