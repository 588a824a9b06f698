"""The compiled hot loop of training (numba): one epoch of minibatch steps, then the train and test loss.

The same arithmetic as the numpy reference (:mod:`app.nn.training`, :mod:`app.nn.activations`,
:mod:`app.nn.losses`, :mod:`app.nn.optimizers`), written as plain loops over scalars so that a
minibatch costs no per-call overhead.  Every formula keeps the reference's order of operations;
``tests/unit/test_kernel.py`` holds the two to the same weights after many epochs.
No fastmath; ``error_model="numpy"`` so that 1/0 gives inf as numpy does (divergence is detected
by the caller from the returned flag, as the reference does from ``np.isfinite``).

Layout: ``params`` is the flat vector of :class:`app.nn.network.Network` (per layer the weights
row-major, shape (out, in), then the biases); ``sizes`` the widths [inputs, layer 1, ..., outputs].
"""

from __future__ import annotations

import math

import numpy as np

from app.nn import jit_cache
from app.nn.activations import GELU_C, LEAKY_SLOPE

jit_cache.configure()  # before numba is imported: it reads NUMBA_CACHE_DIR once
from numba import njit  # noqa: E402

# codes: the order of app.nn.activations.NAMES, losses.NAMES, optimizers.NAMES, training.REGULARIZATIONS
RELU, LEAKY_RELU, ELU, GELU, SOFTPLUS, SWISH, SIGMOID, TANH, LINEAR, SOFTMAX = range(10)
MSE, BCE, CROSS_ENTROPY = range(3)
SGD, MOMENTUM, ADAM = range(3)
NO_REG, L1, L2 = range(3)
CHUNK = 256  # rows per forward pass when evaluating a whole set

# ints: [loss, optimizer, regularisation, batch size, classification (0/1)]
# floats: [learning rate, momentum, beta1, beta2, eps, regularisation rate, class threshold]
_JIT = {"cache": True, "error_model": "numpy", "fastmath": False, "nogil": True}  # nogil: the event loop runs on


@njit(**_JIT)
def _sigmoid(z):
    e = math.exp(-abs(z))
    if z >= 0:
        return 1.0 / (1.0 + e)
    return e / (1.0 + e)


@njit(**_JIT)
def _tanh(z):
    """tanh within 3 ulp of numpy's (as libm's is), 2-3x faster than libm's: 1 − 2/(e^2|z| + 1) away from 0
    (no cancellation there), libm's tanh near 0."""
    a = abs(z)
    if a > 0.55:
        t = 1.0 - 2.0 / (math.exp(2.0 * a) + 1.0)
        return t if z > 0 else -t
    return math.tanh(z)


@njit(**_JIT)
def _logaddexp0(z):  # numpy's npy_logaddexp(0, z)
    if z == 0.0:
        return math.log(2.0)
    tmp = -z
    if tmp > 0:
        return math.log1p(math.exp(-tmp))
    if tmp <= 0:
        return z + math.log1p(math.exp(tmp))
    return tmp


@njit(**_JIT)
def _f(code, z):
    if code == TANH:
        return _tanh(z)
    if code == RELU:
        return z if (z > 0.0 or z != z) else 0.0
    if code == SIGMOID:
        return _sigmoid(z)
    if code == LINEAR:
        return z * 1.0
    if code == LEAKY_RELU:
        return z if z > 0 else LEAKY_SLOPE * z
    if code == ELU:
        return z if z > 0 else math.expm1(z)
    if code == GELU:
        return 0.5 * z * (1.0 + math.tanh(GELU_C * (z + 0.044715 * z**3.0)))
    if code == SOFTPLUS:
        return _logaddexp0(z)
    if code == SWISH:
        return z * _sigmoid(z)
    return math.nan


@njit(**_JIT)
def _df(code, z, a):
    """f'(z) as the reference computes it (tanh from the stored output a: 1 − a²)."""
    if code == TANH:
        return 1.0 - a * a
    if code == RELU:
        return 1.0 if z > 0 else 0.0
    if code == SIGMOID:
        s = _sigmoid(z)
        return s * (1.0 - s)
    if code == LINEAR:
        return 1.0
    if code == LEAKY_RELU:
        return 1.0 if z > 0 else LEAKY_SLOPE
    if code == ELU:
        return 1.0 if z > 0 else math.exp(z)
    if code == GELU:
        t = math.tanh(GELU_C * (z + 0.044715 * z**3.0))
        return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * GELU_C * (1.0 + 3 * 0.044715 * (z * z))
    if code == SOFTPLUS:
        return _sigmoid(z)
    if code == SWISH:
        s = _sigmoid(z)
        return s + z * s * (1.0 - s)
    return math.nan


