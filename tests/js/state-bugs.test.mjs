// Issue 11's state bugs, the pure parts: CSV labels -> classes, own data's train/test split,
// "Clear points" with its undo, removing a test point, a softmax output's class colour.
import assert from "node:assert/strict";
import { test } from "node:test";

import { labelsToTask, ownCount, parseCsv, splitOwn } from "../../static/js/playground/data.js";
import * as M from "../../static/js/playground/model.js";
import { CLASS_COLORS, classCss, classTextCss, parseHex } from "../../static/js/lib/palette.js";

test("a CSV with -1/1 labels is two classes, -1 -> class 0, and says so", () => {
  const p = parseCsv("x1,x2,label\n1,2,-1\n3,4,1\n-1,0,1\n");
  assert.deepEqual(p.task, { kind: "classification", classes: 2 });
  assert.deepEqual(p.labels, [0, 1, 1]);
  assert.equal(p.message, "2 classes: −1 → class 0, 1 → class 1");
});

test("labels: 0-based class numbers stay; any two values are two classes; many numbers are regression", () => {
  assert.deepEqual(labelsToTask([0, 1, 2, 1]).task, { kind: "classification", classes: 3 });
  assert.deepEqual(labelsToTask([0, 1, 2, 1]).labels, [0, 1, 2, 1]);
  assert.equal(labelsToTask([0, 1, 0]).message, "2 classes (0, 1)");
  assert.deepEqual(labelsToTask([1, 2, 2]).labels, [0, 1, 1], "1/2 become 0/1");
  assert.deepEqual(labelsToTask([0.5, 2.5]).labels, [0, 1]);
  assert.deepEqual(labelsToTask([1, 2, 3]).labels, [0, 1, 2], "a few whole numbers: classes in their order");
  const r = labelsToTask([0.1, 0.25, 0.3, 1.7, -2]);
  assert.equal(r.task.kind, "regression");
  assert.deepEqual(r.labels, [0.1, 0.25, 0.3, 1.7, -2]);
  assert.match(r.message, /^regression: the labels are 5 different numbers/);
  assert.equal(labelsToTask([-1, -1]).task.classes, 2, "one value: still a two-class task");
});

const own = (n) => ({
  train: { points: Array.from({ length: n }, (_, i) => [i / 10, -i / 7]), labels: Array.from({ length: n }, (_, i) => i % 2) },
  test: { points: [], labels: [] },
});

test("own data split: the ratio's share trains, deterministic for a seed, order-independent", () => {
  const a = splitOwn(own(40), 0.7, 3);
  assert.equal(a.train.points.length, 28);
  assert.equal(a.test.points.length, 12);
  assert.deepEqual(splitOwn(own(40), 0.7, 3), a, "same input, same split");
  assert.deepEqual(splitOwn(a, 0.7, 3), a, "splitting a split again changes nothing");
  const b = splitOwn(own(40), 0.7, 4);
  assert.notDeepEqual(b.train.points, a.train.points, "another seed, another split");
  // every point is kept with its label
  const pairs = (c) => [...c.train.points.map((p, i) => [p, c.train.labels[i]]), ...c.test.points.map((p, i) => [p, c.test.labels[i]])]
    .map(String).sort();
  assert.deepEqual(pairs(a), pairs(own(40)));
  assert.equal(splitOwn(own(1), 0.1, 0).train.points.length, 1, "at least one training point");
  assert.equal(ownCount(splitOwn({ train: { points: [], labels: [] } }, 0.5, 0)), 0);
});

test("clear points: emptied, kept for an undo, and brought back", () => {
  const c = splitOwn(own(30), 0.5, 0);
  const cleared = M.clearPoints(c, null);
  assert.equal(ownCount(cleared.custom), 0);
  assert.equal(cleared.undoClear, c);
  assert.match(cleared.message, /Cleared 30 points/);
  const back = M.clearPoints(cleared.custom, cleared.undoClear);
  assert.deepEqual(back.custom, c);
  assert.equal(back.undoClear, null);
  assert.equal(M.clearPoints(cleared.custom, null), null, "nothing to clear, nothing to undo");
});

test("removeNearest also removes a test point", () => {
  const c = { train: { points: [[0, 0]], labels: [0] }, test: { points: [[3, 3]], labels: [1] } };
  const r = M.removeNearest(c, 3.1, 2.9);
  assert.deepEqual(r.test.points, []);
  assert.deepEqual(r.train.points, [[0, 0]]);
});

test("a softmax output's badge is its class colour (the same palette as the classes)", () => {
  for (let k = 0; k < CLASS_COLORS.length; k++) {
    assert.equal(classCss(k, 1), `rgb(${parseHex(CLASS_COLORS[k]).join(",")})`);
  }
  assert.equal(classCss(0, 0), "rgb(250,251,252)", "strength 0: the paper");
  assert.equal(classTextCss(1, 1), "#fff", "white on full blue");
  assert.equal(classTextCss(0, 0), "var(--ink)", "ink on paper");
});

test("a click on a generated dataset makes its points your own with their split kept, the new one training", () => {
  const shown = { train: { points: [[1, 1], [2, 2]], labels: [0, 1] }, test: { points: [[3, 3]], labels: [1] } };
  const own = M.ownFrom(shown);
  assert.deepEqual(own, shown);
  assert.notEqual(own.train.points, shown.train.points, "a copy, not the shown arrays");
  const added = M.addPoint(own, 4.8, -4.8, 1);
  assert.equal(added.train.points.length, 3);
  assert.deepEqual(added.train.points.at(-1), [4.8, -4.8]);
  assert.deepEqual(added.test, shown.test, "the test points stay where they were");
});
