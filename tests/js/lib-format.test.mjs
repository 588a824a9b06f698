// static/js/lib/format.js: every export, every branch (node --test tests/js/).
import assert from "node:assert/strict";
import { test } from "node:test";

import { fixed, fmt, paren, parseNumber, percent, short, signed } from "../../static/js/lib/format.js";

test("fmt: short decimals, trailing zeros dropped, a real minus sign", () => {
  assert.equal(fmt(0.39), "0.39");
  assert.equal(fmt(0.5963), "0.5963");
  assert.equal(fmt(1.23456789), "1.2346");
  assert.equal(fmt(-0.4), "−0.4");
  assert.equal(fmt(2), "2");
  assert.equal(fmt(2.5, 0), "3");
  assert.equal(fmt(120), "120"); // zeros before the point stay
  assert.equal(fmt(0.5963, 2), "0.6");
  assert.equal(fmt(-1e-7), "0"); // no "−0"
  assert.equal(fmt(-0), "0");
  assert.equal(fmt(-12345.5, 1), "−12345.5");
});

test("fmt: missing and non-numbers", () => {
  assert.equal(fmt(null), "—");
  assert.equal(fmt(undefined), "—");
  assert.equal(fmt(NaN), "NaN");
  assert.equal(fmt(Infinity), "Infinity");
  assert.equal(fmt("relu"), "relu");
});

test("fixed: a fixed number of decimals", () => {
  assert.equal(fixed(0.39), "0.390");
  assert.equal(fixed(-0.4), "−0.400");
  assert.equal(fixed(2, 1), "2.0");
  assert.equal(fixed(0), "0.000");
  assert.equal(fixed(1.23456, 2), "1.23");
  assert.equal(fixed(9999.4, 1), "9999.4");
});

test("fixed: exponent form for very large and tiny values, with real minus signs", () => {
  assert.equal(fixed(123456.789), "1.23e+5");
  assert.equal(fixed(-12345), "−1.23e+4");
  assert.equal(fixed(1e-7), "1.00e−7");
  assert.equal(fixed(-0.00001), "−1.00e−5");
  assert.equal(fixed(9999.9996), "1.00e+4"); // rounds to 10000: exponent, not "10000.000"
  assert.equal(fixed(0.001), "0.001");
});

test("fixed: no negative zero, and a dash for a missing value", () => {
  assert.equal(fixed(-0.0004, 1), "−4.00e−4");
  assert.equal(fixed(-0.04, 1), "0.0");
  assert.equal(fixed(-0), "0.000");
  for (const v of [null, undefined, NaN, Infinity, -Infinity, "1"]) assert.equal(fixed(v), "—");
});

test("short: always at most 5 characters, sign included", () => {
  const cases = {
    0: "0.00", 0.004: "0.00", [-0.004]: "0.00", 0.005: "0.01", 0.5963: "0.60", [-0.4]: "−0.40",
    9.99: "9.99", 9.996: "10.0", [-9.999]: "−10.0", 42.42: "42.4", 99.96: "100", [-99.96]: "−100",
    1234.5: "1235", [-9999.4]: "−9999", [-9999.6]: "−1e4", 123456: "1e5", [-12345]: "−1e4",
  };
  for (const [v, want] of Object.entries(cases)) assert.equal(short(Number(v)), want, `short(${v})`);
  for (let e = -4; e <= 8; e += 0.01) {
    for (const v of [10 ** e, -(10 ** e)]) assert.ok(short(v).length <= 5, `short(${v}) = ${short(v)}`);
  }
  for (const v of [null, undefined, NaN, -Infinity]) assert.equal(short(v), "—");
});

test("paren: negative factors in brackets, as the lesson writes them", () => {
  assert.equal(paren(0.5), "0.5");
  assert.equal(paren(-0.4), "(−0.4)");
  assert.equal(paren(-1.23456, 2), "(−1.23)");
  assert.equal(paren(0), "0");
  assert.equal(paren(-0.00001), "0"); // rounds to 0: no "(0)"
  assert.equal(paren(null), "—");
});

test("signed: the last term of a sum", () => {
  assert.equal(signed(0.3), "+ 0.3");
  assert.equal(signed(-0.4), "− 0.4");
  assert.equal(signed(0), "+ 0");
  assert.equal(signed(-1.23456, 2), "− 1.23");
  assert.equal(signed(-0.00001), "+ 0"); // rounds to 0: no "− 0"
  assert.equal(`0.5×2 + 0.3×3 ${signed(-0.4)}`, "0.5×2 + 0.3×3 − 0.4");
});

test("percent: one decimal, real minus, dash for missing", () => {
  assert.equal(percent(0.988), "98.8 %");
  assert.equal(percent(1), "100.0 %");
  assert.equal(percent(0), "0.0 %");
  assert.equal(percent(-0.025), "−2.5 %");
  assert.equal(percent(-0.0001), "0.0 %");
  for (const v of [null, undefined, NaN, Infinity]) assert.equal(percent(v), "—");
});

