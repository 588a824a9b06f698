// Small helpers shared by the lesson pages: number formatting, "latest answer wins" updates
// with aria-busy, error display, and slider wiring.

// A short decimal with a real minus sign: 0.39, −0.4, 2.
export function fmt(v, places = 4) {
  if (typeof v !== "number" || !Number.isFinite(v)) return String(v);
  let s = v.toFixed(places);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  if (s === "-0") s = "0";
  return s.replace("-", "−");
}

// A number as a factor or term: negative values in brackets, like (−0.4).
export const paren = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));

// A number added at the end of a sum: "+ 0.3" or "− 0.4".
export const signed = (v) => (v < 0 ? `− ${fmt(-v)}` : `+ ${fmt(v)}`);

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

// Bind a range input to its <output> and a callback; returns a getter for the value.
export function slider(input, onChange) {
  const out = input.id ? document.querySelector(`output[for="${input.id}"]`) : null;
  const show = () => {
    if (out) out.textContent = fmt(Number(input.value), 2);
  };
  show();
  input.addEventListener("input", () => {
    show();
    onChange(Number(input.value));
  });
  return () => Number(input.value);
}

export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) node.append(c);
  return node;
};

export const reducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
