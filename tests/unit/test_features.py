"""Input features: each named transform against plain math, order, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.nn import features as F

REF = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1*x2": lambda a, b: a * b,
    "sin(x1)": lambda a, b: math.sin(a),
    "sin(x2)": lambda a, b: math.sin(b),
}


def test_names_are_the_playground_seven():
    assert F.NAMES == ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
    assert set(F.EXPRESSIONS) == set(F.NAMES)


def test_transform_matches_plain_math_in_the_given_order():
    pts = np.random.default_rng(0).uniform(-6, 6, (50, 2))
    names = list(reversed(F.NAMES))
    out = F.transform(names, pts)
    assert out.shape == (50, 7)
    for i, (a, b) in enumerate(pts):
        for k, name in enumerate(names):
            assert out[i, k] == pytest.approx(REF[name](a, b), rel=1e-15, abs=1e-300), name


def test_subset_and_single_feature():
    pts = np.array([[2.0, -3.0]])
    np.testing.assert_array_equal(F.transform(["x1*x2"], pts), [[-6.0]])
    np.testing.assert_array_equal(F.transform(["x2^2", "x1"], pts), [[9.0, 2.0]])


def test_expressions_compute_the_same_numbers():
    pts = np.random.default_rng(1).uniform(-6, 6, (30, 2))
    x1, x2 = pts[:, 0], pts[:, 1]
    for k, name in enumerate(F.NAMES):
        expr = eval(F.EXPRESSIONS[name], {"np": np, "x1": x1, "x2": x2})  # noqa: S307 - our own constant
        np.testing.assert_array_equal(expr, F.transform(F.NAMES, pts)[:, k])


def test_errors():
    with pytest.raises(KeyError) as info:
        F.check(["x1", "x3"])
    assert "x3" in str(info.value) and "sin(x2)" in str(info.value)
    with pytest.raises(ValueError, match="repeat"):
        F.check(["x1", "x1"])
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        F.transform(["x1"], np.zeros((3, 3)))
    with pytest.raises(ValueError):
        F.transform(["x1"], np.zeros(2))