@njit(**_JIT)
def _offsets(sizes):
    n_layers = sizes.size - 1
    offs = np.empty(n_layers + 1, np.int64)
    offs[0] = 0
    for lyr in range(n_layers):
        offs[lyr + 1] = offs[lyr] + sizes[lyr + 1] * sizes[lyr] + sizes[lyr + 1]
    return offs


@njit(**_JIT)
def _forward(params, sizes, acts, offs, A, Z, rows):
    """z and a of every layer for the first ``rows`` rows of A[0] (A[l + 1] = f(Z[l]))."""
    for lyr in range(sizes.size - 1):
        cin, cout, off = sizes[lyr], sizes[lyr + 1], offs[lyr]
        boff = off + cout * cin
        code = acts[lyr]
        for r in range(rows):
            for j in range(cout):
                s = 0.0
                w = off + j * cin
                for i in range(cin):
                    s += A[lyr, r, i] * params[w + i]
                z = s + params[boff + j]
                Z[lyr, r, j] = z
                if code != SOFTMAX:
                    A[lyr + 1, r, j] = _f(code, z)
            if code == SOFTMAX:
                m = Z[lyr, r, 0]
                for j in range(1, cout):
                    if Z[lyr, r, j] > m:
                        m = Z[lyr, r, j]
                tot = 0.0
                for j in range(cout):
                    e = math.exp(Z[lyr, r, j] - m)
                    A[lyr + 1, r, j] = e
                    tot += e
                for j in range(cout):
                    A[lyr + 1, r, j] = A[lyr + 1, r, j] / tot


@njit(**_JIT)
def _backward(params, grad, sizes, acts, offs, A, Z, DZ, DA, y, idx, start, rows, loss):
    """The gradient of the batch's mean loss (rows idx[start:start + rows]) into ``grad``."""
    n_layers = sizes.size - 1
    out = n_layers - 1
    k = sizes[n_layers]
    code = acts[out]
    if loss == MSE:
        c = 2.0 / (rows * k)
    elif loss == BCE:
        c = 1.0 / (rows * k)
    else:
        c = 1.0 / rows
    for r in range(rows):
        t = idx[start + r]
        if loss != MSE:  # fused: (a − y)·c
            for j in range(k):
                DZ[r, j] = (A[n_layers, r, j] - y[t, j]) * c
        elif code == SOFTMAX:  # a·(g − Σ g·a)
            dot = 0.0
            for j in range(k):
                dot += c * (A[n_layers, r, j] - y[t, j]) * A[n_layers, r, j]
            for j in range(k):
                a = A[n_layers, r, j]
                DZ[r, j] = a * (c * (a - y[t, j]) - dot)
        else:
            for j in range(k):
                a = A[n_layers, r, j]
                z = Z[out, r, j]
                DZ[r, j] = c * (a - y[t, j]) * _df(code, z, a)
    for lyr in range(out, -1, -1):
        cin, cout, off = sizes[lyr], sizes[lyr + 1], offs[lyr]
        boff = off + cout * cin
        for j in range(cout):
            for i in range(cin):
                s = 0.0
                for r in range(rows):
                    s += DZ[r, j] * A[lyr, r, i]
                grad[off + j * cin + i] = s
            s = 0.0
            for r in range(rows):
                s += DZ[r, j]
            grad[boff + j] = s
        if lyr:
            prev = acts[lyr - 1]
            for r in range(rows):
                for i in range(cin):
                    s = 0.0
                    for j in range(cout):
                        s += DZ[r, j] * params[off + j * cin + i]
                    DA[r, i] = s
            for r in range(rows):
                for i in range(cin):
                    DZ[r, i] = DA[r, i] * _df(prev, Z[lyr - 1, r, i], A[lyr, r, i])


@njit(**_JIT)
def _regularise_and_step(params, grad, s1, s2, sizes, offs, ints, floats, step):
    opt, reg = ints[1], ints[2]
    lr, mom, b1, b2, eps, rate = floats[0], floats[1], floats[2], floats[3], floats[4], floats[5]
    if reg != NO_REG and rate != 0.0:
        for lyr in range(sizes.size - 1):
            off = offs[lyr]
            for q in range(off, off + sizes[lyr + 1] * sizes[lyr]):  # weights only, not biases
                p = params[q]
                if reg == L1:
                    sg = 1.0 if p > 0 else (-1.0 if p < 0 else (0.0 if p == 0 else p))
                    grad[q] += rate * sg
                else:
                    grad[q] += rate * p
    step += 1
    n = params.size
    if opt == SGD:
        for q in range(n):
            params[q] -= lr * grad[q]
    elif opt == MOMENTUM:
        for q in range(n):
            s1[q] = s1[q] * mom + grad[q]
            params[q] -= lr * s1[q]
    else:
        t = float(step)
        size = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        for q in range(n):
            g = grad[q]
            s1[q] = s1[q] * b1 + (1 - b1) * g
            s2[q] = s2[q] * b2 + (1 - b2) * (g * g)
            params[q] -= size * s1[q] / (math.sqrt(s2[q]) + eps)
    return step


