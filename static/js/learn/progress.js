// Course progress kept in this browser (localStorage): the student's quiz seed and, per lesson,
// which questions were answered right. No server state: the quiz seed is all a teacher needs.

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

// The student's seed: ?seed= in the page URL wins (a teacher's link), then the stored one.
export function getSeed() {
  const fromUrl = new URLSearchParams(location.search).get("seed");
  if (fromUrl !== null && /^\d{1,9}$/.test(fromUrl)) return Number(fromUrl);
  const data = read();
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
  const e = data.lessons[lesson] || {};
  e.right = Array.isArray(e.right) ? e.right : [];
  data.lessons[lesson] = e;
  return e;
}

export function markVisited(lesson) {
  const data = read();
  lessonEntry(data, lesson).visited = true;
  write(data);
}

// Record one checked answer. A new seed starts the lesson's questions afresh.
export function recordAnswer(lesson, seed, id, correct, total) {
  const data = read();
  const e = lessonEntry(data, lesson);
  if (e.seed !== seed) {
    e.seed = seed;
    e.right = [];
  }
  if (correct && !e.right.includes(id)) e.right.push(id);
  e.total = total;
  write(data);
}

// {visited, right: [ids], seed, total} for one lesson (right answers only count for its seed).
export function lessonProgress(lesson, seed) {
  const e = lessonEntry(read(), lesson);
  const right = seed === undefined || e.seed === seed ? e.right : [];
  return { visited: Boolean(e.visited), right, seed: e.seed, total: e.total };
}

export function resetProgress() {
  write({});
}
