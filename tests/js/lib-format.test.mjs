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
