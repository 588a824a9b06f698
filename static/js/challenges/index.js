// /challenges: ticks from this browser's progress, and the teacher's sequence link.
import { PROGRESS_KEY, isPassed, readProgress } from "../playground/challenge-model.js";

const storage = (() => {
  try {
    return window.localStorage;
  } catch {
    return { getItem: () => null, setItem: () => {}, removeItem: () => {} };
  }
})();
const base = (document.querySelector('meta[name="api-base"]') || {}).content || "";

function paint() {
  const progress = readProgress(storage);
  let n = 0;
  document.querySelectorAll(".ch-item").forEach((li) => {
    const done = isPassed(progress, li.dataset.challenge);
    n += done ? 1 : 0;
    li.classList.toggle("passed", done);
    li.querySelector(".ch-done").textContent = done ? "✓" : "";
    li.querySelector(".ch-status").textContent = done ? "passed" : "not passed yet";
  });
  document.querySelector('[data-testid="challenges-passed"]').textContent = String(n);
}

function link() {
  const ids = [...document.querySelectorAll(".ch-pick input:checked")].map((i) => i.value);
  const out = document.getElementById("ch-seq-link");
  const hash = ids.length === 1 ? `#challenge=${ids[0]}` : ids.length ? `#challenges=${ids.join(",")}` : "";
  out.value = hash ? `${location.origin}${base}/${hash}` : "";
  out.placeholder = "tick challenges above";
}

document.querySelectorAll(".ch-pick input").forEach((i) => i.addEventListener("change", link));
document.querySelector('[data-testid="copy-sequence"]').addEventListener("click", async () => {
  const out = document.getElementById("ch-seq-link");
  if (!out.value) return;
  try {
    await navigator.clipboard.writeText(out.value);
  } catch {
    out.select();
  }
});
document.querySelector('[data-testid="challenges-reset"]').addEventListener("click", () => {
  storage.removeItem(PROGRESS_KEY);
  paint();
});
window.addEventListener("storage", paint);
link();
paint();
