"""Losses: values against their textbook formulas; fused dL/dz against central finite differences
of ``losses.value`` and against the chain rule through ``grad_a`` and each activation's Jacobian
(the full softmax Jacobian included)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.nn import activations, losses

ELEMENTWISE = [n for n in activations.NAMES if n != "softmax"]
PAIRS = [("mse", a) for a in activations.NAMES] + [("bce", "sigmoid"), ("cross_entropy", "softmax")]


def rel_err(a, b, floor: float = 1e-4) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)))


def batch(loss: str, act: str, seed: int, n: int = 6):
    rng = np.random.default_rng(seed)
    k = 3 if act == "softmax" else (1 if loss == "bce" and seed % 2 else 2)
    z = rng.normal(0, 1.5, (n, k))
    z[np.abs(z) < 1e-2] += 0.05  # keep away from kinks of relu / leaky_relu / elu
    if loss == "bce":
        y = rng.integers(0, 2, (n, k)).astype(float) if seed % 3 else rng.uniform(0, 1, (n, k))
    elif loss == "cross_entropy" or act == "softmax":
        y = np.eye(k)[rng.integers(0, k, n)] if seed % 2 else rng.dirichlet(np.ones(k), n)
    else:
        y = rng.normal(0, 1, (n, k))
    return z, y


def test_names_and_defaults():
    assert losses.NAMES == ("mse", "bce", "cross_entropy")
    assert losses.default_for("sigmoid", "classification") == "bce"
    assert losses.default_for("softmax", "classification") == "cross_entropy"
    assert losses.default_for("tanh", "classification") == "mse"
    assert losses.default_for("linear", "regression") == "mse"
    assert losses.default_for("sigmoid", "regression") == "mse"


def test_check():
    losses.check("bce", "sigmoid")
    losses.check("cross_entropy", "softmax")
    losses.check("mse", "softmax")
    with pytest.raises(ValueError, match="sigmoid"):
        losses.check("bce", "tanh")
    with pytest.raises(ValueError, match="softmax"):
        losses.check("cross_entropy", "sigmoid")
    with pytest.raises(KeyError) as info:
        losses.check("hinge", "sigmoid")
    assert all(n in str(info.value) for n in losses.NAMES)


@pytest.mark.parametrize(("loss", "act"), PAIRS)
def test_values_match_textbook_formulas(loss, act):
    z, y = batch(loss, act, 1)
    a = activations.get(act).f(z)
    n, k = a.shape
    if loss == "mse":
        want = sum((a[r, c] - y[r, c]) ** 2 for r in range(n) for c in range(k)) / (n * k)
    elif loss == "bce":
        want = -sum(y[r, c] * math.log(a[r, c]) + (1 - y[r, c]) * math.log(1 - a[r, c])
                    for r in range(n) for c in range(k)) / (n * k)
    else:
        want = -sum(y[r, c] * math.log(a[r, c]) for r in range(n) for c in range(k)) / n
    assert losses.value(loss, z, a, y) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("loss", "act"), PAIRS)
def test_fused_grad_z_matches_finite_differences(loss, act, seed):
    f = activations.get(act)
    z, y = batch(loss, act, seed)
    g = losses.grad_z(loss, f, z, f.f(z), y)
    h = 1e-5  # truncation ~h², rounding ~eps/h: both ≲ 1e-10 here
    fd = np.empty_like(z)
    for idx in np.ndindex(*z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += h
        zm[idx] -= h
        fd[idx] = (losses.value(loss, zp, f.f(zp), y) - losses.value(loss, zm, f.f(zm), y)) / (2 * h)
    assert g.shape == z.shape
    assert rel_err(g, fd) < 1e-6


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("loss", "act"), PAIRS)
def test_fused_grad_z_equals_chain_rule_through_the_jacobian(loss, act, seed):
    f = activations.get(act)
    z, y = batch(loss, act, seed)
    a = f.f(z)
    ga = losses.grad_a(loss, a, y)
    if act == "softmax":  # explicit Jacobian per row: dL/dz = dL/da · (diag(a) − a aᵀ)
        chain = np.stack([ga[r] @ (np.diag(a[r]) - np.outer(a[r], a[r])) for r in range(len(a))])
    else:
        chain = ga * f.derivative(z)
    np.testing.assert_allclose(losses.grad_z(loss, f, z, a, y), chain, rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize(("loss", "act"), PAIRS)
def test_grad_a_matches_finite_differences_in_a(loss, act):
    z, y = batch(loss, act, 2)
    a = activations.get(act).f(z)
    ga = losses.grad_a(loss, a, y)

    def value_of_a(a_):  # the loss as a function of a alone (textbook forms)
        n, k = a_.shape
        if loss == "mse":
            return float(np.mean((a_ - y) ** 2))
        if loss == "bce":
            return float(-np.sum(y * np.log(a_) + (1 - y) * np.log(1 - a_)) / (n * k))
        return float(-np.sum(y * np.log(a_)) / n)

    fd = np.empty_like(a)
    for idx in np.ndindex(*a.shape):
        # for the logs, a step relative to a's distance from 0 and 1
        h = 1e-5 if loss == "mse" else 1e-5 * min(a[idx], 1 - a[idx])
        ap, am = a.copy(), a.copy()
        ap[idx] += h
        am[idx] -= h
        fd[idx] = (value_of_a(ap) - value_of_a(am)) / (2 * h)
    assert rel_err(ga, fd) < 1e-6


def test_bce_and_cross_entropy_stay_finite_when_saturated():
    z = np.array([[800.0], [-800.0], [40.0], [-40.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    sig = activations.get("sigmoid")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        v = losses.value("bce", z, sig.f(z), y)
        g = losses.grad_z("bce", sig, z, sig.f(z), y)
    assert v == pytest.approx((800 + 800 + math.log1p(math.exp(-40)) * 2) / 4)
    assert np.all(np.isfinite(g))
    zc = np.array([[1000.0, -1000.0, 0.0]])
    yc = np.array([[0.0, 1.0, 0.0]])
    sm = activations.get("softmax")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        v = losses.value("cross_entropy", zc, sm.f(zc), yc)
        g = losses.grad_z("cross_entropy", sm, zc, sm.f(zc), yc)
    assert v == pytest.approx(2000.0)
    np.testing.assert_allclose(g, [[1.0, -1.0, 0.0]], atol=1e-300)


def test_perfect_predictions():
    y = np.eye(3)
    z = 50 * (2 * y - 1)
    sm = activations.get("softmax")
    assert losses.value("cross_entropy", z, sm.f(z), y) < 1e-40
    assert losses.value("mse", z, z, z) == 0.0
