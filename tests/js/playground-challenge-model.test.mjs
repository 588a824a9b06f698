// The challenge panel's pure part: bodies, links, progress (node --test).
import assert from "node:assert/strict";
import test from "node:test";
import * as CM from "../../static/js/playground/challenge-model.js";

const net = { features: ["x1", "x2"], layers: [{ activation: "relu", weights: [[0.5, 0.3]], biases: [0], extra: 1 }] };
const train = { optimizer: "sgd", lr: 1, batchSize: 10, reg: "none", regRate: 0.3 };
const def = (over = {}) => ({ id: "x", mode: "weights", counts: ["network"], start: { network: net }, ...over });

test("the body carries the network and settings, never metrics or extra keys", () => {
  const body = CM.checkBody(def(), { network: net, start: null, train, frame: { metrics: { test_accuracy: 1 } } }, {});
  assert.deepEqual(Object.keys(body).sort(), ["network", "settings"]);
  assert.deepEqual(body.network.layers[0], { activation: "relu", weights: [[0.5, 0.3]], biases: [0] });
  assert.deepEqual(body.settings, { optimizer: { name: "sgd", learning_rate: 1 }, batch_size: 10, regularization: { kind: "none", rate: 0 } });
});

test("training challenges send the start network; two-part ones their part 1; questions the answer", () => {
  const trained = { ...net, layers: [{ ...net.layers[0], weights: [[9, 9]] }] };
  const d = def({ mode: "training", parts: ["a", "b"], question: "how many?" });
  const part1 = { settings: { optimizer: { name: "sgd", learning_rate: 3 } } };
  const body = CM.checkBody(d, { network: trained, start: net, train }, { part1, answer: "4" });
  assert.deepEqual(body.network.layers[0].weights, [[0.5, 0.3]]);
  assert.equal(body.before, part1);
  assert.equal(body.answer, 4);
  assert.equal(CM.checkBody(d, { network: trained, start: net, train }, { answer: "" }).answer, undefined);
});

test("links: one challenge, a sequence, the first not passed", () => {
  assert.deepEqual(CM.fromHash("#challenge=relu-quiz", null), { id: "relu-quiz", seq: null });
  const p = CM.withPassed(CM.readProgress({ getItem: () => null }), "a", {});
  assert.deepEqual(CM.fromHash("#challenges=a,b,c", p), { id: "b", seq: ["a", "b", "c"] });
  assert.equal(CM.fromHash("#s=zabc", p), null);
  assert.equal(CM.fromHash("#challenge=<script>", p), null);
  assert.equal(CM.nextInSeq(["a", "b"], "a"), "b");
  assert.equal(CM.nextInSeq(["a", "b"], "b"), null);
  assert.equal(CM.challengeHash("b", ["a", "b"]), "#challenge=b&seq=a,b");
});

test("progress round-trips through storage and survives damage", () => {
  const mem = new Map();
  const storage = { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => mem.set(k, v) };
  let p = CM.readProgress(storage);
  p = CM.withHints(CM.withPassed(p, "relu-quiz", { output: 1.5 }), "relu-quiz", 2);
  CM.writeProgress(storage, p);
  const back = CM.readProgress(storage);
  assert.ok(CM.isPassed(back, "relu-quiz"));
  assert.equal(back.hints["relu-quiz"], 2);
  mem.set(CM.PROGRESS_KEY, "{not json");
  assert.deepEqual(CM.readProgress(storage), { passed: {}, hints: {}, part1: {} });
});

test("a start becomes a preset; measured numbers become rows", () => {
  const p = CM.presetOf({ id: "t", title: "T", start: { network: net, data: { dataset: { name: "gauss" } },
    settings: { optimizer: { name: "sgd", learning_rate: 0.1 }, batch_size: 10 }, probe: [2, 3] } });
  assert.deepEqual(p.dataset, { name: "gauss" });
  assert.deepEqual(p.settings.probe, [2, 3]);
  assert.deepEqual(CM.measuredRows({ test_accuracy: 0.97, status: "ok", x: null }), [["test accuracy", "0.97"], ["status", "ok"], ["x", "—"]]);
});