@njit(**_JIT)
def _evaluate(params, sizes, acts, offs, x, y, labels, ints, floats, A, Z, out, at, cm, count):
    """Mean loss and accuracy (classification) or R² (regression) of a whole set into out[at:at + 2];
    with ``count``, its confusion matrix (true class, predicted class) into cm."""
    n = x.shape[0]
    n_layers = sizes.size - 1
    k = sizes[n_layers]
    loss, classify, thr = ints[0], ints[4], floats[6]
    total = 0.0
    correct = 0
    ss_res = 0.0
    for start in range(0, n, CHUNK):
        rows = min(CHUNK, n - start)
        for r in range(rows):
            for i in range(sizes[0]):
                A[0, r, i] = x[start + r, i]
        _forward(params, sizes, acts, offs, A, Z, rows)
        for r in range(rows):
            t = start + r
            if loss == MSE:
                for j in range(k):
                    d = A[n_layers, r, j] - y[t, j]
                    total += d * d
            elif loss == BCE:
                for j in range(k):
                    z = Z[n_layers - 1, r, j]
                    total += _logaddexp0(z) - y[t, j] * z
            else:
                m = Z[n_layers - 1, r, 0]
                for j in range(1, k):
                    if Z[n_layers - 1, r, j] > m:
                        m = Z[n_layers - 1, r, j]
                se = 0.0
                yz = 0.0
                for j in range(k):
                    se += math.exp(Z[n_layers - 1, r, j] - m)
                    yz += y[t, j] * Z[n_layers - 1, r, j]
                total += (m + math.log(se)) - yz
            if classify:
                if k == 1:
                    pred = 1 if A[n_layers, r, 0] > thr else 0
                else:
                    pred = 0
                    for j in range(1, k):
                        if A[n_layers, r, j] > A[n_layers, r, pred]:
                            pred = j
                if pred == labels[t]:
                    correct += 1
                if count:
                    cm[labels[t], pred] += 1
            else:
                d = y[t, 0] - A[n_layers, r, 0]
                ss_res += d * d
    out[at] = total / (n * k) if loss != CROSS_ENTROPY else total / n
    if classify:
        out[at + 1] = correct / n
    else:
        mean = 0.0
        for t in range(n):
            mean += y[t, 0]
        mean /= n
        ss_tot = 0.0
        for t in range(n):
            d = y[t, 0] - mean
            ss_tot += d * d
        out[at + 1] = 1.0 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)


@njit(**_JIT)
def epoch(params, s1, s2, step, sizes, acts, ints, floats, x, y, order, xt, yt, labels, labels_t, out, cm):
    """One epoch of minibatch steps in ``order``, then the losses and metrics of train (out[0:2]) and
    test (out[2:4]) sets, and (classification) the confusion matrix cm of the test set (of the training
    set when there is no test set).  Updates params and the optimiser slots s1, s2 in place; returns
    (step count, every parameter and loss finite)."""
    n_layers = sizes.size - 1
    width = 0
    for w in sizes:
        width = max(width, w)
    n = x.shape[0]
    bs = max(1, min(ints[3], n))
    offs = _offsets(sizes)
    rows_buf = max(bs, min(CHUNK, max(n, xt.shape[0])))
    A = np.empty((n_layers + 1, rows_buf, width))
    Z = np.empty((n_layers, rows_buf, width))
    DZ = np.empty((bs, width))
    DA = np.empty((bs, width))
    grad = np.empty(params.size)
    for start in range(0, n, bs):
        rows = min(bs, n - start)
        for r in range(rows):
            t = order[start + r]
            for i in range(sizes[0]):
                A[0, r, i] = x[t, i]
        _forward(params, sizes, acts, offs, A, Z, rows)
        _backward(params, grad, sizes, acts, offs, A, Z, DZ, DA, y, order, start, rows, ints[0])
        step = _regularise_and_step(params, grad, s1, s2, sizes, offs, ints, floats, step)
    finite = True
    for q in range(params.size):
        if not math.isfinite(params[q]):
            finite = False
            break
    has_test = xt.shape[0] > 0
    _evaluate(params, sizes, acts, offs, x, y, labels, ints, floats, A, Z, out, 0, cm, ints[4] and not has_test)
    finite = finite and math.isfinite(out[0])
    if has_test:
        _evaluate(params, sizes, acts, offs, xt, yt, labels_t, ints, floats, A, Z, out, 2, cm, ints[4])
        finite = finite and math.isfinite(out[2])
    return step, finite
