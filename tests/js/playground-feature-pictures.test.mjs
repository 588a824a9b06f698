// static/js/playground/feature-pictures.js: the seven feature pictures over the plane.
import assert from "node:assert/strict";
import { test } from "node:test";

import { featureGrid } from "../../static/js/playground/feature-pictures.js";

const FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"];

test("featureGrid: every feature over [-6, 6]², row 0 = x2 min, column 0 = x1 min", () => {
  for (const f of FEATURES) {
    const g = featureGrid(f, 5);
    assert.equal(g.flat.length, 25, f);
    assert.ok(g.span > 0, f);
  }
  const x1 = featureGrid("x1", 5);
  assert.deepEqual([x1.flat[0], x1.flat[4], x1.flat[20]], [-6, 6, -6]);
  const x2 = featureGrid("x2", 5);
  assert.deepEqual([x2.flat[0], x2.flat[4], x2.flat[20]], [-6, -6, 6]);
  assert.equal(featureGrid("x1^2", 5).span, 36);
  assert.equal(featureGrid("x1*x2", 5).flat[24], 36);
  assert.ok(Math.abs(featureGrid("sin(x1)", 5).flat[1] - Math.sin(-3)) < 1e-6);
  assert.equal(featureGrid("nope"), null);
});
