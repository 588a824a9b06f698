"""The compiled training path (app.nn.compiled + app.nn.kernel) against the numpy reference
(app.nn.training): the same weights, optimiser state, history and result after many epochs,
for every activation, loss, optimiser, regulariser and batch size.

The two cannot be bit-identical: numpy's SIMD tanh and exp differ from libm's in the last bit for
about a quarter of inputs, and BLAS sums in its own order.  In a well-conditioned run those
differences stay at 1e-15; in a chaotic one (a learning rate at the edge of divergence) any two
correct implementations part ways.  So the runs below are ordinary, converging ones."""

from __future__ import annotations

import numpy as np
import pytest

from app.nn import activations, compiled, datasets, init, kernel, losses, optimizers, training
from app.nn.optimizers import Optimizer

TOL = 1e-12
ELEMENTWISE = [n for n in activations.NAMES if n != "softmax"]


def split(name="spiral", n=120, noise=10, seed=0, fraction=0.6):
    data = datasets.generate(name, n, noise, seed)
    return data.split(fraction, seed)


def both(net, opt_name, train_set, test_set, lr=0.03, **cfg):
    """(reference result, compiled result) of one run from the same start."""
    cfg = training.TrainConfig(**cfg)
    args = (*train_set, *(test_set if test_set is not None else (None, None)), cfg)
    ref = training.train(net, Optimizer(opt_name, lr), *args)
    fast = compiled.train_kernel(net, Optimizer(opt_name, lr), *args)
    return ref, fast


def assert_same(ref: training.TrainResult, fast: training.TrainResult) -> None:
    assert fast.status == ref.status and fast.message == ref.message
    assert fast.epoch == ref.epoch
    np.testing.assert_allclose(fast.network.params, ref.network.params, rtol=0, atol=TOL)
    assert fast.optimizer.step_count == ref.optimizer.step_count
    assert set(fast.optimizer.slots) == set(ref.optimizer.slots)
    for k, v in ref.optimizer.slots.items():
        np.testing.assert_allclose(fast.optimizer.slots[k], v, rtol=0, atol=TOL)
    assert len(fast.history) == len(ref.history)
    for rf, rr in zip(fast.history, ref.history, strict=True):
        assert rf.keys() == rr.keys()
        for key, value in rr.items():
            if value is None or isinstance(value, int):
                assert rf[key] == value, key
            else:
                assert isinstance(rf[key], float)
                assert abs(rf[key] - value) <= TOL * max(1.0, abs(value)), (key, rf[key], value)
    assert fast.confusion_matrix == ref.confusion_matrix
    assert (fast.metrics is None) == (ref.metrics is None)


def test_the_kernel_is_compiled_not_the_fallback():
    assert compiled.available()
    assert hasattr(kernel.epoch, "signatures")  # a numba dispatcher


def test_codes_match_the_engine_registries():
    assert [compiled.ACT_CODES[n] for n in activations.NAMES] == [
        kernel.RELU, kernel.LEAKY_RELU, kernel.ELU, kernel.GELU, kernel.SOFTPLUS, kernel.SWISH,
        kernel.SIGMOID, kernel.TANH, kernel.LINEAR, kernel.SOFTMAX,
    ]
    assert [compiled.LOSS_CODES[n] for n in losses.NAMES] == [kernel.MSE, kernel.BCE, kernel.CROSS_ENTROPY]
    assert [compiled.OPT_CODES[n] for n in optimizers.NAMES] == [kernel.SGD, kernel.MOMENTUM, kernel.ADAM]
    assert [compiled.REG_CODES[n] for n in training.REGULARIZATIONS] == [kernel.NO_REG, kernel.L1, kernel.L2]


@pytest.mark.parametrize("opt", optimizers.NAMES)
@pytest.mark.parametrize("act", ELEMENTWISE)
def test_every_hidden_activation_and_optimizer(act, opt):
    net = init.build([2, 5, 4, 1], [act, act, "sigmoid"], "xavier", 1, ["x1", "x2"])
    ref, fast = both(net, opt, *split(), batch_size=10, epochs=25, seed=3)
    assert_same(ref, fast)


