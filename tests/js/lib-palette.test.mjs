// static/js/lib/palette.js: the pure parts (colours, scales, edge widths; paintGrid needs a canvas).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CLASS_COLORS, DIVERGING, NEG, POS, classLut, divergingCss, divergingMap, divergingScale, edgeWidth, hex,
  multiClassScale, parseHex, valueScale,
} from "../../static/js/lib/palette.js";

test("edgeWidth: min + per·|w|, capped, the same for w and −w", () => {
  assert.equal(edgeWidth(0), 0.9);
  assert.equal(edgeWidth(1), 0.9 + 2.2);
  assert.equal(edgeWidth(-1), edgeWidth(1));
  assert.equal(edgeWidth(100), 9);
  assert.ok(edgeWidth(0.5) < edgeWidth(1));
});

test("edgeWidth: per-diagram options keep the lessons' pictures as they were", () => {
  // lesson 1's neuron: max(1, min(14, 1 + 6|w|)); lesson 4's network: max(1.5, min(12, 1.5 + 3.5|w|))
  const neuron = { min: 1, per: 6, max: 14 };
  const network = { min: 1.5, per: 3.5, max: 12 };
  for (let w = -4; w <= 4; w += 0.05) {
    assert.equal(edgeWidth(w, neuron), Math.max(1, Math.min(14, 1 + 6 * Math.abs(w))));
    assert.equal(edgeWidth(w, network), Math.max(1.5, Math.min(12, 1.5 + 3.5 * Math.abs(w))));
  }
  assert.equal(edgeWidth(2, { per: 1 }), 2.9); // unnamed options keep their defaults
});

test("hex and parseHex are inverses", () => {
  assert.equal(hex(NEG), "#e07000");
  assert.equal(hex(POS), "#1565c0");
  for (const c of CLASS_COLORS) assert.equal(hex(parseHex(c)), c);
});

test("the diverging table runs orange -> white -> blue", () => {
  assert.equal(DIVERGING.length, 256 * 3);
  assert.deepEqual([...DIVERGING.slice(0, 3)], NEG);
  assert.deepEqual([...DIVERGING.slice(255 * 3)], POS);
  const mid = [...DIVERGING.slice(127 * 3, 128 * 3)];
  assert.ok(mid.every((v) => v > 245), String(mid));
});

test("value scales and the CSS colour of a value", () => {
  assert.deepEqual(valueScale("sigmoid"), { mid: 0.5, half: 0.5 });
  assert.deepEqual(valueScale("softmax"), { mid: 0.5, half: 0.5 });
  assert.deepEqual(valueScale("tanh"), { mid: 0, half: 1 });
  assert.equal(divergingCss(-1, "tanh"), `rgb(${NEG.join(",")})`);
  assert.equal(divergingCss(5, "tanh"), `rgb(${POS.join(",")})`); // clamped
  assert.equal(divergingCss(0, "sigmoid"), `rgb(${NEG.join(",")})`);
  assert.equal(divergingCss(NaN, "tanh"), divergingCss(0, "tanh"));
  const map = divergingMap("tanh");
  assert.equal(map(-1), 0);
  assert.equal(map(1), 255);
  assert.equal(divergingMap("sigmoid")(0.5), 127.5);
});

test("class lookups and Plotly colour scales", () => {
  const lut = classLut(1);
  assert.equal(lut, classLut(1)); // cached
  assert.deepEqual([...lut.slice(255 * 3)], parseHex(CLASS_COLORS[1]));
  const scale = divergingScale(5);
  assert.equal(scale.length, 5);
  assert.deepEqual(scale.map(([t]) => t), [0, 0.25, 0.5, 0.75, 1]);
  const multi = multiClassScale(3);
  assert.equal(multi.length, 6);
  assert.equal(multi[0][0], 0);
  assert.equal(multi.at(-1)[0], 1);
  for (let i = 1; i < multi.length; i++) assert.ok(multi[i][0] > multi[i - 1][0]);
});
