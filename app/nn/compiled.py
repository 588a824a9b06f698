"""The fast training path: the loop of :func:`app.nn.training.train` around the compiled epoch of
:mod:`app.nn.kernel`.  Same arguments, same :class:`~app.nn.training.TrainResult`, same shuffle,
divergence handling and compute budget; the numbers agree with the reference to rounding
(``tests/unit/test_kernel.py``).  Without numba (or with ``NEURON_JIT=0``) it is the reference.
"""

from __future__ import annotations

import os
import time

import numpy as np

from app.nn import activations, losses, optimizers, training
from app.nn.network import Network
from app.nn.optimizers import Optimizer

try:
    if os.environ.get("NEURON_JIT", "1") == "0":
        raise ImportError("NEURON_JIT=0")
    from app.nn import kernel
except ImportError:  # numba missing (or switched off): the reference does the work
    kernel = None

ACT_CODES = {name: i for i, name in enumerate(activations.NAMES)}
LOSS_CODES = {name: i for i, name in enumerate(losses.NAMES)}
OPT_CODES = {name: i for i, name in enumerate(optimizers.NAMES)}
REG_CODES = {name: i for i, name in enumerate(training.REGULARIZATIONS)}


def available() -> bool:
    return kernel is not None


def supports(net: Network, cfg: training.TrainConfig) -> bool:
    """Whether the kernel covers this run (every activation, loss, optimiser and regulariser it does)."""
    return available() and all(lyr.activation in ACT_CODES for lyr in net.layers)


def _own(a: np.ndarray) -> np.ndarray:
    """A C-contiguous, writeable array (cached datasets are read-only: numba would compile for those again)."""
    return a if a.flags.c_contiguous and a.flags.writeable else np.array(a, order="C")


def _labels(labels, n: int, classify: bool) -> np.ndarray:
    if not classify or labels is None:
        return np.zeros(n, np.int64)
    return np.asarray(labels, dtype=np.float64).reshape(-1).astype(np.int64)


# The kernel's loops beat numpy where numpy pays its per-call overhead: small layers, small batches
# (how students train). Wide layers or big batches are BLAS's: a 10x64 net at full batch measured
# 10x slower compiled, the 2-8x6-1 net at full batch ~2x. There the numpy reference does the work.
KERNEL_MAX_WIDTH = 16  # neurons in the widest layer (the playground's limit)
KERNEL_MAX_BATCH = 64  # points per mini-batch


def worth_it(net: Network, cfg: training.TrainConfig) -> bool:
    """Whether the compiled kernel is the faster path for this run (see KERNEL_MAX_*)."""
    widest = max(max(lyr.weights.shape) for lyr in net.layers)
    return supports(net, cfg) and widest <= KERNEL_MAX_WIDTH and cfg.batch_size <= KERNEL_MAX_BATCH


def train(net: Network, optimizer: Optimizer, train_points, train_labels, test_points, test_labels,
          cfg: training.TrainConfig) -> training.TrainResult:
    """:func:`app.nn.training.train` by the faster of the two paths (the same numbers either way)."""
    path = train_kernel if worth_it(net, cfg) else training.train
    return path(net, optimizer, train_points, train_labels, test_points, test_labels, cfg)


