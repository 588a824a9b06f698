// Helpers for the lesson pages only: "latest answer wins" updates with aria-busy, error display,
// slider wiring, and knowing when the page's first content is on screen. Number formatting and
// DOM builders are shared with the playground (static/js/lib/format.js and dom.js).

import { setText } from "../lib/dom.js";
import { fmt } from "../lib/format.js";

export function showError(err) {
  const box = document.querySelector("[data-testid=learn-error]");
  if (!box) return;
  if (!err) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  box.textContent = `The server could not compute this: ${err.message || err}`;
  box.hidden = false;
}

// Wrap an async load(...) and a render(data): only the newest call renders, the element is
// aria-busy="true" while a call is in flight, and errors are shown, not thrown.
export function live(el, load, render) {
  let seq = 0;
  return async function update(...args) {
    const mine = ++seq;
    el.setAttribute("aria-busy", "true");
    try {
      const data = await load(...args);
      if (mine !== seq) return;
      await render(data, ...args);
      showError(null);
    } catch (err) {
      if (mine !== seq || err.name === "AbortError") return;
      showError(err);
    } finally {
      if (mine === seq) el.setAttribute("aria-busy", "false");
    }
  };
}

// Show a range input's value in its <output> and call onChange(value) on every move. Returns
// show(), to call after setting input.value from code.
export function slider(input, onChange) {
  const out = input.id ? document.querySelector(`output[for="${input.id}"]`) : null;
  const show = () => setText(out, fmt(Number(input.value), 2));
  show();
  input.addEventListener("input", () => {
    show();
    if (onChange) onChange(Number(input.value));
  });
  return show;
}

// Resolves once nothing on the page is aria-busy (every lab and the quiz have painted their
// first answer), or after maxMs: the moment heavy work that must not delay them may start.
export function whenSettled(maxMs = 2500) {
  return new Promise((resolve) => {
    const busy = () => document.querySelector('[aria-busy="true"]') !== null;
    if (!busy()) {
      resolve();
      return;
    }
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new MutationObserver(() => {
      if (!busy()) done();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-busy"] });
    const timer = setTimeout(done, maxMs);
  });
}

export const reducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
