"""Activation functions, each with its derivative and the facts a student needs about it.

Every element-wise activation is a pair of plain numpy functions ``f(z)`` and ``df(z)`` and
an entry in :data:`ACTIVATIONS`.  Softmax is the one vector function: it acts on the last axis,
is only allowed on an output layer, and its backward pass is a Jacobian-vector product
(:meth:`Activation.backward`).  The function bodies are also copied verbatim into exported
scripts (see :mod:`app.nn.export`), so an exported network computes exactly the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEAKY_SLOPE = 0.01
GELU_C = 0.7978845608028654  # sqrt(2 / pi)


def sigmoid(z):
    # Stable for large |z|: exp() only ever sees non-positive arguments.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_d(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    return np.tanh(z)


def tanh_d(z):
    t = np.tanh(z)
    return 1.0 - t * t


def relu(z):
    return np.maximum(z, 0.0)


def relu_d(z):
    return (z > 0).astype(np.result_type(z, np.float32))


def leaky_relu(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_d(z):
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def elu(z):
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))


def elu_d(z):
    return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))


def gelu(z):
    # The tanh approximation of GELU (Hendrycks & Gimpel), as used by GPT-2 and BERT.
    return 0.5 * z * (1.0 + np.tanh(GELU_C * (z + 0.044715 * z**3)))


def gelu_d(z):
    t = np.tanh(GELU_C * (z + 0.044715 * z**3))
    return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * GELU_C * (1.0 + 3 * 0.044715 * z**2)


def softplus(z):
    # log(1 + e^z) without overflow: logaddexp(0, z).
    return np.logaddexp(0.0, z)


def softplus_d(z):
    return sigmoid(z)


def swish(z):
    return z * sigmoid(z)


def swish_d(z):
    s = sigmoid(z)
    return s + z * s * (1.0 - s)


def linear(z):
    return z * 1.0


def linear_d(z):
    return np.ones_like(z)


def softmax(z):
    # Subtract the row maximum first: exp() never overflows and the result is unchanged.
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_vjp(a, grad_a):
    """Jacobian-vector product of softmax: dL/dz from a = softmax(z) and dL/da."""
    return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))


@dataclass(frozen=True)
class Activation:
    name: str
    f: Callable
    df: Callable | None
    formula: str
    range: str
    use: str
    derivative_formula: str
    output_only: bool = False

    def forward(self, z: np.ndarray) -> np.ndarray:
        return self.f(z)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        """Element-wise f'(z).  For softmax: the diagonal of the Jacobian, a(1 - a)."""
        if self.name == "softmax":
            a = softmax(z)
            return a * (1.0 - a)
        return self.df(z)

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        """dL/dz given dL/da (a full Jacobian-vector product for softmax)."""
        if self.name == "softmax":
            return softmax_vjp(a, grad_a)
        return grad_a * self.df(z)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("relu", relu, relu_d, "max(0, z)", "[0, ∞)",
                   "Hidden layers: cheap, and it does not squash large inputs, so gradients do not vanish.",
                   "1 if z > 0 else 0"),
        Activation("leaky_relu", leaky_relu, leaky_relu_d, "z if z > 0 else 0.01·z", "(-∞, ∞)",
                   "Hidden layers: like ReLU, but a small slope below 0 keeps 'dead' neurons learning.",
                   "1 if z > 0 else 0.01"),
        Activation("elu", elu, elu_d, "z if z > 0 else e^z − 1", "(-1, ∞)",
                   "Hidden layers: smooth below 0, outputs closer to zero mean than ReLU.",
                   "1 if z > 0 else e^z"),
        Activation("gelu", gelu, gelu_d, "½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))", "[-0.17, ∞)",
                   "Hidden layers of transformers (BERT, GPT): a smooth ReLU.",
                   "derivative of the tanh approximation"),
        Activation("softplus", softplus, softplus_d, "ln(1 + e^z)", "(0, ∞)",
                   "A smooth ReLU; positive outputs such as rates or variances.",
                   "sigmoid(z)"),
        Activation("swish", swish, swish_d, "z·sigmoid(z)", "[-0.28, ∞)",
                   "Hidden layers (also called SiLU): smooth, non-monotonic, often a little better than ReLU.",
                   "s + z·s·(1 − s), s = sigmoid(z)"),
        Activation("sigmoid", sigmoid, sigmoid_d, "1 / (1 + e^(−z))", "(0, 1)",
                   "Binary output: a probability. In deep hidden layers its gradients vanish.",
                   "s·(1 − s), s = sigmoid(z)"),
        Activation("tanh", tanh, tanh_d, "(e^z − e^(−z)) / (e^z + e^(−z))", "(-1, 1)",
                   "Hidden layers and RNNs: zero-centred, but saturates (vanishing gradients).",
                   "1 − tanh(z)²"),
        Activation("linear", linear, linear_d, "z", "(-∞, ∞)",
                   "Regression output. In hidden layers a stack of them is still one linear function.",
                   "1"),
        Activation("softmax", softmax, None, "e^(z_k) / Σ_j e^(z_j)", "(0, 1), sums to 1",
                   "Multi-class output: one probability per class. Computed after subtracting max(z).",
                   "∂a_k/∂z_j = a_k·(δ_kj − a_j)", output_only=True),
    ]
}

NAMES = tuple(ACTIVATIONS)


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise KeyError(f"unknown activation {name!r}; known: {', '.join(NAMES)}") from None
