"""Losses and their gradients with respect to the output layer's pre-activation z.

- ``mse``: mean over rows and outputs of (a − y)².  Works with any output activation.
- ``bce``: binary cross-entropy, needs a sigmoid output.  Computed from z (softplus(z) − y·z),
  so it stays finite even when the sigmoid saturates; its gradient is fused: (a − y).
- ``cross_entropy``: softmax cross-entropy, needs a softmax output.  Computed as
  logsumexp(z) − z_y; its gradient is fused: (a − y).
"""

from __future__ import annotations

import numpy as np

from app.nn.activations import Activation

LOSSES = {
    "mse": "mean squared error: mean of (a − y)²",
    "bce": "binary cross-entropy: −mean(y·ln a + (1 − y)·ln(1 − a)); sigmoid output",
    "cross_entropy": "softmax cross-entropy: −mean(Σ_k y_k·ln a_k); softmax output",
}
NAMES = tuple(LOSSES)
REQUIRED_OUTPUT = {"bce": "sigmoid", "cross_entropy": "softmax"}


def default_for(output_activation: str, task: str) -> str:
    if task == "classification" and output_activation == "sigmoid":
        return "bce"
    if output_activation == "softmax":
        return "cross_entropy"
    return "mse"


def check(loss: str, output_activation: str) -> None:
    if loss not in LOSSES:
        raise KeyError(f"unknown loss {loss!r}; known: {', '.join(NAMES)}")
    need = REQUIRED_OUTPUT.get(loss)
    if need and output_activation != need:
        raise ValueError(f"loss {loss!r} needs a {need} output layer, not {output_activation!r}")
    if output_activation == "softmax" and loss != "cross_entropy":
        # Allowed mathematically (softmax has a Jacobian), but almost always a mistake.
        pass


def value(loss: str, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> float:
    """The mean loss over the rows of a batch (z, a and y all of shape (n, k))."""
    if loss == "mse":
        d = a - y
        return float(np.mean(d * d))
    if loss == "bce":
        return float(np.mean(np.logaddexp(0.0, z) - y * z))
    if loss == "cross_entropy":
        m = np.max(z, axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
        return float(np.mean(lse - np.sum(y * z, axis=1)))
    raise KeyError(loss)


def grad_z(loss: str, act: Activation, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dL/dz of the output layer for the mean loss over the batch."""
    n, k = a.shape
    if loss == "mse":
        return act.backward(z, a, (2.0 / (n * k)) * (a - y))
    if loss == "bce":
        return (a - y) * (1.0 / (n * k))
    if loss == "cross_entropy":
        return (a - y) * (1.0 / n)
    raise KeyError(loss)


def grad_a(loss: str, a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dL/da (used by tests to check the fused gradients through the activation's Jacobian)."""
    n, k = a.shape
    if loss == "mse":
        return (2.0 / (n * k)) * (a - y)
    if loss == "bce":
        return (-(y / a) + (1 - y) / (1 - a)) / (n * k)
    if loss == "cross_entropy":
        return -(y / a) / n
    raise KeyError(loss)
