"""Weight initialisation schemes, seeded: the same seed always gives the same network."""

from __future__ import annotations

import numpy as np

from app.nn.network import Network

SCHEMES = ("xavier", "he", "uniform", "zeros")


def init_weights(scheme: str, fan_out: int, fan_in: int, rng: np.random.Generator) -> np.ndarray:
    if scheme == "xavier":  # Glorot & Bengio 2010, uniform variant
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_out, fan_in))
    if scheme == "he":  # He et al. 2015, normal variant
        return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
    if scheme == "uniform":
        return rng.uniform(-0.5, 0.5, size=(fan_out, fan_in))
    if scheme == "zeros":
        return np.zeros((fan_out, fan_in))
    raise KeyError(f"unknown init {scheme!r}; known: {', '.join(SCHEMES)}")


def build(layer_sizes, activations, scheme: str = "xavier", seed: int = 0, features=None) -> Network:
    """A fresh network.  ``layer_sizes`` starts with the input width; one activation per later layer."""
    if len(layer_sizes) < 2:
        raise ValueError("layer_sizes needs the input size and at least one layer")
    if len(activations) != len(layer_sizes) - 1:
        raise ValueError(f"need {len(layer_sizes) - 1} activations, got {len(activations)}")
    if features is not None and layer_sizes[0] != len(features):
        raise ValueError(f"layer_sizes[0] is {layer_sizes[0]} but there are {len(features)} features")
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out, act in zip(layer_sizes[:-1], layer_sizes[1:], activations, strict=True):
        layers.append((init_weights(scheme, fan_out, fan_in, rng), np.zeros(fan_out), act))
    return Network.from_arrays(layers, features)
