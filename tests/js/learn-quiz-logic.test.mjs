// static/js/learn/quiz-logic.js: two tries before the answer is shown, scoring only before the
// reveal, the stored progress of a lesson, and the quiz code on lesson links.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  OPEN, TRIES, afterCheck, cleanEntry, counts, feedback, isLocked, recordState, revealsOnCheck, score,
  scoreText, seedFrom, stateFrom, triesLeft, withSeed,
} from "../../static/js/learn/quiz-logic.js";

test("two tries: one wrong answer does not show the answer, the second does", () => {
  assert.equal(TRIES, 2);
  assert.equal(revealsOnCheck(OPEN), false);
  const once = afterCheck(OPEN, false);
  assert.deepEqual(once, { tries: 1, status: "open" });
  assert.equal(triesLeft(once), 1);
  assert.equal(feedback(once).answer, false);
  assert.match(feedback(once).text, /1 try left/);
  assert.equal(revealsOnCheck(once), true);
  const twice = afterCheck(once, false);
  assert.deepEqual(twice, { tries: 2, status: "revealed" });
  assert.equal(feedback(twice).answer, true);
  assert.equal(counts(twice), false);
});

test("right on the first or the second try counts, and locks the question", () => {
  for (const s of [OPEN, afterCheck(OPEN, false)]) {
    const right = afterCheck(s, true);
    assert.equal(right.status, "right");
    assert.equal(counts(right), true);
    assert.equal(isLocked(right), true);
    assert.equal(feedback(right).tone, "right");
    assert.equal(afterCheck(right, false), right, "a locked question does not change");
  }
});

test("right after the reveal is accepted but not counted", () => {
  const shown = afterCheck(afterCheck(OPEN, false), false);
  assert.equal(afterCheck(shown, false), shown, "wrong again: still revealed");
  const now = afterCheck(shown, true);
  assert.equal(now.status, "understood");
  assert.equal(counts(now), false);
  assert.equal(isLocked(now), true);
  assert.equal(feedback(now).title, "✓ Now you have it.");
  assert.match(feedback(now).text, /not count/);
  assert.equal(revealsOnCheck(shown), true);
});

test("the score counts only questions right before the reveal", () => {
  const right = afterCheck(OPEN, true);
  const late = afterCheck(afterCheck(afterCheck(OPEN, false), false), true);
  const s = score([right, late, OPEN], 3);
  assert.deepEqual(s, { right: 1, total: 3, shown: 1 });
  assert.equal(scoreText(s), "Score: 1 / 3 · 1 answer shown");
  assert.equal(scoreText(score([OPEN, OPEN], 2)), "Score: 0 / 2");
});

test("stored progress: tries and shown answers survive a reload, a right after the reveal is not right", () => {
  let e = recordState({ visited: true }, 77, "a", afterCheck(OPEN, false), 3);
  assert.deepEqual(stateFrom(e, 77, "a"), { tries: 1, status: "open" }, "a reload does not give the tries back");
  e = recordState(e, 77, "a", { tries: 2, status: "revealed" }, 3);
  assert.deepEqual(stateFrom(e, 77, "a"), { tries: 2, status: "revealed" });
  e = recordState(e, 77, "a", { tries: 2, status: "understood" }, 3);
  assert.deepEqual(e.right, []);
  assert.deepEqual(e.shown, ["a"]);
  assert.equal(stateFrom(e, 77, "a").status, "revealed", "still shown after a reload");
  e = recordState(e, 77, "b", { tries: 0, status: "right" }, 3);
  assert.deepEqual(e.right, ["b"]);
  assert.equal(e.visited, true);
  assert.deepEqual(stateFrom(e, 77, "c"), OPEN);
  // another seed: other questions, a fresh start
  assert.deepEqual(stateFrom(e, 5, "b"), OPEN);
  const fresh = recordState(e, 5, "c", afterCheck(OPEN, false), 3);
  assert.deepEqual(fresh.right, []);
  assert.deepEqual(fresh.shown, []);
  assert.deepEqual(fresh.tries, { c: 1 });
});

test("junk in storage is cleaned", () => {
  assert.deepEqual(cleanEntry(null), { right: [], shown: [], tries: {} });
  const e = cleanEntry({ right: "x", shown: [1, "q"], tries: { q: 9, r: -1, s: "2" }, seed: 3 });
  assert.deepEqual(e.right, []);
  assert.deepEqual(e.shown, ["q"]);
  assert.deepEqual(e.tries, { q: TRIES });
  assert.deepEqual(stateFrom({ seed: 3, tries: { q: 1 } }, 3, "q"), { tries: 1, status: "open" });
});

test("the quiz code from ?seed=: digits only", () => {
  assert.equal(seedFrom("?seed=77"), 77);
  assert.equal(seedFrom("?a=1&seed=0"), 0);
  for (const bad of ["", "?seed=", "?seed=-1", "?seed=1.5", "?seed=abc", "?seed=1234567890"]) {
    assert.equal(seedFrom(bad), null, bad);
  }
});

test("lesson links keep the quiz code, and lose it when there is none", () => {
  assert.equal(withSeed("/learn/weights", 77), "/learn/weights?seed=77");
  assert.equal(withSeed("/base/learn", 77), "/base/learn?seed=77");
  assert.equal(withSeed("/learn/weights?seed=5", 77), "/learn/weights?seed=77");
  assert.equal(withSeed("/learn/weights?seed=77", null), "/learn/weights");
  assert.equal(withSeed("/learn/weights?x=1&seed=77#quiz", null), "/learn/weights?x=1#quiz");
  assert.equal(withSeed("/learn#top", 3), "/learn?seed=3#top");
  assert.equal(withSeed("https://school.example/np/learn/neuron", 3), "https://school.example/np/learn/neuron?seed=3");
});