def train_kernel(net: Network, optimizer: Optimizer, train_points, train_labels, test_points, test_labels,
                 cfg: training.TrainConfig) -> training.TrainResult:
    """:func:`app.nn.training.train`, with each epoch's steps and evaluation compiled."""
    if not supports(net, cfg):
        return training.train(net, optimizer, train_points, train_labels, test_points, test_labels, cfg)
    started = time.perf_counter()
    net, loss, x, y = training.start(net, optimizer, train_points, train_labels, cfg)
    out_act = net.layers[-1].activation
    has_test = test_points is not None and len(test_points) > 0
    x, y = _own(x), _own(y)
    if has_test:
        xt = _own(net.prepare(test_points))
        yt = _own(training.encode_targets(test_labels, cfg.task, net.n_outputs, out_act))
    else:
        xt, yt = np.empty((0, x.shape[1])), np.empty((0, y.shape[1]))
    classify = cfg.task == "classification"
    sizes = np.array([net.n_inputs, *(r for r, _ in net.shapes)], np.int64)
    acts = np.array([ACT_CODES[lyr.activation] for lyr in net.layers], np.int64)
    reg = cfg.regularization if cfg.reg_rate else "none"
    ints = np.array([LOSS_CODES[loss], OPT_CODES[optimizer.name], REG_CODES[reg], cfg.batch_size, classify],
                    np.int64)
    threshold = 0.0 if out_act in training.SYMMETRIC_OUTPUTS else 0.5
    o = optimizer
    floats = np.array([o.learning_rate, o.momentum, o.beta1, o.beta2, o.eps, cfg.reg_rate, threshold])
    labels, labels_t = _labels(train_labels, len(x), classify), _labels(test_labels, len(xt), classify)
    none = np.empty(0)
    out = np.empty(4)
    k = max(2, net.n_outputs)
    cm = last_cm = None
    metric = "accuracy" if classify else "r2"

    history: list[dict] = []
    status, message = "ok", ""
    epoch = cfg.start_epoch
    n = x.shape[0]
    for done in range(cfg.epochs):
        if cfg.budget_seconds is not None and time.perf_counter() - started > cfg.budget_seconds:
            status, message = "budget_exceeded", training.budget_message(len(history), cfg, part_way=True)
            break  # spent before this epoch (as the reference, which checks before every mini-batch)
        saved_params, saved_opt = net.params.copy(), optimizer.snapshot()
        slots = [optimizer.slots[s] for s in optimizers.SLOTS[optimizer.name]] + [none, none]
        order = np.random.default_rng([cfg.seed, epoch]).permutation(n)
        cm = np.zeros((k, k), np.int64)
        step, finite = kernel.epoch(net.params, slots[0], slots[1], optimizer.step_count, sizes, acts, ints,
                                    floats, x, y, order, xt, yt, labels, labels_t, out, cm)
        optimizer.step_count = int(step)
        if not (finite and training.inside(net.params, cfg.max_abs)):
            net.params[...] = saved_params
            optimizer.restore(saved_opt)
            status, message = "diverged", training.diverged_message(epoch, cfg.max_abs)
            break
        epoch += 1
        last_cm = cm
        tr = {"loss": float(out[0]), metric: float(out[1])}
        te = {"loss": float(out[2]), metric: float(out[3])} if has_test else None
        history.append({"epoch": epoch, **training.metrics_row(tr, te, cfg.task)})
        if cfg.budget_seconds is not None and time.perf_counter() - started > cfg.budget_seconds:
            if done < cfg.epochs - 1:
                status, message = "budget_exceeded", training.budget_message(len(history), cfg)
            break
    with np.errstate(all="ignore"):
        return training.finish(net, optimizer, cfg, loss, (x, train_labels, y),
                               (xt, test_labels, yt) if has_test else None, epoch, status, message, history,
                               last_cm.tolist() if classify and last_cm is not None else None)


def warm_up() -> None:
    """Load (or compile, the first time) every specialisation of the kernel with tiny inputs."""
    if not available():
        return
    net = Network.from_arrays([([[0.1, -0.2], [0.3, 0.4]], [0.0, 0.1], "tanh"), ([[0.5, -0.5]], [0.0], "sigmoid")],
                              ("x1", "x2"))
    pts = np.array([[0.5, -1.0], [1.0, 2.0], [-1.5, 0.5], [2.0, -2.0]])
    labels = np.array([0, 1, 1, 0])
    train(net, Optimizer("adam", 0.03), pts[:3], labels[:3], pts[3:], labels[3:], training.TrainConfig(epochs=1))
