// Course progress kept in this browser (localStorage): the student's quiz seed and, per lesson,
// which questions were answered right (before the answer was shown), which answers were shown and
// the wrong tries so far. No server state: the quiz seed is all a teacher needs. The rules are in
// quiz-logic.js.

import { cleanEntry, recordState, seedFrom, stateFrom } from "./quiz-logic.js";

const KEY = "neuron-playground.learn.v1";
const MAX_SEED = 99999;

function read() {
  try {
    const data = JSON.parse(localStorage.getItem(KEY) || "{}");
    return data && typeof data === "object" ? data : {};
  } catch {
    return {};
  }
}

function write(data) {
  try {
    localStorage.setItem(KEY, JSON.stringify(data));
  } catch {
    /* storage full or disabled: progress is simply not kept */
  }
}

function randomSeed() {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return 1 + (a[0] % MAX_SEED);
}

// The student's seed: ?seed= in the page URL wins (a teacher's link) and becomes the stored one
// (so it stays across lessons), else the stored one.
export function getSeed() {
  const fromUrl = seedFrom(location.search);
  const data = read();
  if (fromUrl !== null) {
    if (data.seed !== fromUrl) write({ ...data, seed: fromUrl });
    return fromUrl;
  }
  if (!Number.isInteger(data.seed)) {
    data.seed = randomSeed();
    write(data);
  }
  return data.seed;
}

export function newSeed() {
  const data = read();
  data.seed = randomSeed();
  write(data);
  return data.seed;
}

function lessonEntry(data, lesson) {
  data.lessons = data.lessons && typeof data.lessons === "object" ? data.lessons : {};
  data.lessons[lesson] = cleanEntry(data.lessons[lesson]);
  return data.lessons[lesson];
}

export function markVisited(lesson) {
  const data = read();
  lessonEntry(data, lesson).visited = true;
  write(data);
}

// Keep one question's state (quiz-logic.js: tries and status). A new seed starts the lesson afresh.
export function saveState(lesson, seed, id, state, total) {
  const data = read();
  data.lessons[lesson] = recordState(lessonEntry(data, lesson), seed, id, state, total);
  write(data);
}

// The stored state of one question for this seed.
export function questionState(lesson, seed, id) {
  return stateFrom(lessonEntry(read(), lesson), seed, id);
}

// {visited, right: [ids], shown: [ids], seed, total} for one lesson (for its seed, if given).
export function lessonProgress(lesson, seed) {
  const e = lessonEntry(read(), lesson);
  const same = seed === undefined || e.seed === seed;
  return { visited: Boolean(e.visited), right: same ? e.right : [], shown: same ? e.shown : [], seed: e.seed, total: e.total };
}

export function resetProgress() {
  write({});
}
