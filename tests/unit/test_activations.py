"""Activations: values against plain-math references, derivatives against central finite
differences (float64, relative error < 1e-6, away from kinks), softmax's Jacobian, stability."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.nn import activations as A

ELEMENTWISE = [n for n in A.NAMES if n != "softmax"]
KINKED = {"relu", "leaky_relu", "elu"}  # derivative (or its derivative) jumps at z = 0


def ref(name: str, z: float) -> float:
    """Plain-math reference of each element-wise activation."""
    if name == "relu":
        return z if z > 0 else 0.0
    if name == "leaky_relu":
        return z if z > 0 else 0.01 * z
    if name == "elu":
        return z if z > 0 else math.expm1(z)
    if name == "gelu":
        return 0.5 * z * (1 + math.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)))
    if name == "softplus":
        return max(z, 0.0) + math.log1p(math.exp(-abs(z)))
    if name == "swish":
        return z * ref("sigmoid", z)
    if name == "sigmoid":
        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
    if name == "tanh":
        return math.tanh(z)
    if name == "linear":
        return z
    raise KeyError(name)


def rel_err(a, b, floor: float = 1e-4) -> float:
    """Largest |a − b| / max(|a|, |b|, floor) (the floor keeps near-zero slopes from dividing by ~0)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)))


def sample_z(name: str) -> np.ndarray:
    z = np.r_[np.linspace(-8, 8, 161), np.random.default_rng(1).normal(0, 3, 200)]
    if name in KINKED:
        z = z[np.abs(z) > 1e-3]
    return z


def test_registry_has_every_activation_with_its_facts():
    assert set(A.NAMES) == {
        "relu", "leaky_relu", "elu", "gelu", "softplus", "swish", "sigmoid", "tanh", "linear", "softmax",
    }
    for name, act in A.ACTIVATIONS.items():
        assert act.name == name
        assert act.formula and act.range and act.use and act.derivative_formula
        assert act.output_only == (name == "softmax")


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_values_match_plain_math(name):
    z = np.r_[np.linspace(-10, 10, 201), [-700.0, -50.0, 50.0, 700.0]]
    got = A.get(name).forward(z)
    want = np.array([ref(name, float(v)) for v in z])
    # atol: gelu's 1 + tanh(·) cancels for negative z in both computations (values ~1e-16 there)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_differences(name):
    act = A.get(name)
    z = sample_z(name)
    h = 1e-5
    fd = (act.f(z + h) - act.f(z - h)) / (2 * h)
    d = act.derivative(z)
    assert rel_err(d, fd) < 1e-6, name


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_is_derivative_times_upstream(name):
    act = A.get(name)
    z = sample_z(name)
    g = np.random.default_rng(2).normal(size=z.shape)
    np.testing.assert_array_equal(act.backward(z, act.f(z), g), g * act.derivative(z))


def test_kinks_take_the_right_side_values():
    z = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(A.relu_d(z), [0, 0, 1])
    np.testing.assert_array_equal(A.leaky_relu_d(z), [0.01, 0.01, 1])
    np.testing.assert_array_equal(A.relu(z), [0, 0, 1])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_finite_and_shape_preserving_for_huge_inputs(name):
    act = A.get(name)
    z = np.array([[-1e300, -1e6, -800.0], [800.0, 1e6, 1e300]])
    with np.errstate(over="ignore"):  # gelu's z³ may overflow internally; its result must not be NaN
        y = act.f(z)
        dy = act.derivative(np.array([[-800.0, -50.0, 0.5], [50.0, 800.0, 1.0]]))
    assert y.shape == z.shape
    assert not np.any(np.isnan(y))
    assert np.all(np.isfinite(dy))


def test_sigmoid_and_softplus_are_stable_for_large_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no overflow anywhere, not even a warning
        assert A.sigmoid(np.array(-1000.0)) == 0.0
        assert A.sigmoid(np.array(1000.0)) == 1.0
        assert A.sigmoid(np.array(-700.0)) > 0  # e^-700 is representable: no underflow to 0
        assert A.softplus(np.array(1000.0)) == 1000.0
        assert A.softplus(np.array(-1000.0)) == 0.0
        np.testing.assert_allclose(A.softplus(np.array(-30.0)), math.exp(-30), rtol=1e-12)


def test_lesson_values():
    z = 0.5 * 0.8 + 0.3 * 0.7 + 0.2 * 0.9 - 0.4
    assert z == pytest.approx(0.39, abs=1e-12)
    assert round(float(A.sigmoid(np.array(z))), 4) == 0.5963
    assert A.relu(np.array(0.5 * 2 + 0.3 * 3 - 0.4)) == pytest.approx(1.5)
    p = A.softmax(np.array([2.0, 1.0, 0.5]))
    np.testing.assert_allclose(p, [0.629, 0.231, 0.140], atol=5e-4)


# -- softmax ----------------------------------------------------------------------------------
def softmax_ref(row):
    m = max(row)
    e = [math.exp(v - m) for v in row]
    s = sum(e)
    return [v / s for v in e]


def test_softmax_matches_plain_loops_and_sums_to_one():
    z = np.random.default_rng(3).normal(0, 4, (20, 5))
    p = A.softmax(z)
    np.testing.assert_allclose(p, [softmax_ref(list(r)) for r in z], rtol=1e-13)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-15)
    assert np.all(p > 0)


def test_softmax_subtracts_the_max():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = A.softmax(np.array([[1000.0, 999.0, -1000.0], [-1e6, -1e6, -1e6]]))
    np.testing.assert_allclose(p[0], [1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1)), 0.0], rtol=1e-13)
    np.testing.assert_allclose(p[1], [1 / 3] * 3)
    # invariant under a shift
    z = np.array([[0.3, -1.2, 2.0]])
    np.testing.assert_allclose(A.softmax(z + 123.4), A.softmax(z), rtol=1e-12)


def test_softmax_jacobian_matches_finite_differences_and_formula():
    rng = np.random.default_rng(4)
    h = 1e-6
    for _ in range(10):
        k = int(rng.integers(2, 6))
        z = rng.normal(0, 2, k)
        a = A.softmax(z)
        jac = np.diag(a) - np.outer(a, a)  # ∂a_k/∂z_j = a_k (δ_kj − a_j)
        fd = np.empty((k, k))
        for j in range(k):
            e = np.zeros(k)
            e[j] = h
            fd[:, j] = (A.softmax(z + e) - A.softmax(z - e)) / (2 * h)
        assert rel_err(jac, fd) < 1e-6
        # the vector-Jacobian product used by backprop is g @ J, for any upstream g
        g = rng.normal(size=k)
        act = A.get("softmax")
        np.testing.assert_allclose(act.backward(z[None], a[None], g[None])[0], g @ jac, rtol=1e-12, atol=1e-15)
        # and `derivative` is the Jacobian's diagonal
        np.testing.assert_allclose(act.derivative(z), np.diag(jac), rtol=1e-12)


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(KeyError) as info:
        A.get("tanhh")
    for name in A.NAMES:
        assert name in str(info.value)
