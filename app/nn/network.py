"""A network: a stack of dense layers, each with its own activation, and its forward pass.

Parameters live in one flat float64 vector; every layer's ``weights`` (shape ``(out, in)``,
``weights[j][i]`` from input i to neuron j) and ``biases`` are views into it, so an optimiser
updates the whole network with one vector operation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from app.nn import activations
from app.nn import features as feats


class NetworkError(ValueError):
    """A network that is not valid; ``path`` names the part (``["layers", 1, "weights"]``, ``["features", 0]``)."""

    def __init__(self, path: list, message: str) -> None:
        super().__init__(message)
        self.path = list(path)
        self.message = message


def check_size(layers, max_layers: int, max_units: int) -> None:
    """Refuse a network past the server's limits (``layers``: ``[(weights, biases, activation), ...]``)."""
    if len(layers) > max_layers:
        raise NetworkError(["layers"], f"List should have at most {max_layers} items (MAX_LAYERS), not {len(layers)}")
    for idx, (w, b, _) in enumerate(layers):
        for part, rows in (("weights", w), ("biases", b)):
            if len(rows) > max_units:
                raise NetworkError(["layers", idx, part], f"List should have at most {max_units} items "
                                   f"(MAX_UNITS: neurons in a layer), not {len(rows)}")
        if len(w) and len(w[0]) > max_units:
            raise NetworkError(["layers", idx, "weights", 0], f"List should have at most {max_units} items "
                               f"(MAX_UNITS: inputs of a neuron), not {len(w[0])}")


def _unknown(act) -> str:
    return f"unknown activation {act!r}; known: {', '.join(activations.NAMES)}"


def _check_features(features) -> None:
    for i, name in enumerate(features):
        if name not in feats.FEATURES:
            raise NetworkError(["features", i], f"unknown feature {name!r}; known: {', '.join(feats.NAMES)}")
    if len(set(features)) != len(features):
        raise NetworkError(["features"], "features must not repeat")


def _array(values, idx: int, part: str) -> np.ndarray:
    if part == "weights" and isinstance(values, list) and values and all(isinstance(r, list) for r in values):
        for i, row in enumerate(values):
            if len(row) != len(values[0]):
                raise NetworkError(["layers", idx, "weights", i], f"layer {idx}: weights are ragged: row {i} has "
                                   f"{len(row)} values, row 0 has {len(values[0])}")
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        what = "every row of weights needs the same length" if part == "weights" else "biases must be numbers"
        raise NetworkError(["layers", idx, part], f"layer {idx}: {what} (numbers only)") from None


@dataclass
class Layer:
    weights: np.ndarray
    biases: np.ndarray
    activation: str

    @property
    def act(self) -> activations.Activation:
        return activations.get(self.activation)


