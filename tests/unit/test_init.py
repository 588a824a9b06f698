"""Initialisation: seeded, the documented distributions, shapes, errors."""

from __future__ import annotations

import numpy as np
import pytest

from app.nn import init


def test_same_seed_same_network_other_seed_other_network():
    a = init.build([2, 8, 8, 1], ["tanh", "relu", "sigmoid"], "xavier", 7, ["x1", "x2"])
    b = init.build([2, 8, 8, 1], ["tanh", "relu", "sigmoid"], "xavier", 7, ["x1", "x2"])
    c = init.build([2, 8, 8, 1], ["tanh", "relu", "sigmoid"], "xavier", 8, ["x1", "x2"])
    np.testing.assert_array_equal(a.params, b.params)
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.params, c.params)


@pytest.mark.parametrize("scheme", init.SCHEMES)
def test_shapes_biases_and_activations(scheme):
    net = init.build([3, 5, 4, 2], ["relu", "tanh", "softmax"], scheme, 0)
    assert net.shapes == [(5, 3), (4, 5), (2, 4)]
    assert [lyr.activation for lyr in net.layers] == ["relu", "tanh", "softmax"]
    for lyr in net.layers:
        np.testing.assert_array_equal(lyr.biases, 0.0)
    assert net.params.size == 5 * 3 + 5 + 4 * 5 + 4 + 2 * 4 + 2


def test_xavier_uniform_limits_and_spread():
    rng = np.random.default_rng(0)
    w = init.init_weights("xavier", 60, 40, rng)
    limit = np.sqrt(6 / 100)
    assert w.shape == (60, 40)
    assert np.all(np.abs(w) <= limit) and np.abs(w).max() > 0.9 * limit
    assert np.var(w) == pytest.approx(limit**2 / 3, rel=0.1)  # uniform(-l, l) variance = l²/3 = 2/(in+out)


def test_he_normal_spread():
    w = init.init_weights("he", 64, 50, np.random.default_rng(1))
    assert np.std(w) == pytest.approx(np.sqrt(2 / 50), rel=0.08)
    assert abs(np.mean(w)) < 0.02


def test_uniform_and_zeros():
    w = init.init_weights("uniform", 50, 50, np.random.default_rng(2))
    assert np.all((w >= -0.5) & (w <= 0.5)) and w.min() < -0.45 and w.max() > 0.45
    np.testing.assert_array_equal(init.init_weights("zeros", 3, 4, np.random.default_rng(3)), np.zeros((3, 4)))


def test_errors():
    with pytest.raises(KeyError) as info:
        init.build([2, 1], ["sigmoid"], "glorot_magic", 0)
    assert all(s in str(info.value) for s in init.SCHEMES)
    with pytest.raises(ValueError):
        init.build([2], [], "xavier", 0)
    with pytest.raises(ValueError, match="activations"):
        init.build([2, 3, 1], ["tanh"], "xavier", 0)
    with pytest.raises(ValueError, match="features"):
        init.build([3, 1], ["sigmoid"], "xavier", 0, ["x1", "x2"])
    with pytest.raises(ValueError, match="softmax"):
        init.build([2, 3, 2], ["softmax", "softmax"], "xavier", 0)