@pytest.mark.parametrize("act", ELEMENTWISE)
def test_every_output_activation_with_mse(act):
    net = init.build([2, 5, 1], ["tanh", act], "xavier", 2, ["x1", "x2"])
    ref, fast = both(net, "adam", *split(), batch_size=10, epochs=25, loss="mse", seed=1)
    assert_same(ref, fast)


@pytest.mark.parametrize("opt", optimizers.NAMES)
@pytest.mark.parametrize(
    ("output", "loss"), [("sigmoid", "bce"), ("sigmoid", "mse"), ("tanh", "mse"), ("softmax", "cross_entropy"),
                         ("softmax", "mse")],
)
def test_every_loss(output, loss, opt):
    k = 3 if output == "softmax" else 1
    name = "blobs3" if k == 3 else "circle"
    net = init.build([2, 6, k], ["tanh", output], "xavier", 4, ["x1", "x2"])
    ref, fast = both(net, opt, *split(name), batch_size=8, epochs=25, loss=loss, seed=2)
    assert_same(ref, fast)


@pytest.mark.parametrize("opt", optimizers.NAMES)
@pytest.mark.parametrize("reg", training.REGULARIZATIONS)
def test_every_regularizer(reg, opt):
    net = init.build([2, 6, 6, 1], ["relu", "tanh", "sigmoid"], "he", 5, ["x1", "x2"])
    ref, fast = both(net, opt, *split(), batch_size=10, epochs=25, regularization=reg, reg_rate=0.003, seed=4)
    assert_same(ref, fast)


