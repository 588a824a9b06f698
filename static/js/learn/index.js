// The course index: each lesson's progress from localStorage, with question counts from the API.

import { get } from "../api.js";
import { getSeed, lessonProgress, resetProgress } from "./progress.js";

async function show() {
  const seed = getSeed();
  document.querySelector("[data-testid=index-seed]").textContent = String(seed);
  let counts = {};
  try {
    const res = await get("/api/quiz");
    counts = Object.fromEntries(res.lessons.map((l) => [l.name, l.questions]));
  } catch {
    /* counts stay unknown: show what localStorage has */
  }
  let total = 0;
  for (const card of document.querySelectorAll(".lesson-card")) {
    const name = card.dataset.lesson;
    const p = lessonProgress(name);
    const n = counts[name] ?? p.total ?? 0;
    const right = p.right.length;
    total += right;
    const out = card.querySelector(".lesson-progress");
    card.classList.toggle("is-done", n > 0 && right >= n);
    card.classList.toggle("is-started", p.visited);
    if (n > 0 && right >= n) out.textContent = `✓ Done: ${right} / ${n} questions`;
    else if (right > 0) out.textContent = `${right} / ${n} questions right`;
    else if (p.visited) out.textContent = `Visited · 0 / ${n} questions`;
    else out.textContent = "Not started";
    const shown = p.shown ? p.shown.length : 0;
    if (shown) out.textContent += ` · ${shown} ${shown === 1 ? "answer" : "answers"} shown`;
  }
  document.querySelector("[data-testid=progress-total]").textContent = String(total);
  document.querySelector("[data-testid=progress-noun]").textContent = total === 1 ? "question" : "questions";
}

document.querySelector("[data-testid=progress-reset]").addEventListener("click", () => {
  resetProgress();
  show();
});

show();