test("parseNumber: what a student types", () => {
  assert.equal(parseNumber("0.39"), 0.39);
  assert.equal(parseNumber(" 1.5 "), 1.5);
  assert.equal(parseNumber("−0,5"), -0.5); // real minus sign and a decimal comma
  assert.equal(parseNumber("–2"), -2); // en dash
  assert.equal(parseNumber("+3"), 3);
  assert.equal(parseNumber(".5"), 0.5);
  assert.equal(parseNumber("5."), 5);
  assert.equal(parseNumber("1e-3"), 0.001);
  assert.equal(parseNumber("2E2"), 200);
  assert.equal(parseNumber(7), 7);
});

test("parseNumber: null for anything that is not a finite number", () => {
  for (const t of ["", "  ", "abc", "1.2.3", "1,000,5", "0x10", "NaN", "Infinity", "1e999", "--1", "1-", "."]) {
    assert.equal(parseNumber(t), null, JSON.stringify(t));
  }
});

import { decimals, neuronSum } from "../../static/js/lib/format.js";

test("decimals: a fixed number of decimals, real minus, no negative zero", () => {
  assert.equal(decimals(0.0015, 3), "0.002");
  assert.equal(decimals(-0.0016, 3), "−0.002");
  assert.equal(decimals(-0.0004, 3), "0.000");
  assert.equal(decimals(-2, 2), "−2.00");
  assert.equal(decimals(12.3456, 0), "12");
  assert.equal(decimals(0.05, 1), "0.1");
  assert.equal(decimals(null), "—");
});

test("neuronSum: a negative term after a minus sign, never '+ −'", () => {
  const s = neuronSum([0.5, -0.01], [2, 0.2], -0.4, 0.598);
  assert.deepEqual(s.terms, [{ op: "+", text: "1.000" }, { op: "−", text: "0.002" }]);
  assert.deepEqual(s.bias, { op: "−", text: "0.400" });
  assert.deepEqual(s.factors, [{ w: "0.500", x: "2.000" }, { w: "−0.010", x: "0.200" }]);
  assert.equal(s.z, "0.598");
  assert.equal(s.productsRel, "=");
  assert.equal(s.sumRel, "=");
  assert.deepEqual(neuronSum([1], [-3], 0, -3).factors, [{ w: "1.000", x: "(−3.000)" }]);
});

test("neuronSum: '≈' when the shown factors do not give the shown product", () => {
  // 0.4564 × 5.1234 = 2.33832: shown 0.456 × 5.123 = 2.33609 → 2.336, not 2.338
  const s = neuronSum([0.4564], [5.1234], 0, 0.4564 * 5.1234);
  assert.equal(s.terms[0].text, "2.338");
  assert.equal(s.productsRel, "≈");
  assert.equal(s.sumRel, "=");
  // products from the API are used as given
  assert.equal(neuronSum([0.5], [2], 0, 1, { terms: [1.0004] }).terms[0].text, "1.000");
});

test("neuronSum: '≈' when the shown terms do not add up to the shown z", () => {
  // three terms of 0.0004 each show as 0.000 but add up to 0.0012 → z shows 0.001
  const s = neuronSum([0.0004, 0.0004, 0.0004], [1, 1, 1], 0, 0.0012);
  assert.equal(s.sumRel, "≈");
  assert.equal(s.z, "0.001");
  assert.equal(neuronSum([0.1, 0.2], [1, 1], 0.3, 0.6).sumRel, "=");
});

test("neuronSum: every shown relation holds on random sums", () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 8 - 4;
  const num = (t) => Number(t.replace("−", "-").replace(/[()]/g, ""));
  for (let n = 0; n < 500; n++) {
    const ws = [rnd(), rnd(), rnd()];
    const xs = [rnd(), rnd(), rnd()];
    const b = rnd();
    const z = ws.reduce((s, w, i) => s + w * xs[i], b);
    const s = neuronSum(ws, xs, b, z, { places: 2 });
    const shown = s.terms.map((t) => (t.op === "−" ? -1 : 1) * num(t.text));
    const fac = s.factors.map((f) => Math.round(num(f.w) * num(f.x) * 100) / 100);
    if (s.productsRel === "=") assert.deepEqual(shown.map((v) => v.toFixed(2)), fac.map((v) => v.toFixed(2)));
    const total = shown.reduce((a, v) => a + v, (s.bias.op === "−" ? -1 : 1) * num(s.bias.text));
    if (s.sumRel === "=") assert.equal(total.toFixed(2), num(s.z).toFixed(2));
    else assert.notEqual(total.toFixed(2), num(s.z).toFixed(2));
    for (const t of [...s.terms, s.bias]) assert.ok(!t.text.includes("−"));
  }
});
