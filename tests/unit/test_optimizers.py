"""Optimisers: SGD, momentum and Adam update rules written out by hand, state snapshots, errors."""

from __future__ import annotations

import numpy as np
import pytest

from app.nn.optimizers import NAMES, SLOTS, Optimizer


def grads(seed=0, steps=5, size=7):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=size) for _ in range(steps)]


def test_names_and_slots():
    assert NAMES == ("sgd", "momentum", "adam")
    assert SLOTS == {"sgd": (), "momentum": ("velocity",), "adam": ("m", "v")}
    with pytest.raises(KeyError) as info:
        Optimizer("rmsprop")
    assert all(n in str(info.value) for n in NAMES)


def test_sgd():
    p0 = np.linspace(-1, 1, 7)
    p = p0.copy()
    opt = Optimizer("sgd", learning_rate=0.1)
    opt.ensure_slots(7)
    want = p0.copy()
    for g in grads():
        opt.step(p, g)
        want = want - 0.1 * g
    np.testing.assert_allclose(p, want, rtol=1e-15)
    assert opt.step_count == 5 and opt.slots == {}


def test_momentum():
    p = np.zeros(7)
    opt = Optimizer("momentum", learning_rate=0.05, momentum=0.8)
    opt.ensure_slots(7)
    want, v = np.zeros(7), np.zeros(7)
    for g in grads(1):
        opt.step(p, g)
        v = 0.8 * v + g
        want = want - 0.05 * v
    np.testing.assert_allclose(p, want, rtol=1e-14)
    np.testing.assert_allclose(opt.slots["velocity"], v, rtol=1e-14)


def test_adam_matches_the_paper():
    p = np.ones(7)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    opt = Optimizer("adam", learning_rate=lr, beta1=b1, beta2=b2)
    opt.ensure_slots(7)
    want, paper, m, v = np.ones(7), np.ones(7), np.zeros(7), np.zeros(7)
    for t, g in enumerate(grads(2), start=1):
        opt.step(p, g)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        # Kingma & Ba, end of section 2: the bias correction folded into the step size
        want = want - lr * np.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + eps)
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)  # algorithm 1 as printed
        paper = paper - lr * m_hat / (np.sqrt(v_hat) + eps)
    np.testing.assert_allclose(p, want, rtol=1e-14)
    np.testing.assert_allclose(p - 1, paper - 1, rtol=1e-5)  # the two forms differ only in where eps sits


def test_adam_first_step_is_learning_rate_times_sign():
    p = np.zeros(4)
    opt = Optimizer("adam", learning_rate=0.03)
    opt.ensure_slots(4)
    opt.step(p, np.array([2.0, -0.5, 0.1, -7.0]))
    np.testing.assert_allclose(p, [-0.03, 0.03, -0.03, 0.03], rtol=1e-5)


@pytest.mark.parametrize("name", NAMES)
def test_snapshot_restore_and_continuation(name):
    gs = grads(3, steps=6)
    a = Optimizer(name, 0.02)
    a.ensure_slots(7)
    pa = np.zeros(7)
    for g in gs:
        a.step(pa, g)
    # split in two with the state carried over through a snapshot
    b = Optimizer(name, 0.02)
    b.ensure_slots(7)
    pb = np.zeros(7)
    for g in gs[:3]:
        b.step(pb, g)
    snap = b.snapshot()
    c = Optimizer(name, 0.02)
    c.restore(snap)
    c.ensure_slots(7)
    for g in gs[3:]:
        c.step(pb, g)
    np.testing.assert_array_equal(pa, pb)
    assert c.step_count == 6
    # a snapshot is a copy, not a view
    if SLOTS[name]:
        b.slots[SLOTS[name][0]][:] = 99
        assert not np.any(snap[1][SLOTS[name][0]] == 99)


def test_ensure_slots_checks_the_size():
    opt = Optimizer("adam")
    opt.ensure_slots(5)
    assert set(opt.slots) == {"m", "v"} and opt.slots["m"].shape == (5,)
    with pytest.raises(ValueError, match="optimizer_state"):
        opt.ensure_slots(6)
