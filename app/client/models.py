"""Typed results of the client: dataclasses whose arrays are numpy arrays.

Those holding arrays compare by identity (an array has no single truth value), a ``Network`` by value.

A ``Network`` converts to and from the API's network JSON (``to_dict`` / ``from_dict``); every
method of ``Playground`` accepts either form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from app.client.grids import decode_grid


def _arr(v: Any) -> np.ndarray:
    return np.asarray(v, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Layer:
    activation: str
    weights: np.ndarray  # (units, inputs): weights[j][i] from input i to neuron j
    biases: np.ndarray  # (units,)


@dataclass(frozen=True, eq=False)
class Network:
    layers: list[Layer]
    features: list[str] | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Network:
        return cls(
            layers=[Layer(lay["activation"], _arr(lay["weights"]), _arr(lay["biases"])) for lay in d["layers"]],
            features=d.get("features"),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Network) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": self.features,
            "layers": [{"activation": lay.activation, "weights": lay.weights.tolist(), "biases": lay.biases.tolist()}
                       for lay in self.layers],
        }

    @property
    def sizes(self) -> list[int]:
        """Inputs of the first layer, then every layer's units: ``[2, 4, 1]``."""
        return [self.layers[0].weights.shape[1], *(lay.weights.shape[0] for lay in self.layers)]


@dataclass(frozen=True)
class ActivationInfo:
    name: str
    formula: str
    range: str
    use: str
    derivative: str
    output_only: bool


@dataclass(frozen=True, eq=False)
class Curve:
    name: str
    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray  # f'(x)


@dataclass(frozen=True, eq=False)
class NeuronResult:
    activation: str
    terms: np.ndarray
    z: float
    output: float
    derivative: float


@dataclass(frozen=True, eq=False)
class LayerTrace:
    z: np.ndarray  # (rows, units)
    a: np.ndarray


@dataclass(frozen=True, eq=False)
class ForwardResult:
    outputs: np.ndarray  # (rows, outputs)
    features: np.ndarray | None
    layers: list[LayerTrace]


@dataclass(frozen=True, eq=False)
class Surface:
    x: np.ndarray  # (resolution,)
    y: np.ndarray
    outputs: list[np.ndarray]  # one (rows, cols) grid per output unit; row r is y[r]
    features: list[np.ndarray] | None = None
    neurons: list[list[np.ndarray]] | None = None  # neurons[l][j]: layer l (0 = first hidden), neuron j

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Surface:
        return cls(
            x=_arr(d["x"]), y=_arr(d["y"]),
            outputs=[decode_grid(g) for g in d["outputs"]],
            features=None if d.get("features") is None else [decode_grid(g) for g in d["features"]],
            neurons=None if d.get("neurons") is None else [[decode_grid(g) for g in lay] for lay in d["neurons"]],
        )


@dataclass(frozen=True, eq=False)
class Gradients:
    loss: float
    loss_name: str
    weights: list[np.ndarray]  # dL/dW per layer
    biases: list[np.ndarray]  # dL/db per layer


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    task: str
    classes: int
    inputs: int
    input_names: list[str]
    default_n: int
    description: str


@dataclass(frozen=True, eq=False)
class Points:
    points: np.ndarray  # (n, inputs)
    labels: np.ndarray  # (n,)

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points.tolist(), "labels": self.labels.tolist()}


@dataclass(frozen=True, eq=False)
class Dataset:
    name: str
    task: str
    classes: int
    input_names: list[str]
    train: Points
    test: Points
    spec: dict[str, Any] = field(default_factory=dict)  # name, n, noise, seed, train_fraction

    def to_data(self) -> dict[str, Any]:
        """The ``data`` field of ``/api/train``: the named spec (the server regenerates the same points)."""
        return {"dataset": self.spec}


@dataclass(frozen=True)
class HistoryRow:
    epoch: int
    train_loss: float
    test_loss: float | None = None
    train_accuracy: float | None = None
    test_accuracy: float | None = None
    train_r2: float | None = None
    test_r2: float | None = None


@dataclass(frozen=True, eq=False)
class TrainResult:
    network: Network
    optimizer_state: dict[str, Any]  # pass back as optimizer_state= to continue exactly
    epoch: int
    status: str  # ok | diverged | budget_exceeded
    message: str
    task: str
    loss: str
    history: list[HistoryRow]
    metrics: HistoryRow | None
    confusion_matrix: np.ndarray | None
    surface: Surface | None


@dataclass(frozen=True, eq=False)
class Probe:
    """The probed point's trace, the response curve through it, and one neuron's arithmetic."""

    point: np.ndarray  # (2,)
    features: np.ndarray | None  # the point through the features
    layers: list[LayerTrace]  # one row each
    outputs: np.ndarray
    curve_axis: int
    curve_x: np.ndarray  # the varied coordinate
    curve_outputs: np.ndarray  # (points, outputs)
    neuron: dict[str, Any] | None  # layer, index, inputs, weights, bias, terms, z, output, derivative

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Probe:
        c = d["curve"]
        return cls(_arr(d["point"]), None if d.get("features") is None else _arr(d["features"]),
                   [LayerTrace(_arr(lay["z"]), _arr(lay["a"])) for lay in d["layers"]], _arr(d["outputs"]),
                   c["axis"], _arr(c["x"]), _arr(c["outputs"]), d.get("neuron"))


@dataclass(frozen=True, eq=False)
class Frame:
    """What the playground repaints after an edit (``/api/evaluate``), in one answer."""

    task: str
    loss: str
    metrics: HistoryRow | None
    confusion_matrix: np.ndarray | None
    surface: Surface | None
    probe: Probe | None
    gradients: Gradients | None


@dataclass(frozen=True)
class Export:
    filename: str
    script: str
