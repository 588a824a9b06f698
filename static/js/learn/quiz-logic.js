// The quiz's rules, pure (no DOM, no storage; node-tested in tests/js/learn-quiz-logic.test.mjs):
// two tries before the answer is shown, a question scores only if answered right before that,
// the progress record of a lesson, and the teacher's quiz code carried on lesson links.

export const TRIES = 2;

// One question's state: { tries: wrong tries so far, status }. The statuses:
//   "open"       not answered right yet, the answer not shown
//   "right"      answered right before the answer was shown: it counts
//   "revealed"   TRIES wrong tries: the answer is shown, the question no longer counts
//   "understood" answered right after the answer was shown: accepted, not counted
export const OPEN = { tries: 0, status: "open" };

export const isLocked = (s) => s.status === "right" || s.status === "understood";
export const counts = (s) => s.status === "right";
export const triesLeft = (s) => (s.status === "open" ? Math.max(0, TRIES - s.tries) : 0);

// Whether this check may give the answer away: the last try, or the answer is out already.
export const revealsOnCheck = (s) => s.status !== "open" || s.tries + 1 >= TRIES;

// The state after the server marked one answer.
export function afterCheck(s, correct) {
  if (isLocked(s)) return s;
  if (s.status === "revealed") return correct ? { ...s, status: "understood" } : s;
  if (correct) return { ...s, status: "right" };
  const tries = s.tries + 1;
  return { tries, status: tries >= TRIES ? "revealed" : "open" };
}

// What to tell the student after a check: { tone: "right"|"wrong", title, text, answer: bool }
// (answer: whether to show the expected answer and the worked computation).
export function feedback(s) {
  if (s.status === "right") return { tone: "right", title: "✓ Right.", text: "", answer: false };
  if (s.status === "understood") {
    return { tone: "right", title: "✓ Now you have it.", text: " It does not count for your score: the answer had been shown.", answer: false };
  }
  if (s.status === "revealed") return { tone: "wrong", title: "✗ Not quite.", text: " The answer is", answer: true };
  const left = triesLeft(s);
  return { tone: "wrong", title: "✗ Not quite.", text: ` Try again: ${left} ${left === 1 ? "try" : "tries"} left before the answer is shown.`, answer: false };
}

// The score line: questions right before the reveal, out of all.
export function score(states, total) {
  const right = states.filter(counts).length;
  const shown = states.filter((s) => s.status === "revealed" || s.status === "understood").length;
  return { right, total, shown };
}

export function scoreText({ right, total, shown }) {
  const base = `Score: ${right} / ${total}`;
  return shown ? `${base} · ${shown} ${shown === 1 ? "answer" : "answers"} shown` : base;
}

// ---------------------------------------------------------------- the stored progress of a lesson
// entry: { visited, seed, total, right: [ids], shown: [ids], tries: {id: n} } for one seed.
export function cleanEntry(e) {
  const obj = e && typeof e === "object" ? e : {};
  const ids = (a) => (Array.isArray(a) ? a.filter((x) => typeof x === "string") : []);
  const tries = {};
  if (obj.tries && typeof obj.tries === "object") {
    for (const [k, v] of Object.entries(obj.tries)) if (Number.isInteger(v) && v > 0) tries[k] = Math.min(v, TRIES);
  }
  return { ...obj, right: ids(obj.right), shown: ids(obj.shown), tries };
}

// The entry after one question's new state (a different seed starts the lesson afresh).
export function recordState(entry, seed, id, s, total) {
  let e = cleanEntry(entry);
  if (e.seed !== seed) e = { ...e, seed, right: [], shown: [], tries: {} };
  const without = (a) => a.filter((x) => x !== id);
  const right = counts(s) ? [...without(e.right), id] : without(e.right);
  const revealed = s.status === "revealed" || s.status === "understood";
  const shown = revealed ? [...without(e.shown), id] : without(e.shown);
  const tries = { ...e.tries };
  if (s.tries > 0) tries[id] = s.tries;
  else delete tries[id];
  return { ...e, right, shown, tries, total };
}

// A question's state from the stored entry (OPEN if the entry is for another seed).
export function stateFrom(entry, seed, id) {
  const e = cleanEntry(entry);
  if (e.seed !== seed) return OPEN;
  const tries = e.tries[id] || 0;
  if (e.right.includes(id)) return { tries, status: "right" };
  if (e.shown.includes(id)) return { tries: TRIES, status: "revealed" };
  return { tries: Math.min(tries, TRIES - 1), status: "open" };
}

// ---------------------------------------------------------------- the quiz code on links
// A quiz code from a URL's ?seed= (digits only, as the server takes it), or null.
export function seedFrom(search) {
  const v = new URLSearchParams(search).get("seed");
  return v !== null && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

// href with ?seed= set to seed (or removed for null), its path, other parameters and hash kept.
export function withSeed(href, seed) {
  const cut = (s, ch) => (s.includes(ch) ? [s.slice(0, s.indexOf(ch)), s.slice(s.indexOf(ch))] : [s, ""]);
  const [beforeHash, hash] = cut(String(href), "#");
  const [path, query] = cut(beforeHash, "?");
  const params = new URLSearchParams(query.slice(1));
  if (seed === null || seed === undefined) params.delete("seed");
  else params.set("seed", String(seed));
  const q = params.toString();
  return path + (q ? `?${q}` : "") + hash;
}
