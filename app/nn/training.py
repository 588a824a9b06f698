"""Backpropagation and the training loop: minibatches with a seeded shuffle, optimisers,
L1/L2 regularisation, per-epoch history, divergence detection and a compute budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from app.nn import losses
from app.nn.network import Network, param_views
from app.nn.optimizers import Optimizer

TASKS = ("classification", "regression")
REGULARIZATIONS = ("none", "l1", "l2")
SYMMETRIC_OUTPUTS = ("tanh",)  # binary targets −1/+1 and threshold 0 for these outputs


# -- targets and metrics ------------------------------------------------------------------
def encode_targets(labels: np.ndarray, task: str, n_outputs: int, output_activation: str) -> np.ndarray:
    """Labels → target matrix (n, n_outputs).

    Classification with one output: 0/1 (or −1/+1 for a tanh output).  With k ≥ 2 outputs:
    one-hot over k classes.  Regression: the values themselves (one output).
    """
    labels = np.asarray(labels, dtype=np.float64).reshape(-1)
    if task == "regression":
        if n_outputs != 1:
            raise ValueError(f"regression needs 1 output neuron, the network has {n_outputs}")
        return labels[:, None]
    classes = labels.astype(np.int64)
    if np.any(classes != labels) or np.any(classes < 0):
        raise ValueError("classification labels must be class numbers 0, 1, 2, ...")
    if n_outputs == 1:
        if np.any(classes > 1):
            raise ValueError(
                f"labels go up to class {int(classes.max())} but the network has 1 output neuron "
                "(binary); use one output per class with softmax"
            )
        y = classes.astype(np.float64)[:, None]
        return 2 * y - 1 if output_activation in SYMMETRIC_OUTPUTS else y
    if classes.size and classes.max() >= n_outputs:
        raise ValueError(
            f"labels go up to class {int(classes.max())} but the network has only {n_outputs} outputs"
        )
    y = np.zeros((labels.size, n_outputs))
    y[np.arange(labels.size), classes] = 1.0
    return y


def predict_classes(outputs: np.ndarray, output_activation: str) -> np.ndarray:
    if outputs.shape[1] == 1:
        threshold = 0.0 if output_activation in SYMMETRIC_OUTPUTS else 0.5
        return (outputs[:, 0] > threshold).astype(np.int64)
    return np.argmax(outputs, axis=1)


def accuracy(outputs, labels, output_activation) -> float:
    return float(np.mean(predict_classes(outputs, output_activation) == np.asarray(labels).astype(np.int64)))


def r2(outputs, labels) -> float:
    y = np.asarray(labels, dtype=np.float64).reshape(-1)
    pred = outputs[:, 0]
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    ss_res = float(np.sum((y - pred) ** 2))
    return 1.0 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)


def confusion_matrix(outputs, labels, output_activation, n_classes: int) -> list[list[int]]:
    pred = predict_classes(outputs, output_activation)
    true = np.asarray(labels).astype(np.int64)
    m = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(m, (true, pred), 1)
    return m.tolist()


# -- backprop -------------------------------------------------------------------------------
def gradients(net: Network, x: np.ndarray, y: np.ndarray, loss: str) -> tuple[float, np.ndarray]:
    """Mean loss and its gradient w.r.t. every parameter, as a flat vector laid out like net.params.

    ``x`` is what the first layer sees (features already mapped), ``y`` the encoded targets.
    """
    grad = np.empty_like(net.params)
    value = _backprop(net, x, y, loss, param_views(grad, net))
    return value, grad


def _backprop(net: Network, x, y, loss, grad_views) -> float:
    layers = net.layers
    zs, acts = [], [x]
    a = x
    for lyr in layers:
        z = a @ lyr.weights.T
        z += lyr.biases
        a = lyr.act.f(z)
        zs.append(z)
        acts.append(a)
    out = layers[-1]
    value = losses.value(loss, zs[-1], a, y)
    dz = losses.grad_z(loss, out.act, zs[-1], a, y)
    for i in range(len(layers) - 1, -1, -1):
        gw, gb = grad_views[i]
        np.matmul(dz.T, acts[i], out=gw)
        np.sum(dz, axis=0, out=gb)
        if i:
            da = dz @ layers[i].weights
            prev = layers[i - 1]
            if prev.activation == "tanh":  # the common case, from the stored output: 1 − a²
                ap = acts[i]
                dz = da * (1.0 - ap * ap)
            else:
                dz = prev.act.backward(zs[i - 1], acts[i], da)
    return value


# -- the training loop -----------------------------------------------------------------------
@dataclass
class TrainConfig:
    task: str = "classification"
    loss: str | None = None
    batch_size: int = 10
    epochs: int = 1
    seed: int = 0
    start_epoch: int = 0
    regularization: str = "none"
    reg_rate: float = 0.0
    budget_seconds: float | None = None
    max_abs: float | None = None  # largest |weight| or |bias| a returned network may hold (None: any finite)


@dataclass
class TrainResult:
    network: Network
    optimizer: Optimizer
    epoch: int
    status: str  # "ok" | "diverged" | "budget_exceeded"
    message: str
    history: list[dict] = field(default_factory=list)
    confusion_matrix: list[list[int]] | None = None
    metrics: dict | None = None  # loss and accuracy / R² of the returned network


class _EpochRunner:
    """The minibatch steps of one epoch: seeded shuffle, backprop, regularisation, optimiser step."""

    def __init__(self, net: Network, optimizer: Optimizer, x, y, loss: str, cfg: TrainConfig) -> None:
        self.net, self.optimizer, self.x, self.y, self.loss, self.cfg = net, optimizer, x, y, loss, cfg
        self.n = x.shape[0]
        self.bs = max(1, min(cfg.batch_size, self.n))
        self.grad = np.empty_like(net.params)
        self.gviews = param_views(self.grad, net)
        self.mask = np.concatenate([np.r_[np.ones(w.size), np.zeros(b.size)] for w, b in param_views(net.params, net)])
        self.rate = cfg.reg_rate if cfg.regularization != "none" else 0.0
        self.l1 = cfg.regularization == "l1"

    def run(self, epoch: int, deadline: float | None = None) -> bool:
        """One epoch; False when stopped part-way because ``time.perf_counter()`` passed ``deadline``
        (the caller then restores the network from before the epoch)."""
        net, x, y, bs, grad, params = self.net, self.x, self.y, self.bs, self.grad, self.net.params
        order = np.random.default_rng([self.cfg.seed, epoch]).permutation(self.n)
        batches = [order[s : s + bs] for s in range(0, self.n, bs)]
        for idx in batches:
            if deadline is not None and time.perf_counter() > deadline:
                return False
            _backprop(net, x[idx], y[idx], self.loss, self.gviews)
            if self.rate:
                grad += self.rate * (self.mask * (np.sign(params) if self.l1 else params))
            self.optimizer.step(params, grad)
        return True


def start(net: Network, optimizer: Optimizer, points, labels, cfg: TrainConfig):
    """A copy of the network to train, the loss, the prepared inputs and encoded targets."""
    net = net.copy()
    out_act = net.layers[-1].activation
    loss = cfg.loss or losses.default_for(out_act, cfg.task)
    losses.check(loss, out_act)
    x = net.prepare(points)
    y = encode_targets(labels, cfg.task, net.n_outputs, out_act)
    optimizer.ensure_slots(net.params.size)
    return net, loss, x, y


def train_epochs_only(net: Network, optimizer: Optimizer, points, labels, cfg: TrainConfig) -> Network:
    """The training steps of ``cfg.epochs`` epochs with no evaluation (for benchmarks); returns the new net."""
    net, loss, x, y = start(net, optimizer, points, labels, cfg)
    runner = _EpochRunner(net, optimizer, x, y, loss, cfg)
    with np.errstate(all="ignore"):
        for e in range(cfg.start_epoch, cfg.start_epoch + cfg.epochs):
            runner.run(e)
    return net


def evaluate(net: Network, x: np.ndarray, labels, y: np.ndarray, task: str, loss: str) -> dict:
    """Loss and accuracy (classification) or R² (regression) on prepared inputs."""
    z, a = net.trace_prepared(x)[-1]
    result = {"loss": losses.value(loss, z, a, y)}
    if task == "classification":
        result["accuracy"] = accuracy(a, labels, net.layers[-1].activation)
    else:
        result["r2"] = r2(a, labels)
    return result


def train(
    net: Network,
    optimizer: Optimizer,
    train_points: np.ndarray,
    train_labels: np.ndarray,
    test_points: np.ndarray | None,
    test_labels: np.ndarray | None,
    cfg: TrainConfig,
) -> TrainResult:
    """Train a copy of ``net`` for ``cfg.epochs`` epochs; never returns non-finite numbers.

    The shuffle of epoch e uses ``default_rng([seed, e])``, so two calls of one epoch each give
    exactly the network of one call of two epochs (with the optimizer state passed along).
    """
    started = time.perf_counter()
    net, loss, x, y = start(net, optimizer, train_points, train_labels, cfg)
    out_act = net.layers[-1].activation
    has_test = test_points is not None and len(test_points) > 0
    if has_test:
        xt = net.prepare(test_points)
        yt = encode_targets(test_labels, cfg.task, net.n_outputs, out_act)

    steps = _EpochRunner(net, optimizer, x, y, loss, cfg)

    history: list[dict] = []
    status, message = "ok", ""
    epoch = cfg.start_epoch
    deadline = None if cfg.budget_seconds is None else started + cfg.budget_seconds
    with np.errstate(all="ignore"):
        for _ in range(cfg.epochs):
            saved_params, saved_opt = net.params.copy(), optimizer.snapshot()
            if not steps.run(epoch, deadline):  # the budget ran out within the epoch: undo it
                net.params[...] = saved_params
                optimizer.restore(saved_opt)
                status, message = "budget_exceeded", budget_message(len(history), cfg, part_way=True)
                break
            row = {"epoch": epoch + 1}
            tr = evaluate(net, x, train_labels, y, cfg.task, loss)
            te = evaluate(net, xt, test_labels, yt, cfg.task, loss) if has_test else None
            values = [tr["loss"]] + ([te["loss"]] if te else [])
            if not (inside(net.params, cfg.max_abs) and np.all(np.isfinite(values))):
                net.params[...] = saved_params
                optimizer.restore(saved_opt)
                status, message = "diverged", diverged_message(epoch, cfg.max_abs)
                break
            epoch += 1
            row.update(metrics_row(tr, te, cfg.task))
            history.append(row)
            if cfg.budget_seconds is not None and time.perf_counter() - started > cfg.budget_seconds:
                if _ < cfg.epochs - 1:
                    status, message = "budget_exceeded", budget_message(len(history), cfg)
                break
    return finish(net, optimizer, cfg, loss, (x, train_labels, y), (xt, test_labels, yt) if has_test else None,
                  epoch, status, message, history)


def diverged_message(epoch: int, max_abs: float | None = None) -> str:
    bound = "" if max_abs is None else f" or left the allowed range ±{max_abs:g}"
    return (
        f"training diverged in epoch {epoch + 1} (the loss or a weight became infinite or NaN{bound}); "
        f"the network is the one from before that epoch. Try a smaller learning rate."
    )


def budget_message(done: int, cfg: TrainConfig, part_way: bool = False) -> str:
    if part_way:  # the budget ran out within (or before) an epoch: that epoch is not in the network
        return (
            f"stopped after {done} of {cfg.epochs} epochs: the call used its compute budget "
            f"of {cfg.budget_seconds:g} s part-way through the next epoch "
            "(the network is the one before it); ask for fewer epochs per call, or fewer points"
        )
    return (
        f"stopped after {done} of {cfg.epochs} epochs: the call used its compute "
        f"budget of {cfg.budget_seconds:g} s; ask for fewer epochs per call"
    )


def finish(net, optimizer, cfg: TrainConfig, loss: str, train_set, test_set, epoch: int, status: str,
           message: str, history: list[dict], cm: list[list[int]] | None = None) -> TrainResult:
    """The result of a run (shared with the compiled path): its message, the metrics of the returned
    network and the confusion matrix (on the test set when there is one; ``cm`` if already counted)."""
    x, train_labels, y = train_set
    out_act = net.layers[-1].activation
    if status == "ok":
        message = f"trained {len(history)} epoch(s)" if cfg.epochs else "evaluated the network (0 epochs)"
    if history:
        metrics = history[-1]
    else:  # nothing trained (0 epochs, or diverged at once): the metrics of the network as it is
        with np.errstate(all="ignore"):
            tr = evaluate(net, x, train_labels, y, cfg.task, loss)
            te = evaluate(net, test_set[0], test_set[1], test_set[2], cfg.task, loss) if test_set else None
        values = [tr["loss"]] + ([te["loss"]] if te else [])
        metrics = {"epoch": epoch, **metrics_row(tr, te, cfg.task)} if np.all(np.isfinite(values)) else None

    if cm is None and cfg.task == "classification":
        px, pl = (test_set[0], test_set[1]) if test_set else (x, train_labels)
        _, a = net.trace_prepared(px)[-1]
        k = max(2, net.n_outputs)
        if np.all(np.isfinite(a)):
            cm = confusion_matrix(a, pl, out_act, k)
    return TrainResult(net, optimizer, epoch, status, message, history, cm, metrics)


def inside(params: np.ndarray, max_abs: float | None) -> bool:
    """Every parameter finite and, with a bound, within ±max_abs (the divergence test)."""
    return bool(np.all(np.abs(params) <= max_abs)) if max_abs is not None else bool(np.all(np.isfinite(params)))


def metrics_row(tr: dict, te: dict | None, task: str) -> dict:
    row = {"train_loss": tr["loss"], "test_loss": te["loss"] if te else None}
    for key in ("accuracy", "r2"):
        row[f"train_{key}"] = tr.get(key)
        row[f"test_{key}"] = te.get(key) if te else None
    return row
