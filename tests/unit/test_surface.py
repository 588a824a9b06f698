"""Surfaces: the grid's orientation (row r = y[r], column c = x[c]), outputs equal the forward pass
on the same points, every neuron's grid equals its traced activation."""

from __future__ import annotations

import numpy as np
import pytest

from app.nn import init, surface
from app.nn.network import Network


def net_with_features():
    return init.build([4, 5, 3, 3], ["tanh", "relu", "softmax"], "xavier", 3, ["x1", "x2", "x1*x2", "sin(x2)"])


def test_grid_points_orientation():
    x, y, pts = surface.grid_points((-6, 6), (-3, 1), 5)
    np.testing.assert_array_equal(x, np.linspace(-6, 6, 5))
    np.testing.assert_array_equal(y, np.linspace(-3, 1, 5))
    grid = pts.reshape(5, 5, 2)
    for r in range(5):
        for c in range(5):
            assert tuple(grid[r, c]) == (x[c], y[r])


def test_orientation_with_an_asymmetric_network():
    # output = x1 exactly: varies along columns; x2: along rows
    net = Network.from_arrays([([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0], "linear")])
    s = surface.compute(net, (-6, 6), (0, 3), 7, neurons=False)
    for r in range(7):
        np.testing.assert_array_equal(s.outputs[r, :, 0], s.x)
        np.testing.assert_array_equal(s.outputs[r, :, 1], np.full(7, s.y[r]))
    assert s.y[0] == 0 and s.y[-1] == 3  # bottom row first


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("res", "nres"), [(30, 30), (40, 12)])
def test_outputs_and_neurons_equal_forward_and_trace(res, nres, dtype):
    # float64: exactly the forward pass; float32 (the default, display grids): to float32 rounding
    same = np.testing.assert_array_equal if dtype == np.float64 else (
        lambda a, b: np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5))
    net = net_with_features()
    s = surface.compute(net, (-6, 6), (-5, 4), res, True, nres, dtype=dtype)
    _, _, pts = surface.grid_points((-6, 6), (-5, 4), res)
    assert s.outputs.shape == (res, res, 3) and s.outputs.dtype == dtype
    same(s.outputs.reshape(-1, 3), net.forward(pts))
    _, _, npts = surface.grid_points((-6, 6), (-5, 4), nres)
    feats, trace = net.trace(npts)
    assert len(s.features) == 4 and len(s.neurons) == 3
    for i, g in enumerate(s.features):
        assert g.shape == (nres, nres) and g.dtype == dtype
        same(g.ravel(), feats[:, i])
    for layer, (_, a) in zip(s.neurons, trace, strict=True):
        assert len(layer) == a.shape[1]
        for j, g in enumerate(layer):
            assert g.dtype == dtype
            same(g.ravel(), a[:, j])


def test_display_grids_are_float32_by_default():
    s = surface.compute(net_with_features(), resolution=10, neuron_resolution=6)
    assert s.outputs.dtype == np.float32
    assert all(g.dtype == np.float32 for layer in s.neurons for g in layer)


def test_where_float32_overflows_the_grid_is_computed_in_float64():
    # z reaches ~6e6 · 1e6 · 1e6 = 6e18 after 3 linear layers, then 3.6e37² overflow float32 in layer 4
    big = 1e6
    layers = [([[big, big]], [0.0], "linear"), ([[big]], [0.0], "linear"), ([[big]], [0.0], "linear"),
              ([[big]], [0.0], "linear"), ([[big]], [0.0], "linear"), ([[big]], [0.0], "linear"),
              ([[big]], [0.0], "linear")]
    net = Network.from_arrays(layers, ["x1", "x2"])
    s = surface.compute(net, resolution=5, neuron_resolution=5)
    assert s.outputs.dtype == np.float64 and np.isfinite(s.outputs).all()
    _, _, pts = surface.grid_points((-6, 6), (-6, 6), 5)
    np.testing.assert_array_equal(s.outputs.reshape(-1, 1), net.forward(pts))


def test_without_neurons():
    s = surface.compute(net_with_features(), resolution=10, neurons=False)
    assert s.neurons is None and s.features is None
    assert s.x[0] == -6 and s.x[-1] == 6 and len(s.x) == 10


def test_needs_two_raw_inputs():
    net = init.build([3, 1], ["sigmoid"], "xavier", 0)
    with pytest.raises(ValueError, match="2-D points"):
        surface.compute(net)