@dataclass
class Network:
    layers: list[Layer]
    features: tuple[str, ...] | None = None
    params: np.ndarray = field(default=None, repr=False)  # the flat parameter vector

    @classmethod
    def from_arrays(cls, layers, features=None) -> Network:
        """Build from ``[(weights, biases, activation), ...]``: the one check of what a valid network is
        (known activation and features, rectangular non-empty weights, one bias per neuron, each
        layer's columns = the previous layer's neurons, softmax only on the output, finite numbers).

        Raises :class:`NetworkError` whose ``path`` names the part, e.g. ``["layers", 1, "weights"]``.
        """
        if not layers:
            raise NetworkError(["layers"], "a network needs at least one layer")
        if features is not None:
            features = tuple(features)
            _check_features(features)
        flat = None
        if all(isinstance(w, list) and isinstance(b, list) for w, b, _ in layers):
            layers, flat = _lists_to_arrays(layers)  # one numpy conversion for the whole network
        shapes, arrays = [], []
        for idx, (w, b, act) in enumerate(layers):
            if act not in activations.ACTIVATIONS:
                raise NetworkError(["layers", idx, "activation"], _unknown(act))
            w, b = _array(w, idx, "weights"), _array(b, idx, "biases")
            if w.ndim != 2 or w.shape[0] == 0 or w.shape[1] == 0:
                raise NetworkError(["layers", idx, "weights"],
                                   f"layer {idx}: weights must be a non-empty 2-D array, got shape {w.shape}")
            if b.shape != (w.shape[0],):
                raise NetworkError(["layers", idx, "biases"],
                                   f"layer {idx}: {w.shape[0]} neurons (rows of weights) but {b.size} biases")
            if idx > 0 and w.shape[1] != shapes[-1][0]:
                raise NetworkError(
                    ["layers", idx, "weights"],
                    f"layer {idx}: weights have {w.shape[1]} columns but layer {idx - 1} has {shapes[-1][0]} neurons",
                )
            if act == "softmax" and idx != len(layers) - 1:
                raise NetworkError(["layers", idx, "activation"],
                                   f"layer {idx}: softmax is only allowed on the output layer")
            shapes.append(w.shape)
            arrays.append((w, b, act))
        if features is not None and shapes[0][1] != len(features):
            raise NetworkError(["layers", 0, "weights"],
                               f"layer 0: weights have {shapes[0][1]} columns but there are {len(features)} features")
        for idx, (w, b, _) in enumerate(arrays):
            for part, values in (("weights", w), ("biases", b)):
                if not np.isfinite(values).all():
                    raise NetworkError(["layers", idx, part], f"layer {idx}: {part} must be finite numbers")
        if flat is not None:  # already laid out as the flat parameter vector: use it as is
            return cls([Layer(w, b, act) for w, b, act in arrays], features, flat)
        return cls._from_checked(arrays, features)

    @classmethod
    def _from_checked(cls, arrays, features) -> Network:
        shapes = [w.shape for w, _, _ in arrays]
        params = np.empty(sum(r * c + r for r, c in shapes), dtype=np.float64)
        net = cls(layers=[], features=features, params=params)
        for (w, b, act), (w_view, b_view) in zip(arrays, _views(params, shapes), strict=True):
            w_view[...] = w
            b_view[...] = b
            net.layers.append(Layer(w_view, b_view, act))
        return net

    # -- shape facts -------------------------------------------------------------------
    @property
    def shapes(self) -> list[tuple[int, int]]:
        return [layer.weights.shape for layer in self.layers]

    @property
    def n_inputs(self) -> int:
        return self.layers[0].weights.shape[1]

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].weights.shape[0]

    @property
    def raw_inputs(self) -> int:
        """Columns an input row must have: 2 when features map points, else the first layer's width."""
        return 2 if self.features is not None else self.n_inputs

    def copy(self) -> Network:
        """An independent copy (already valid: not checked again)."""
        return Network._from_checked([(lyr.weights, lyr.biases, lyr.activation) for lyr in self.layers], self.features)

    def with_params(self, params: np.ndarray) -> Network:
        net = self.copy()
        net.params[...] = params
        return net

    def to_dict(self) -> dict:
        return {
            "features": list(self.features) if self.features is not None else None,
            "layers": [
                {
                    "activation": lyr.activation,
                    "weights": lyr.weights.tolist(),
                    "biases": lyr.biases.tolist(),
                }
                for lyr in self.layers
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Network:
        return cls.from_arrays(
            [(lyr["weights"], lyr["biases"], lyr["activation"]) for lyr in data["layers"]],
            data.get("features"),
        )

    # -- forward -------------------------------------------------------------------------
    def prepare(self, inputs: np.ndarray) -> np.ndarray:
        """Raw input rows → what the first layer sees (features mapped when the net has them)."""
        x = np.asarray(inputs, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.raw_inputs:
            raise ValueError(f"inputs must have shape (n, {self.raw_inputs}), got {x.shape}")
        return feats.transform(self.features, x) if self.features is not None else x

    def forward(self, inputs: np.ndarray) -> np.ndarray:
        """Batched forward pass: raw inputs of shape (n, d) → outputs of shape (n, n_outputs)."""
        a = self.prepare(inputs)
        for lyr in self.layers:
            a = lyr.act.f(a @ lyr.weights.T + lyr.biases)
        return a

    def trace(self, inputs: np.ndarray) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Forward pass that keeps every layer's pre-activation z and activation a.

        Returns ``(x, [(z, a) per layer])`` where x is the first layer's input.
        """
        x = self.prepare(inputs)
        return x, self.trace_prepared(x)

    def trace_prepared(self, x: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """``[(z, a) per layer]`` for inputs the first layer sees as they are (features already mapped)."""
        out, a = [], x
        for lyr in self.layers:
            z = a @ lyr.weights.T + lyr.biases
            a = lyr.act.f(z)
            out.append((z, a))
        return out


def _lists_to_arrays(layers):
    """Nested-list layers (as parsed from JSON) → (array layers, the flat vector they view into),
    converting all numbers at once, laid out exactly as ``Network.params``.

    Anything irregular (ragged rows, empty layers, non-numbers) is passed through unchanged for
    the per-layer checks to report.
    """
    flat, shapes = [], []
    for w, b, _ in layers:
        if not w or not isinstance(w[0], list) or not w[0] or len(b) != len(w):
            return layers, None
        cols = len(w[0])
        for row in w:
            if not isinstance(row, list) or len(row) != cols:
                return layers, None
            flat.extend(row)
        flat.extend(b)
        shapes.append((len(w), cols, len(b)))
    try:
        values = np.array(flat, dtype=np.float64)
    except (TypeError, ValueError):
        return layers, None
    if values.ndim != 1:
        return layers, None
    out, off = [], 0
    for (r, c, nb), (_, _, act) in zip(shapes, layers, strict=True):
        w = values[off : off + r * c].reshape(r, c)
        off += r * c
        out.append((w, values[off : off + nb], act))
        off += nb
    return out, values


def _views(params: np.ndarray, shapes) -> list[tuple[np.ndarray, np.ndarray]]:
    views, off = [], 0
    for r, c in shapes:
        w = params[off : off + r * c].reshape(r, c)
        off += r * c
        b = params[off : off + r]
        off += r
        views.append((w, b))
    return views


def param_views(params: np.ndarray, net: Network) -> list[tuple[np.ndarray, np.ndarray]]:
    """(weights, biases) views into any flat vector laid out like ``net.params`` (gradients, moments)."""
    return _views(params, net.shapes)
