// What a screen reader hears of the pictures: the metrics, announced politely in a live region
// (after an edit has settled, when training pauses, and at most every 10 s while it trains), and
// a text summary of the decision surface (which class covers how much of the plane and where,
// the accuracy, the probe), kept up to date with the plot. Also tells the plot what a press
// on it does (the click mode). Subscribes to the store like the other views; no API.

import { $, setText } from "../lib/dom.js";
import { fixed, percent } from "../lib/format.js";
import { outputUnits } from "./state.js";

const TRAINING_EVERY = 10000; // ms between announcements while training
const SETTLE = 1200; // ms after the last edit

const num = (v, d) => fixed(v, d);

function accuracyOf(s, h) {
  const hasTest = h.test_loss !== null && h.test_loss !== undefined;
  if (s.task.kind === "regression") {
    const r2 = hasTest ? h.test_r2 : h.train_r2;
    return r2 === null || r2 === undefined ? "" : `${hasTest ? "test" : "train"} R² ${num(r2, 3)}`;
  }
  const acc = hasTest ? h.test_accuracy : h.train_accuracy;
  return acc === null || acc === undefined ? "" : `${hasTest ? "test" : "train"} accuracy ${percent(acc)}`;
}

export function metricsText(s) {
  const h = s.frame && s.frame.metrics;
  if (!h) return "";
  const parts = [`train loss ${num(h.train_loss, 4)}`];
  if (h.test_loss !== null && h.test_loss !== undefined) parts.push(`test loss ${num(h.test_loss, 4)}`);
  const acc = accuracyOf(s, h);
  if (acc) parts.push(acc);
  return `${s.running ? "Training, epoch" : "Epoch"} ${s.epoch || 0}: ${parts.join(", ")}.`;
}

// "upper left", "bottom", "the centre": where a region's centre of mass lies (u, v in [-1, 1]).
function where(u, v) {
  const vert = v > 0.2 ? "upper" : v < -0.2 ? "lower" : "";
  const hor = u > 0.2 ? "right" : u < -0.2 ? "left" : "";
  if (vert && hor) return `mostly ${vert} ${hor}`;
  if (vert) return vert === "upper" ? "mostly at the top" : "mostly at the bottom";
  if (hor) return `mostly on the ${hor}`;
  return "around the centre";
}

// Per class: the share of the plane and the centre of its region. grids: decoded output grids.
function regions(grids, mode, mid) {
  const [rows, cols] = grids[0].shape;
  const flats = grids.map((g) => g.flat);
  const k = mode === "multi" ? grids.length : 2;
  const n = new Array(k).fill(0);
  const su = new Array(k).fill(0);
  const sv = new Array(k).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const p = r * cols + c;
      let best = 0;
      if (mode === "multi") {
        for (let q = 1; q < k; q++) if (flats[q][p] > flats[best][p]) best = q;
      } else best = flats[0][p] >= mid ? 1 : 0;
      n[best]++;
      su[best] += cols > 1 ? (c / (cols - 1)) * 2 - 1 : 0;
      sv[best] += rows > 1 ? (r / (rows - 1)) * 2 - 1 : 0; // row 0 is y min
    }
  }
  const total = rows * cols;
  return n.map((m, q) => ({ cls: q, share: m / total, where: m ? where(su[q] / m, sv[q] / m) : "" }));
}

export function surfaceText(s) {
  const surf = s.frame && s.frame.surface;
  if (!surf || !surf.outputs || !surf.outputs.length || !s.network) return "";
  const lo = surf.x && surf.x.length ? surf.x[0] : -6;
  const hi = surf.x && surf.x.length ? surf.x[surf.x.length - 1] : 6;
  const out = [`Decision surface over x₁ and x₂ from ${num(lo, 0)} to ${num(hi, 0)}.`];
  const layers = s.network.layers;
  const act = layers[layers.length - 1].activation;
  if (s.task.kind === "regression") {
    const g = surf.outputs[0];
    out.push(`The prediction ranges from ${num(g.min, 2)} to ${num(g.max, 2)}.`);
  } else {
    const multi = outputUnits(s.task) > 1;
    const mid = act === "sigmoid" || act === "softmax" ? 0.5 : 0;
    const rs = regions(surf.outputs, multi ? "multi" : "binary", mid).sort((a, b) => b.share - a.share);
    out.push(rs.map((r) => (r.share ? `class ${r.cls} covers ${percent(r.share)} of the plane, ${r.where}` : `class ${r.cls} covers none of it`)).join("; ") + ".");
  }
  const h = s.frame.metrics;
  const acc = h ? accuracyOf(s, h) : "";
  if (acc) out.push(acc[0].toUpperCase() + acc.slice(1) + ".");
  const p = s.frame.probe;
  if (p && p.point && p.outputs) {
    const o = p.outputs;
    let what;
    if (o.length > 1) {
      let best = 0;
      o.forEach((x, q) => (x > o[best] ? (best = q) : 0));
      what = `class ${best} (${percent(o[best])})`;
    } else if (s.task.kind === "regression") what = num(o[0], 3);
    else what = `${num(o[0], 3)}, class ${o[0] >= (act === "sigmoid" ? 0.5 : 0) ? 1 : 0}`;
    out.push(`Probe at (${num(p.point[0], 2)}, ${num(p.point[1], 2)}): output ${what}.`);
  }
  return out.join(" ");
}

export function connectAccess(store, v) {
  const live = $("metrics-live");
  const summary = $("surface-summary");
  let said = 0;
  let timer = 0;
  let wasRunning = false;
  const say = () => {
    said = performance.now();
    if (live) setText(live, metricsText(store.get()));
  };
  store.subscribe(["frame", "running"], (s) => {
    if (!s.frame) return;
    clearTimeout(timer);
    if (s.running) {
      wasRunning = true;
      timer = setTimeout(say, Math.max(0, TRAINING_EVERY - (performance.now() - said)));
    } else {
      timer = setTimeout(say, wasRunning ? 200 : SETTLE);
      wasRunning = false;
    }
  });
  let drawn = 0;
  let later = 0;
  const describe = () => {
    drawn = performance.now();
    if (summary) setText(summary, surfaceText(store.get()));
  };
  store.subscribe(["frame", "task", "network"], (s) => {
    clearTimeout(later);
    if (s.running && performance.now() - drawn < 2000) later = setTimeout(describe, 2000);
    else describe();
  });
  store.subscribe(["view"], (s) => v.surface.setMode(s.view.clickMode));
}
