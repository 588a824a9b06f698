"""The engine's divergence test takes the API's allowed range as a parameter (TrainConfig.max_abs)."""

from __future__ import annotations

import numpy as np

from app.nn import datasets, training
from app.nn.network import Network
from app.nn.optimizers import Optimizer


def _wild_run(max_abs):
    rng = np.random.default_rng(1)
    net = Network.from_arrays([(rng.normal(size=(4, 2)), np.zeros(4), "relu"),
                               (rng.normal(size=(1, 4)), np.zeros(1), "sigmoid")], ["x1", "x2"])
    data = datasets.generate("spiral", 200, 0, 0)
    cfg = training.TrainConfig(batch_size=1, epochs=3, max_abs=max_abs)
    opt = Optimizer("momentum", 10.0, 0.9, 0.9, 0.999)
    return net, training.train(net, opt, data.points, data.labels, None, None, cfg)


def test_a_run_that_leaves_the_range_stops_with_the_last_network_inside_it():
    net, result = _wild_run(1e6)
    assert result.status == "diverged" and "allowed range" in result.message
    assert np.all(np.abs(result.network.params) <= 1e6)
    assert result.epoch == len(result.history)
    if not result.history:  # diverged in the first epoch: the network it started from
        np.testing.assert_array_equal(result.network.params, net.params)


def test_without_a_bound_only_non_finite_numbers_count_as_divergence():
    _, result = _wild_run(None)
    assert result.status in ("ok", "diverged")
    assert np.all(np.isfinite(result.network.params))
