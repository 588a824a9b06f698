// Number formatting shared by every page (pure: no DOM). A real minus sign "−" everywhere.

const MINUS = /-/g;
const minus = (s) => s.replace(MINUS, "−");
const missing = (v) => v === null || v === undefined || !Number.isFinite(v);

// A short decimal, trailing zeros dropped: 0.39, −0.4, 2. "—" for null/undefined; any other
// non-number (or NaN, Infinity) as its String().
export function fmt(v, places = 4) {
  if (typeof v !== "number" || !Number.isFinite(v)) return v === null || v === undefined ? "—" : String(v);
  let s = v.toFixed(places);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  if (s === "-0") s = "0";
  return minus(s);
}

// A fixed number of decimals (columns of numbers line up); very large or tiny values in
// exponent form (1.23e+5, 4.00e−4). "—" for a missing value.
export function fixed(v, d = 3) {
  if (missing(v)) return "—";
  const r = Math.round(v * 10 ** d) / 10 ** d;
  if (v !== 0 && (Math.abs(r) >= 1e4 || Math.abs(v) < 1e-3)) return minus(v.toExponential(2));
  const s = r.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : minus(s);
}

// Short form for a small value badge: always fits in 5 characters (sign included).
export function short(v) {
  if (missing(v)) return "—";
  const a = Math.abs(v);
  if (a < 0.005) return "0.00";
  let s;
  if (a < 9.995) s = v.toFixed(2);
  else if (a < 99.95) s = v.toFixed(1);
  else if (a < 9999.5) s = v.toFixed(0);
  else s = v.toExponential(0).replace("+", "");
  return minus(s);
}

// A number as a factor or term: negative values in brackets, like (−0.4). A value that rounds
// to 0 is shown as 0, without brackets.
export const paren = (v, places = 4) => {
  const s = fmt(v, places);
  return s.startsWith("−") ? `(${s})` : s;
};

// A number added at the end of a sum: "+ 0.3" or "− 0.4" (a value that rounds to 0: "+ 0").
export const signed = (v, places = 4) => {
  const s = fmt(v, places);
  return s.startsWith("−") ? `− ${s.slice(1)}` : `+ ${s}`;
};

// A share as a percentage with one decimal: "98.8 %", "−2.5 %". "—" for a missing value.
export const percent = (v) => {
  if (missing(v)) return "—";
  const s = (v * 100).toFixed(1);
  return `${/^-0\.0$/.test(s) ? "0.0" : minus(s)} %`;
};

// What a person typed, as a number: "−0,5", "-0.5", "1e-3" → the value; null when it is not one
// (empty, text, NaN, Infinity). Accepts the real minus sign and a decimal comma.
export function parseNumber(text) {
  const t = String(text).trim().replace(/[−–]/g, "-").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

// ---- one neuron's arithmetic, z = Σ wᵢ·xᵢ + b, as the inspector writes it: every number with
// `places` decimals, a negative factor in brackets "(−1.5)", a negative term after a minus sign
// ("− 0.002", never "+ −0.002"), and "≈" instead of "=" wherever the shown numbers do not give
// the shown result exactly. Rounding is done on integers (value × 10^places), so the checks are exact.

const units = (v, places) => Math.round(v * 10 ** places) || 0; // || 0: no −0
function fromUnits(n, places) {
  const digits = String(Math.abs(n)).padStart(places + 1, "0");
  const s = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return n < 0 ? `−${s}` : s;
}
// v with exactly `places` decimals (a real minus sign, no "−0.000").
export const decimals = (v, places = 3) => (missing(v) ? "—" : fromUnits(units(v, places), places));

// ws, xs: weights and inputs; b: bias; z: the neuron's z (the API's); terms: the API's products
// wᵢ·xᵢ when known (else computed). Returns strings for every piece plus the two relations:
//   factors[i] = {w, x}        "0.456", "(−1.234)"
//   terms[i]   = {op, text}    op "+" or "−", text without sign: "0.563"
//   bias       = {op, text}
//   productsRel: "=" when every shown product is the product of its shown factors, rounded; else "≈"
//   sumRel:      "=" when the shown terms and bias add up to the shown z exactly; else "≈"
//   z: the shown z
export function neuronSum(ws, xs, b, z, { places = 3, terms = null } = {}) {
  const k = 10 ** places;
  const products = ws.map((w, i) => (terms && Number.isFinite(terms[i]) ? terms[i] : w * xs[i]));
  const tu = products.map((p) => units(p, places));
  const bu = units(b, places);
  const zu = units(z, places);
  const productsExact = ws.every((w, i) => (Math.round((units(w, places) * units(xs[i], places)) / k) || 0) === tu[i]);
  const sumExact = tu.reduce((s, t) => s + t, bu) === zu;
  const signedPart = (n) => ({ op: n < 0 ? "−" : "+", text: fromUnits(Math.abs(n), places) });
  const factor = (v) => {
    const s = decimals(v, places);
    return s.startsWith("−") ? `(${s})` : s;
  };
  return {
    factors: ws.map((w, i) => ({ w: decimals(w, places), x: factor(xs[i]) })),
    terms: tu.map(signedPart),
    bias: signedPart(bu),
    productsRel: productsExact ? "=" : "≈",
    sumRel: sumExact ? "=" : "≈",
    z: fromUnits(zu, places),
  };
}
