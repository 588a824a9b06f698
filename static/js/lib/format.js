// Number formatting shared by every page (pure: no DOM). A real minus sign "−" everywhere.

// A short decimal, trailing zeros dropped: 0.39, −0.4, 2.
export function fmt(v, places = 4) {
  if (typeof v !== "number" || !Number.isFinite(v)) return v === null || v === undefined ? "—" : String(v);
  let s = v.toFixed(places);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  if (s === "-0") s = "0";
  return s.replace("-", "−");
}

// A fixed number of decimals (columns of numbers line up); very large or tiny values in
// exponent form. "—" for a missing value.
export function fixed(v, d = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) return v.toExponential(2).replace("-", "−");
  const s = (Math.round(v * 10 ** d) / 10 ** d).toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s.replace("-", "−");
}

// Short form for a small value badge: always fits in 5 characters.
export function short(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a < 0.005) return "0.00";
  let s;
  if (a < 10) s = v.toFixed(2);
  else if (a < 100) s = v.toFixed(1);
  else if (a < 1e4) s = v.toFixed(0);
  else s = v.toExponential(0).replace("+", "");
  return s.replace("-", "−");
}

// A number as a factor or term: negative values in brackets, like (−0.4).
export const paren = (v, places = 4) => (v < 0 ? `(${fmt(v, places)})` : fmt(v, places));

// A number added at the end of a sum: "+ 0.3" or "− 0.4".
export const signed = (v, places = 4) => (v < 0 ? `− ${fmt(-v, places)}` : `+ ${fmt(v, places)}`);

// A share as a percentage with one decimal: "98.8 %".
export const percent = (v) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : `${(v * 100).toFixed(1)} %`);

// What a person typed, as a number: "−0,5", "-0.5", "1e-3" → the value; null when it is not one
// (empty, text, NaN, Infinity). Accepts the real minus sign and a decimal comma.
export function parseNumber(text) {
  const t = String(text).trim().replace(/[−–]/g, "-").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}
