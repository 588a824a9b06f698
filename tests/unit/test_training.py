"""Training: backprop against central finite differences over every parameter, exact continuation
across calls, divergence, budget, regularisation, metrics."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.nn import activations, datasets, init, losses, training
from app.nn.network import Network
from app.nn.optimizers import Optimizer

ELEMENTWISE = [n for n in activations.NAMES if n != "softmax"]
KINKED = {"relu", "leaky_relu", "elu"}
FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def rel_err(a, b, floor: float = 1e-6) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)))


def random_case(seed: int):
    """A random network (mixed activations, features on odd seeds), inputs, encoded targets and loss."""
    rng = np.random.default_rng(seed)
    features = list(rng.permutation(FEATURES)[: rng.integers(2, 8)]) if seed % 2 else None
    n_in = len(features) if features else int(rng.integers(1, 5))
    kind = ["softmax", "sigmoid", "mse"][seed % 3]
    depth = int(rng.integers(1, 4))
    sizes = [n_in] + [int(rng.integers(2, 6)) for _ in range(depth - 1)]
    acts = [str(rng.choice(ELEMENTWISE)) for _ in range(depth - 1)]
    if kind == "softmax":
        sizes.append(int(rng.integers(2, 5)))
        acts.append("softmax")
        loss = "cross_entropy" if seed % 2 else "mse"
    elif kind == "sigmoid":
        sizes.append(1)
        acts.append("sigmoid")
        loss = "bce"
    else:
        sizes.append(int(rng.integers(1, 3)))
        acts.append(str(rng.choice(ELEMENTWISE)))
        loss = "mse"
    layers = [(rng.normal(0, 0.8, (o, i)), rng.normal(0, 0.3, o), a)
              for i, o, a in zip(sizes[:-1], sizes[1:], acts, strict=True)]
    net = Network.from_arrays(layers, features)
    raw = rng.uniform(-2, 2, (12, 2 if features else n_in))
    x = net.prepare(raw)
    k = sizes[-1]
    if loss == "bce":
        y = rng.integers(0, 2, (12, 1)).astype(float)
    elif acts[-1] == "softmax":
        y = np.eye(k)[rng.integers(0, k, 12)]
    else:
        y = rng.normal(0, 1, (12, k))
    # drop rows whose pre-activations sit near a kink: finite differences would straddle it
    _, trace = net.trace(raw)
    keep = np.ones(12, bool)
    for (z, _), a in zip(trace, acts, strict=True):
        if a in KINKED:
            keep &= np.all(np.abs(z) > 1e-3, axis=1)
    return net, x[keep], y[keep], loss


@pytest.mark.parametrize("seed", range(24))
def test_backprop_matches_finite_differences_over_every_parameter(seed):
    net, x, y, loss = random_case(seed)
    assert len(x) >= 4
    value, grad = training.gradients(net, x, y, loss)
    assert grad.shape == net.params.shape
    h = 1e-6
    fd = np.empty_like(grad)
    p0 = net.params.copy()
    for i in range(p0.size):
        net.params[i] = p0[i] + h
        up = training.gradients(net, x, y, loss)[0]
        net.params[i] = p0[i] - h
        down = training.gradients(net, x, y, loss)[0]
        net.params[i] = p0[i]
        fd[i] = (up - down) / (2 * h)
    assert rel_err(grad, fd) < 1e-6, (loss, [lyr.activation for lyr in net.layers])
    # and the loss value is the mean loss of an independent forward pass
    trace = net.trace_prepared(x)[-1]
    assert value == losses.value(loss, trace[0], trace[1], y)


def test_backprop_covers_every_activation_in_hidden_layers():
    rng = np.random.default_rng(9)
    for act in ELEMENTWISE:
        net = Network.from_arrays([(rng.normal(0, 1, (3, 2)), rng.normal(0, 0.3, 3), act),
                                   (rng.normal(0, 1, (3, 3)), rng.normal(0, 0.3, 3), "softmax")])
        x = rng.uniform(-1, 1, (8, 2))
        z0 = x @ net.layers[0].weights.T + net.layers[0].biases
        x = x[np.all(np.abs(z0) > 1e-3, axis=1)]
        y = np.eye(3)[rng.integers(0, 3, len(x))]
        _, grad = training.gradients(net, x, y, "cross_entropy")
        fd = np.empty_like(grad)
        for i in range(grad.size):
            e = np.zeros_like(grad)
            e[i] = 1e-6
            fd[i] = (training.gradients(net.with_params(net.params + e), x, y, "cross_entropy")[0]
                     - training.gradients(net.with_params(net.params - e), x, y, "cross_entropy")[0]) / 2e-6
        assert rel_err(grad, fd) < 1e-6, act


# -- targets and metrics ------------------------------------------------------------------------
def test_encode_targets():
    np.testing.assert_array_equal(training.encode_targets([0, 1, 1], "classification", 1, "sigmoid"),
                                  [[0], [1], [1]])
    np.testing.assert_array_equal(training.encode_targets([0, 1], "classification", 1, "tanh"), [[-1], [1]])
    np.testing.assert_array_equal(training.encode_targets([2, 0], "classification", 3, "softmax"),
                                  [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(training.encode_targets([0.5, -2], "regression", 1, "linear"), [[0.5], [-2]])
    with pytest.raises(ValueError, match="softmax"):
        training.encode_targets([0, 2], "classification", 1, "sigmoid")
    with pytest.raises(ValueError, match="only 3 outputs"):
        training.encode_targets([0, 3], "classification", 3, "softmax")
    with pytest.raises(ValueError, match="class numbers"):
        training.encode_targets([0.5], "classification", 2, "softmax")
    with pytest.raises(ValueError, match="class numbers"):
        training.encode_targets([-1], "classification", 2, "softmax")
    with pytest.raises(ValueError, match="1 output"):
        training.encode_targets([0.5], "regression", 2, "linear")


def test_metrics():
    out = np.array([[0.2], [0.7], [0.5], [0.9]])
    np.testing.assert_array_equal(training.predict_classes(out, "sigmoid"), [0, 1, 0, 1])
    np.testing.assert_array_equal(training.predict_classes(out - 0.5, "tanh"), [0, 1, 0, 1])
    assert training.accuracy(out, [0, 1, 1, 1], "sigmoid") == 0.75
    probs = np.array([[0.1, 0.8, 0.1], [0.5, 0.2, 0.3], [0.1, 0.1, 0.8]])
    assert training.confusion_matrix(probs, [1, 2, 2], "softmax", 3) == [[0, 0, 0], [0, 1, 0], [1, 0, 1]]
    y = np.array([1.0, 2.0, 3.0])
    assert training.r2(y[:, None], y) == 1.0
    assert training.r2(np.full((3, 1), 2.0), y) == 0.0
    assert training.r2(np.array([[1.0], [2.0], [4.0]]), y) == pytest.approx(1 - 1 / 2)


# -- the training loop -----------------------------------------------------------------------------
def xor_data(n=120, seed=0):
    d = datasets.generate("xor", n, 0, seed)
    return d.split(0.5, seed)


def fresh(layer_sizes=(2, 6, 1), acts=("tanh", "sigmoid"), seed=0, features=("x1", "x2")):
    return init.build(list(layer_sizes), list(acts), "xavier", seed, list(features) if features else None)


@pytest.mark.parametrize("opt_name", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("reg", ["none", "l1", "l2"])
def test_two_calls_of_one_epoch_equal_one_call_of_two(opt_name, reg):
    (trx, trl), (tex, tel) = xor_data()
    net = fresh()
    cfg = dict(task="classification", batch_size=7, seed=3, regularization=reg, reg_rate=0.001)
    once = training.train(net, Optimizer(opt_name, 0.05), trx, trl, tex, tel,
                          training.TrainConfig(epochs=2, **cfg))
    first = training.train(net, Optimizer(opt_name, 0.05), trx, trl, tex, tel,
                           training.TrainConfig(epochs=1, **cfg))
    second = training.train(first.network, first.optimizer, trx, trl, tex, tel,
                            training.TrainConfig(epochs=1, start_epoch=first.epoch, **cfg))
    np.testing.assert_array_equal(second.network.params, once.network.params)
    assert first.history + second.history == once.history
    assert second.epoch == once.epoch == 2
    assert second.optimizer.step_count == once.optimizer.step_count == 2 * 9  # 60 rows / 7 per batch
    for k in once.optimizer.slots:
        np.testing.assert_array_equal(second.optimizer.slots[k], once.optimizer.slots[k])
    # the input network is never modified
    np.testing.assert_array_equal(net.params, fresh().params)


def test_same_seed_same_numbers_other_seed_other_shuffle():
    (trx, trl), (tex, tel) = xor_data()
    cfg = training.TrainConfig(epochs=3, seed=5)
    a = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel, cfg)
    b = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel, cfg)
    c = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel, training.TrainConfig(epochs=3, seed=6))
    np.testing.assert_array_equal(a.network.params, b.network.params)
    assert a.history == b.history
    assert not np.array_equal(a.network.params, c.network.params)


def test_history_rows():
    (trx, trl), (tex, tel) = xor_data()
    r = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel, training.TrainConfig(epochs=4, start_epoch=10))
    assert [row["epoch"] for row in r.history] == [11, 12, 13, 14] and r.epoch == 14
    for row in r.history:
        assert set(row) == {"epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
                            "train_r2", "test_r2"}
        assert 0 <= row["train_accuracy"] <= 1 and 0 <= row["test_accuracy"] <= 1
        assert row["train_r2"] is None and row["test_r2"] is None
    assert r.status == "ok" and "4" in r.message
    # the last row's numbers are those of the returned network
    net = r.network
    pred = net.forward(tex)
    assert r.history[-1]["test_accuracy"] == training.accuracy(pred, tel, "sigmoid")


def test_without_test_set():
    (trx, trl), _ = xor_data()
    r = training.train(fresh(), Optimizer("adam"), trx, trl, None, None, training.TrainConfig(epochs=2))
    assert r.history[-1]["test_loss"] is None and r.history[-1]["test_accuracy"] is None
    assert sum(map(sum, r.confusion_matrix)) == len(trl)


def test_divergence_stops_with_the_last_finite_network():
    d = datasets.generate("plane", 200, 0, 0)
    (trx, trl), (tex, tel) = d.split(0.5, 0)
    net = init.build([2, 1], ["linear"], "xavier", 0)
    r = training.train(net, Optimizer("sgd", 10.0), trx, trl, tex, tel,
                       training.TrainConfig(task="regression", epochs=200, batch_size=10))
    assert r.status == "diverged"
    assert "diverged" in r.message and "learning rate" in r.message
    assert np.all(np.isfinite(r.network.params))
    assert 0 < len(r.history) < 200 and r.epoch == len(r.history)
    text = json.dumps(r.history, allow_nan=False)  # raises on NaN or Infinity
    assert "NaN" not in text
    # the returned network is the one after the last finite epoch: replaying those epochs gives it
    again = training.train(net, Optimizer("sgd", 10.0), trx, trl, tex, tel,
                           training.TrainConfig(task="regression", epochs=r.epoch, batch_size=10))
    assert again.status == "ok"
    np.testing.assert_array_equal(again.network.params, r.network.params)


def test_divergence_in_the_first_epoch_returns_the_input_network():
    rng = np.random.default_rng(0)
    x = rng.uniform(-6, 6, (50, 2))
    net = Network.from_arrays([([[1e150, 1e150]], [0.0], "linear"), ([[1e150]], [0.0], "linear")])
    r = training.train(net, Optimizer("sgd", 1.0), x, x[:, 0], None, None,
                       training.TrainConfig(task="regression", epochs=3))
    assert r.status == "diverged" and r.history == [] and r.epoch == 0
    np.testing.assert_array_equal(r.network.params, net.params)


def test_budget_exceeded_stops_early():
    (trx, trl), (tex, tel) = xor_data()
    start = fresh()
    r = training.train(start, Optimizer("adam"), trx, trl, tex, tel,
                       training.TrainConfig(epochs=50, budget_seconds=1e-9))
    assert r.status == "budget_exceeded"
    assert r.history == [] and r.epoch == 0  # the budget is spent before the first mini-batch
    np.testing.assert_array_equal(r.network.params, start.params)
    assert r.metrics is not None and "budget" in r.message
    # a budget that is not hit changes nothing
    ok = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel,
                        training.TrainConfig(epochs=2, budget_seconds=60))
    assert ok.status == "ok" and len(ok.history) == 2


def _ticking_clock(monkeypatch, step=0.001):
    """time.perf_counter advancing by ``step`` at every call: one call a mini-batch in the loop."""
    ticks = iter(range(10**9))
    monkeypatch.setattr(training.time, "perf_counter", lambda: next(ticks) * step)


def test_a_budget_that_runs_out_inside_an_epoch_undoes_that_epoch(monkeypatch):
    """60 training points, batch 10: 6 clock reads per epoch plus one after it. A budget of 9.5 ticks
    runs out in epoch 2: the answer is the network after epoch 1, never a part-trained one."""
    (trx, trl), (tex, tel) = xor_data()
    one = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel, training.TrainConfig(epochs=1))
    _ticking_clock(monkeypatch)
    r = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel,
                       training.TrainConfig(epochs=5, budget_seconds=0.0095))
    assert r.status == "budget_exceeded" and r.epoch == 1 and len(r.history) == 1
    np.testing.assert_array_equal(r.network.params, one.network.params)
    assert r.optimizer.step_count == one.optimizer.step_count


def test_budget_hit_on_the_last_epoch_is_still_ok(monkeypatch):
    (trx, trl), (tex, tel) = xor_data()
    _ticking_clock(monkeypatch)
    r = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel,
                       training.TrainConfig(epochs=1, budget_seconds=0.0065))
    assert r.status == "ok" and len(r.history) == 1


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_regularisation_shrinks_weights(kind):
    (trx, trl), (tex, tel) = xor_data(200)
    norm = (lambda w: np.abs(w).sum()) if kind == "l1" else (lambda w: (w * w).sum())

    def weights(rate):
        r = training.train(fresh((2, 8, 1)), Optimizer("adam", 0.03), trx, trl, tex, tel,
                           training.TrainConfig(epochs=30, regularization=kind, reg_rate=rate))
        return np.concatenate([lyr.weights.ravel() for lyr in r.network.layers])

    plain, reg = weights(0.0), weights(0.05)
    assert norm(reg) < 0.7 * norm(plain)


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_regularisation_gradient_is_exact_on_weights_not_biases(kind):
    rng = np.random.default_rng(4)
    x = rng.uniform(-3, 3, (16, 2))
    labels = (x[:, 0] > 0).astype(int)
    net = Network.from_arrays([(rng.normal(0, 1, (3, 2)), rng.normal(0, 1, 3), "tanh"),
                               (rng.normal(0, 1, (1, 3)), rng.normal(0, 1, 1), "sigmoid")])
    rate, lr = 0.3, 0.1
    r = training.train(net, Optimizer("sgd", lr), x, labels, None, None,
                       training.TrainConfig(epochs=1, batch_size=16, regularization=kind, reg_rate=rate))
    y = training.encode_targets(labels, "classification", 1, "sigmoid")
    _, g = training.gradients(net, x, y, "bce")
    mask = np.ones_like(net.params)  # 1 on weights, 0 on biases
    sizes = [(lyr.weights.size, lyr.biases.size) for lyr in net.layers]
    off = 0
    for nw, nb in sizes:
        mask[off + nw: off + nw + nb] = 0
        off += nw + nb
    penalty = np.sign(net.params) if kind == "l1" else net.params
    want = net.params - lr * (g + rate * mask * penalty)
    np.testing.assert_allclose(r.network.params, want, rtol=1e-13, atol=1e-15)


def test_regression_on_plane_reaches_high_r2():
    d = datasets.generate("plane", 400, 0, 1)
    (trx, trl), (tex, tel) = d.split(0.5, 1)
    net = init.build([2, 1], ["linear"], "xavier", 0, ["x1", "x2"])
    r = training.train(net, Optimizer("adam", 0.03), trx, trl, tex, tel,
                       training.TrainConfig(task="regression", epochs=40))
    last = r.history[-1]
    assert r.status == "ok" and last["test_r2"] > 0.99 and last["train_r2"] > 0.99
    assert last["test_accuracy"] is None and r.confusion_matrix is None
    np.testing.assert_allclose(r.network.layers[0].weights, [[0.1, 0.1]], atol=0.01)


def test_multi_class_blobs3_with_softmax_and_confusion_matrix():
    d = datasets.generate("blobs3", 300, 0, 0)
    (trx, trl), (tex, tel) = d.split(0.6, 0)
    net = init.build([2, 8, 3], ["tanh", "softmax"], "xavier", 0, ["x1", "x2"])
    r = training.train(net, Optimizer("adam", 0.03), trx, trl, tex, tel, training.TrainConfig(epochs=30))
    assert r.history[-1]["test_accuracy"] >= 0.95
    cm = np.array(r.confusion_matrix)
    assert cm.shape == (3, 3)
    assert cm.sum() == len(tel)
    np.testing.assert_array_equal(cm.sum(axis=1), np.bincount(tel.astype(int), minlength=3))
    assert np.trace(cm) / cm.sum() == r.history[-1]["test_accuracy"]


def test_binary_confusion_matrix_sums_to_the_test_count():
    (trx, trl), (tex, tel) = xor_data(150)
    r = training.train(fresh(), Optimizer("adam"), trx, trl, tex, tel, training.TrainConfig(epochs=3))
    cm = np.array(r.confusion_matrix)
    assert cm.shape == (2, 2) and cm.sum() == len(tel) == 75
    assert np.trace(cm) / cm.sum() == pytest.approx(r.history[-1]["test_accuracy"])


def test_tanh_output_trains_on_minus_one_plus_one_targets():
    d = datasets.generate("gauss", 200, 0, 0)
    (trx, trl), (tex, tel) = d.split(0.5, 0)
    net = init.build([2, 1], ["tanh"], "xavier", 0, ["x1", "x2"])
    r = training.train(net, Optimizer("adam", 0.05), trx, trl, tex, tel, training.TrainConfig(epochs=20))
    assert r.history[-1]["test_accuracy"] >= 0.95


def test_loss_must_fit_the_output():
    (trx, trl), (tex, tel) = xor_data()
    with pytest.raises(ValueError, match="sigmoid"):
        training.train(fresh(acts=("tanh", "tanh")), Optimizer(), trx, trl, tex, tel,
                       training.TrainConfig(loss="bce"))


def test_optimizer_state_of_the_wrong_size_is_refused():
    (trx, trl), (tex, tel) = xor_data()
    opt = Optimizer("adam")
    opt.ensure_slots(3)
    with pytest.raises(ValueError, match="optimizer_state"):
        training.train(fresh(), opt, trx, trl, tex, tel, training.TrainConfig())