@pytest.mark.parametrize("opt", optimizers.NAMES)
@pytest.mark.parametrize("batch_size", [1, 2, 7, 10, 30, 72, 500])
def test_every_batch_size(batch_size, opt):
    net = init.build([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "xavier", 6, ["x1", "x2"])
    ref, fast = both(net, opt, *split(), lr=0.01, batch_size=batch_size, epochs=20, seed=5)
    assert_same(ref, fast)


def test_all_seven_features():
    net = init.build([7, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "xavier", 6,
                     ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"])
    ref, fast = both(net, "adam", *split(), batch_size=10, epochs=20, seed=5)
    assert_same(ref, fast)


def test_regression_with_r2_and_no_test_set():
    (trx, trl), _ = split("plane", 150, 5, 0, 1.0)
    net = init.build([2, 6, 1], ["tanh", "linear"], "xavier", 7, ["x1", "x2"])
    ref, fast = both(net, "momentum", (trx, trl), None, task="regression", batch_size=10, epochs=30)
    assert ref.history[-1]["train_r2"] is not None and ref.history[-1]["test_loss"] is None
    assert_same(ref, fast)


def test_the_deep_net_of_the_benchmark_over_many_epochs():
    net = init.build([2, 8, 8, 8, 8, 8, 8, 1], ["tanh"] * 7, "xavier", 0, ["x1", "x2"])
    ref, fast = both(net, "sgd", *split("spiral", 500, 0, 0, 0.5), batch_size=10, epochs=60, loss="mse")
    assert_same(ref, fast)


def test_inputs_without_features_and_a_wide_layer_over_the_chunk_size():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 3))
    labels = (x.sum(axis=1) > 0).astype(int)
    net = init.build([3, 4, 1], ["softplus", "sigmoid"], "xavier", 8)
    ref, fast = both(net, "adam", (x[:400], labels[:400]), (x[400:], labels[400:]), batch_size=300, epochs=10)
    assert_same(ref, fast)


def test_divergence_is_handled_the_same_way():
    net = init.build([2, 8, 1], ["relu", "linear"], "he", 0, ["x1", "x2"])
    (trx, trl), (tex, tel) = split("plane", 100, 0, 0, 0.5)
    cfg = training.TrainConfig(task="regression", batch_size=5, epochs=50)
    ref = training.train(net, Optimizer("sgd", 10.0), trx, trl * 1e6, tex, tel * 1e6, cfg)
    fast = compiled.train_kernel(net, Optimizer("sgd", 10.0), trx, trl * 1e6, tex, tel * 1e6, cfg)
    assert ref.status == "diverged"
    assert_same(ref, fast)


def test_zero_epochs_only_evaluate():
    net = init.build([2, 4, 1], ["tanh", "sigmoid"], "xavier", 0, ["x1", "x2"])
    ref, fast = both(net, "adam", *split(), epochs=0)
    assert fast.history == [] and fast.metrics == ref.metrics
    assert_same(ref, fast)


def test_two_calls_of_one_epoch_are_one_call_of_two():
    net = init.build([2, 4, 2, 1], ["tanh", "tanh", "sigmoid"], "xavier", 0, ["x1", "x2"])
    train_set, test_set = split("xor")
    whole = compiled.train_kernel(net, Optimizer("adam", 0.03), *train_set, *test_set, training.TrainConfig(epochs=2))
    opt = Optimizer("adam", 0.03)
    first = compiled.train_kernel(net, opt, *train_set, *test_set, training.TrainConfig(epochs=1))
    second = compiled.train_kernel(first.network, first.optimizer, *train_set, *test_set,
                            training.TrainConfig(epochs=1, start_epoch=1))
    np.testing.assert_array_equal(second.network.params, whole.network.params)
    assert second.history[-1] == whole.history[-1]


def test_the_budget_stops_early_as_the_reference_does():
    net = init.build([2, 4, 1], ["tanh", "sigmoid"], "xavier", 0, ["x1", "x2"])
    cfg = training.TrainConfig(epochs=5, budget_seconds=1e-9)
    fast = compiled.train_kernel(net, Optimizer("adam", 0.03), *split()[0], None, None, cfg)
    ref = training.train(net, Optimizer("adam", 0.03), *split()[0], None, None, cfg)
    # a budget spent before the first epoch: nothing trained, on both paths
    assert fast.status == ref.status == "budget_exceeded" and len(fast.history) == len(ref.history) == 0
    assert fast.message == ref.message == training.budget_message(0, cfg, part_way=True)
    np.testing.assert_array_equal(fast.network.params, net.params)


def test_without_numba_the_reference_does_the_work(monkeypatch):
    monkeypatch.setattr(compiled, "kernel", None)
    net = init.build([2, 4, 1], ["tanh", "sigmoid"], "xavier", 0, ["x1", "x2"])
    cfg = training.TrainConfig(epochs=3)
    train_set, test_set = split()
    ref = training.train(net, Optimizer("adam", 0.03), *train_set, *test_set, cfg)
    fast = compiled.train_kernel(net, Optimizer("adam", 0.03), *train_set, *test_set, cfg)
    np.testing.assert_array_equal(fast.network.params, ref.network.params)
    assert fast.history == ref.history


def test_the_input_network_and_state_are_not_changed_in_place():
    net = init.build([2, 4, 1], ["tanh", "sigmoid"], "xavier", 0, ["x1", "x2"])
    before = net.params.copy()
    compiled.train_kernel(net, Optimizer("adam", 0.03), *split()[0], None, None, training.TrainConfig(epochs=2))
    np.testing.assert_array_equal(net.params, before)


def test_the_faster_path_is_chosen_by_layer_width_and_batch():
    small = init.build([2, 4, 2, 1], ["tanh", "tanh", "sigmoid"], "xavier", 0, ["x1", "x2"])
    wide = init.build([2, 64, 64, 1], ["tanh", "tanh", "sigmoid"], "xavier", 0, ["x1", "x2"])
    assert compiled.worth_it(small, training.TrainConfig(batch_size=10))
    assert not compiled.worth_it(small, training.TrainConfig(batch_size=250))  # full batch: BLAS
    assert not compiled.worth_it(wide, training.TrainConfig(batch_size=10))
    (trx, trl), (tex, tel) = split()
    cfg = training.TrainConfig(batch_size=250, epochs=3)
    picked = compiled.train(wide, Optimizer("adam", 0.03), trx, trl, tex, tel, cfg)
    ref = training.train(wide, Optimizer("adam", 0.03), trx, trl, tex, tel, cfg)
    np.testing.assert_array_equal(picked.network.params, ref.network.params)  # the reference itself
