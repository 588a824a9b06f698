"""Pydantic models of REST API v1: every size bounded by the configured limits, every number
finite and never a boolean, every name checked against the engine's registries, and the
network checked by the engine (``Network.from_arrays``, the one owner of a valid network; its
``NetworkError.path`` becomes the field's loc).

Limits come from the app's settings at request time: the request path passes them as the
validation context (``{"settings": app.state.settings}``, see ``app.api.fastroute``); the static
bounds in the schema are only the largest any setting may be (they bound parsing).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.api.errors import FieldError
from app.config import MAX_ABS, Settings, get_settings
from app.nn import activations, datasets, init, losses, optimizers, training
from app.nn import features as feature_mod
from app.nn.network import Network, NetworkError, check_size


def settings_of(info: ValidationInfo | None) -> Settings:
    """The settings a request is validated against: the app's (validation context), else the process's."""
    ctx = info.context if info is not None else None
    if isinstance(ctx, dict) and isinstance(ctx.get("settings"), Settings):
        return ctx["settings"]
    return get_settings()


def _hard(name: str) -> int:
    """The largest value the setting may have: the schema's static bound."""
    return next(m.le for m in Settings.model_fields[name].metadata if getattr(m, "le", None) is not None)


HARD = {name: _hard(name) for name in ("max_layers", "max_units", "max_rows", "max_resolution", "max_epochs",
                                       "max_points")}


def at_most_items(name: str, extra: int = 0) -> AfterValidator:
    """A list no longer than the setting ``name`` (+ ``extra``) of the app that validates it."""

    def check(value, info: ValidationInfo):
        limit = getattr(settings_of(info), name) + extra
        if value is not None and len(value) > limit:
            raise PydanticCustomError(
                "too_long", "List should have at most {max_length} items, not {actual_length} ({setting})",
                {"max_length": limit, "actual_length": len(value), "setting": name.upper()},
            )
        return value

    return AfterValidator(check)


def at_most(name: str) -> AfterValidator:
    """A number no larger than the setting ``name`` of the app that validates it."""

    def check(value, info: ValidationInfo):
        limit = getattr(settings_of(info), name)
        if value is not None and value > limit:
            raise PydanticCustomError("less_than_equal", "Input should be less than or equal to {le} ({setting})",
                                      {"le": limit, "setting": name.upper()})
        return value

    return AfterValidator(check)


N_FEATURES = len(feature_mod.NAMES)

def _integral(value: Any) -> Any:
    """JSON Schema counts 8120.0 as an integer: a float with no fraction is taken as that int
    (8120.5, booleans and strings stay refused by the strict int after it)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Every integer field of a request: strict (no "5", no true) but 8120.0 is 8120, as JSON Schema says.
Int = Annotated[int, BeforeValidator(_integral)]


def Integer(**bounds: Any) -> Any:
    """An integer field with bounds: the Field before the BeforeValidator, so OpenAPI shows them as
    JSON Schema's minimum/maximum (after it, pydantic writes non-standard ge/le keys)."""
    return Annotated[int, Field(strict=True, **bounds), BeforeValidator(_integral)]

Num = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-MAX_ABS, le=MAX_ABS)]
Seed = Annotated[Integer(ge=0, le=2**32 - 1), Field(description="random seed")]
ActivationName = Literal[activations.NAMES]
ElementwiseActivation = Literal[tuple(n for n in activations.NAMES if n != "softmax")]
FeatureName = Literal[feature_mod.NAMES]
DatasetName = Literal[datasets.NAMES]
InitName = Literal[init.SCHEMES]
LossName = Literal[losses.NAMES]
OptimizerName = Literal[optimizers.NAMES]
TaskName = Literal[training.TASKS]
RegName = Literal[training.REGULARIZATIONS]
Encoding = Literal["float32", "uint8", "json"]

Row = Annotated[list[Num], Field(min_length=1, max_length=HARD["max_units"]), at_most_items("max_units")]
Rows = Annotated[list[Row], Field(min_length=1, max_length=HARD["max_rows"]), at_most_items("max_rows")]
# A network's rows: the engine checks the network's size (check_size) with the app's limits
UnitRow = Annotated[list[Num], Field(min_length=1, max_length=HARD["max_units"])]
Labels = Annotated[list[Num], Field(min_length=1, max_length=HARD["max_rows"]), at_most_items("max_rows")]

XOR_NET = {
    "features": ["x1", "x2"],
    "layers": [
        {"activation": "tanh",
         "weights": [[2.1, 2.0], [-2.0, -2.2], [1.9, -2.1], [-2.0, 1.8]],
         "biases": [-0.9, -0.9, -0.9, -0.9]},
        {"activation": "sigmoid", "weights": [[2.5, 2.5, -2.5, -2.5]], "biases": [0.0]},
    ],
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _rectangular(rows: list[list[float]], what: str, field: str) -> None:  # for data rows (the engine checks weights)
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise FieldError([field, i], f"{what} is ragged: row {i} has {len(row)} values, row 0 has {width}")


# -- the network ---------------------------------------------------------------------------
class LayerIn(Strict):
    activation: ActivationName = Field(description="activation of this layer's neurons")
    weights: Annotated[list[UnitRow], Field(min_length=1, max_length=HARD["max_units"])] = Field(
        description="weights[j][i]: from input i to neuron j"
    )
    biases: Annotated[list[Num], Field(min_length=1, max_length=HARD["max_units"])]


class NetworkIn(Strict):
    """A network: optional input features, then layers (hidden layers and the output layer)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [XOR_NET]})

    features: Annotated[list[FeatureName], Field(min_length=1, max_length=N_FEATURES)] | None = (
        Field(None, description="map raw 2-D points through these features; absent: inputs feed layer 0 as is")
    )
    layers: Annotated[list[LayerIn], Field(min_length=1, max_length=HARD["max_layers"])]
    _net: Network | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _build(self, info: ValidationInfo) -> NetworkIn:
        limits = settings_of(info)
        layers = [(lyr.weights, lyr.biases, lyr.activation) for lyr in self.layers]
        try:
            check_size(layers, limits.max_layers, limits.max_units)
            self._net = Network.from_arrays(layers, self.features)
        except NetworkError as exc:
            raise FieldError(exc.path, exc.message) from None
        return self

    @property
    def net(self) -> Network:
        return self._net


class LayerOut(BaseModel):
    activation: str
    weights: list[list[float]]
    biases: list[float]


class NetworkOut(BaseModel):
    features: list[str] | None = None
    layers: list[LayerOut]


# -- activations, neuron, softmax ------------------------------------------------------------
class ActivationInfo(BaseModel):
    name: str
    formula: str
    range: str
    use: str
    derivative: str
    output_only: bool


class ActivationList(BaseModel):
    activations: list[ActivationInfo]


class Curve(BaseModel):
    name: str
    x: list[float]
    y: list[float]
    dy: list[float] = Field(description="the derivative f'(x)")


class NeuronIn(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [
            {"inputs": [0.8, 0.7, 0.9], "weights": [0.5, 0.3, 0.2], "bias": -0.4, "activation": "sigmoid"}
        ]},
    )
    inputs: Row
    weights: Row
    bias: Num
    activation: ElementwiseActivation = "sigmoid"

    @model_validator(mode="after")
    def _same_length(self) -> NeuronIn:
        if len(self.inputs) != len(self.weights):
            raise FieldError(["weights"], f"{len(self.inputs)} inputs but {len(self.weights)} weights")
        return self


class NeuronOut(BaseModel):
    activation: str
    terms: list[float] = Field(description="weights[i] · inputs[i]")
    z: float = Field(description="Σ terms + bias")
    output: float = Field(description="f(z)")
    derivative: float = Field(description="f'(z)")


class SoftmaxIn(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"logits": [2.0, 1.0, 0.5]}]})
    logits: Row


class SoftmaxOut(BaseModel):
    probabilities: list[float]


# -- forward, surface, gradients -------------------------------------------------------------
class ForwardIn(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"network": XOR_NET, "inputs": [[1.0, 1.0], [-1.0, 1.0]], "trace": True}]},
    )
    network: NetworkIn
    inputs: Rows = Field(description="input rows: raw 2-D points when the network has features")
    trace: bool = Field(True, strict=True, description="also return every layer's z and a")

    @model_validator(mode="after")
    def _width(self) -> ForwardIn:
        try:
            check_rows(self.inputs, self.network.net, "inputs")
        except FieldError as exc:
            raise FieldError(["inputs", *exc.loc], str(exc)) from None
        return self


def check_rows(rows, net: Network, what: str) -> None:
    want = net.raw_inputs
    if getattr(rows, "ndim", 0) == 2 and rows.shape[1] == want:  # an array (a generated dataset): one check
        return
    for i, row in enumerate(rows):
        if len(row) != want:
            kind = "2-D points (the network maps features)" if net.features else f"{want} values (layer 0's inputs)"
            raise FieldError([i], f"{what} row {i} has {len(row)} values; each row must be {kind}")


class LayerTrace(BaseModel):
    z: list[list[float]]
    a: list[list[float]]


class ForwardOut(BaseModel):
    outputs: list[list[float]]
    features: list[list[float]] | None = Field(None, description="the inputs mapped through the features")
    layers: list[LayerTrace]


Range = Annotated[list[Num], Field(min_length=2, max_length=2)]


class SurfaceSpec(Strict):
    x_range: Range = Field([-6.0, 6.0], description="[min, max] of x1")
    y_range: Range = Field([-6.0, 6.0], description="[min, max] of x2")
    resolution: Annotated[Integer(ge=2, le=HARD["max_resolution"]), at_most("max_resolution")] = (
        Field(100, description="output grid side"))
    neurons: bool = Field(True, strict=True, description="also every feature's and neuron's grid")
    neuron_resolution: Annotated[Integer(ge=2, le=HARD["max_resolution"]),
                                 at_most("max_resolution")] = Field(24, description="their grid side")
    encoding: Encoding = Field("float32", description="float32 / uint8: base64; json: nested lists")

    @model_validator(mode="after")
    def _ranges(self):
        for name in ("x_range", "y_range"):
            lo, hi = getattr(self, name)
            if not lo < hi:
                raise FieldError([name], f"{name} must be [min, max] with min < max, got [{lo}, {hi}]")
        return self


class SurfaceIn(SurfaceSpec):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"network": XOR_NET, "resolution": 50, "neuron_resolution": 20}]},
    )
    network: NetworkIn


class Grid(BaseModel):
    shape: list[int] = Field(description="[rows, cols]; row r is y[r], column c is x[c]")
    min: float
    max: float
    encoding: Encoding
    data: str | list[list[float]] = Field(
        description="float32: base64 little-endian float32 row-major; uint8: base64 bytes, "
        "value = min + (max − min)·byte/255; json: nested lists"
    )


class SurfaceOut(BaseModel):
    x: list[float]
    y: list[float]
    outputs: list[Grid] = Field(description="one grid per output neuron")
    features: list[Grid] | None = None
    neurons: list[list[Grid]] | None = Field(None, description="neurons[l][j]: layer l (0 = first hidden), neuron j")


class GradientsIn(Strict):
    network: NetworkIn
    inputs: Rows
    labels: Labels = Field(description="class numbers (classification) or target values (regression), one per row")
    task: TaskName = "classification"
    loss: LossName | None = None

    @model_validator(mode="after")
    def _width(self) -> GradientsIn:
        try:
            check_rows(self.inputs, self.network.net, "inputs")
        except FieldError as exc:
            raise FieldError(["inputs", *exc.loc], str(exc)) from None
        if len(self.labels) != len(self.inputs):
            raise FieldError(["labels"], f"{len(self.inputs)} input rows but {len(self.labels)} labels")
        return self


class LayerParams(BaseModel):
    weights: list[list[float]]
    biases: list[float]


class GradientsOut(BaseModel):
    loss: float
    loss_name: str
    layers: list[LayerParams] = Field(description="dL/dW and dL/db of every layer")


# -- datasets ----------------------------------------------------------------------------------
class DatasetInfoOut(BaseModel):
    name: str
    task: str
    classes: int
    inputs: int
    input_names: list[str]
    default_n: int
    description: str


class DatasetList(BaseModel):
    datasets: list[DatasetInfoOut]


class PointSet(Strict):
    points: Rows
    labels: Labels

    @model_validator(mode="after")
    def _same(self):
        _rectangular(self.points, "points", "points")
        if len(self.points) != len(self.labels):
            raise FieldError(["labels"], f"{len(self.points)} points but {len(self.labels)} labels")
        return self


class PointSetOut(BaseModel):
    points: list[list[float]]
    labels: list[float]


class DatasetOut(BaseModel):
    name: str
    task: str
    classes: int
    input_names: list[str]
    n: int
    noise: float
    seed: int
    train_fraction: float
    train: PointSetOut
    test: PointSetOut


class DatasetSpec(Strict):
    name: DatasetName
    n: Annotated[Integer(ge=10, le=HARD["max_points"]), at_most("max_points")] | None = Field(
        None, description="points (default per set)")
    noise: float = Field(0.0, strict=True, allow_inf_nan=False, ge=0, le=50, description="percent")
    seed: Seed = 0
    train_fraction: float = Field(0.5, strict=True, allow_inf_nan=False, ge=0.05, le=1.0)


class DataIn(Strict):
    """Either a named dataset spec, or inline train (and optional test) points."""

    dataset: DatasetSpec | None = None
    train: PointSet | None = None
    test: PointSet | None = None

    @model_validator(mode="after")
    def _one(self):
        if (self.dataset is None) == (self.train is None):
            raise ValueError("give either 'dataset' (a named dataset) or 'train' (inline points), not both")
        if self.test is not None and self.train is None:
            raise ValueError("'test' goes with inline 'train' points")
        return self


# -- networks and training -----------------------------------------------------------------------
class NetworkSpec(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"layer_sizes": [2, 4, 1], "activation": "tanh",
                                          "output_activation": "sigmoid", "init": "xavier", "seed": 0,
                                          "features": ["x1", "x2"]}]},
    )
    layer_sizes: Annotated[
        list[Annotated[Integer(ge=1, le=HARD["max_units"]), at_most("max_units")]],
        Field(min_length=2, max_length=HARD["max_layers"] + 1), at_most_items("max_layers", extra=1),
    ] = Field(description="input width first, then the size of every layer")
    activation: ActivationName = Field("tanh", description="hidden layers' activation")
    output_activation: ActivationName = "sigmoid"
    activations: Annotated[list[ActivationName], Field(min_length=1, max_length=HARD["max_layers"]),
                           at_most_items("max_layers")] | None = (
        Field(None, description="one per layer after the input; overrides activation/output_activation")
    )
    init: InitName = "xavier"
    seed: Seed = 0
    features: Annotated[list[FeatureName], Field(min_length=1, max_length=N_FEATURES)] | None = None

    def activation_list(self) -> list[str]:
        if self.activations is not None:
            return list(self.activations)
        n = len(self.layer_sizes) - 1
        return [self.activation] * (n - 1) + [self.output_activation]


class OptimizerSpec(Strict):
    name: OptimizerName = "adam"
    learning_rate: float = Field(0.03, strict=True, allow_inf_nan=False, ge=1e-5, le=10)
    momentum: float = Field(0.9, strict=True, allow_inf_nan=False, ge=0, le=0.999)
    beta1: float = Field(0.9, strict=True, allow_inf_nan=False, ge=0, le=0.999)
    beta2: float = Field(0.999, strict=True, allow_inf_nan=False, ge=0, le=0.99999)


class RegularizationSpec(Strict):
    kind: RegName = "none"
    rate: float = Field(0.0, strict=True, allow_inf_nan=False, ge=0, le=10)


class SlotLayer(Strict):
    weights: list[list[Annotated[float, Field(strict=True, allow_inf_nan=False)]]]
    biases: list[Annotated[float, Field(strict=True, allow_inf_nan=False)]]


SlotLayers = Annotated[list[SlotLayer], Field(max_length=HARD["max_layers"]), at_most_items("max_layers")]


class OptimizerState(Strict):
    name: OptimizerName
    step: Int = Field(strict=True, ge=0, le=10**12)
    slots: dict[str, SlotLayers] = Field(
        default_factory=dict, description="per-layer moments: momentum: velocity; adam: m, v"
    )


class OptimizerStateOut(BaseModel):
    name: str
    step: int
    slots: dict[str, list[LayerParams]]


class NeuronRef(Strict):
    layer: Int = Field(strict=True, ge=0, le=HARD["max_layers"], description="0 = the first hidden layer")
    index: Int = Field(strict=True, ge=0, le=HARD["max_units"], description="the neuron in that layer")


class ProbeSpec(Strict):
    """One probed point: its full trace, the response curve along one axis through it and,
    with ``neuron``, that neuron's arithmetic there (what the playground's inspector prints)."""

    point: Annotated[list[Num], Field(min_length=2, max_length=2)] = Field(description="[x1, x2]")
    axis: Int = Field(0, strict=True, ge=0, le=1, description="the response curve varies x1 (0) or x2 (1)")
    range: Range = Field([-6.0, 6.0], description="[min, max] of the response curve's axis")
    points: Int = Field(121, strict=True, ge=2, le=1001, description="points on the response curve")
    neuron: NeuronRef | None = Field(None, description="also this neuron's z = Σ wᵢ·aᵢ + b at the point")

    @model_validator(mode="after")
    def _range(self):
        lo, hi = self.range
        if not lo < hi:
            raise FieldError(["range"], f"range must be [min, max] with min < max, got [{lo}, {hi}]")
        return self


class FrameParts(Strict):
    """What else to answer with the network's metrics: the parts of one repainted page."""

    surface: SurfaceSpec | None = Field(None, description="the surface and every neuron's grid")
    probe: ProbeSpec | None = Field(None, description="the probed point's trace and response curve")
    gradients: bool = Field(False, strict=True, description="dL/dW of every weight on the training points")


class EvaluateIn(FrameParts):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "network": XOR_NET,
            "data": {"dataset": {"name": "xor", "n": 200, "noise": 0, "seed": 0, "train_fraction": 0.5}},
            "surface": {"resolution": 100, "neuron_resolution": 24, "encoding": "uint8"},
            "probe": {"point": [1.0, 1.0], "axis": 0, "neuron": {"layer": 0, "index": 0}},
            "gradients": True,
        }]},
    )
    network: NetworkIn
    data: DataIn
    task: TaskName | None = Field(None, description="default: the dataset's task")
    loss: LossName | None = Field(None, description="default: bce for sigmoid, cross_entropy for softmax, else mse")


class TrainIn(FrameParts):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "network": XOR_NET,
            "data": {"dataset": {"name": "xor", "n": 200, "noise": 0, "seed": 0, "train_fraction": 0.5}},
            "optimizer": {"name": "adam", "learning_rate": 0.03},
            "batch_size": 10, "epochs": 5, "seed": 0,
        }]},
    )
    network: NetworkIn
    data: DataIn
    task: TaskName | None = Field(None, description="default: the dataset's task")
    loss: LossName | None = Field(None, description="default: bce for sigmoid, cross_entropy for softmax, else mse")
    optimizer: OptimizerSpec = OptimizerSpec()
    batch_size: Annotated[Integer(ge=1, le=HARD["max_rows"]), at_most("max_rows")] = 10
    epochs: Annotated[Integer(ge=0, le=HARD["max_epochs"]), at_most("max_epochs")] = Field(
        1, description="epochs to train; 0 only evaluates the network (metrics, confusion matrix, surface)",
    )
    seed: Seed = 0
    regularization: RegularizationSpec = RegularizationSpec()
    optimizer_state: OptimizerState | None = Field(None, description="from the previous response")
    epoch: Int = Field(0, strict=True, ge=0, le=10**9, description="epochs already done")


class HistoryRow(BaseModel):
    epoch: int
    train_loss: float
    test_loss: float | None = None
    train_accuracy: float | None = None
    test_accuracy: float | None = None
    train_r2: float | None = None
    test_r2: float | None = None


class NeuronArithmetic(BaseModel):
    layer: int
    index: int
    activation: str
    inputs: list[float] = Field(description="aᵢ: what the neuron reads (features, or the layer before)")
    weights: list[float]
    bias: float
    terms: list[float] = Field(description="wᵢ·aᵢ")
    z: float = Field(description="Σ wᵢ·aᵢ + b")
    output: float = Field(description="the neuron's output a (for softmax: its share of the layer)")
    derivative: float | None = Field(None, description="f′(z); none for softmax (it couples the layer)")


class ResponseCurve(BaseModel):
    axis: int
    x: list[float] = Field(description="the varied coordinate")
    outputs: list[list[float]] = Field(description="outputs[i]: the network's outputs at x[i]")


class ProbeOut(BaseModel):
    point: list[float]
    features: list[float] | None = Field(None, description="the point mapped through the features")
    layers: list[LayerTrace] = Field(description="every layer's z and a at the point (one row each)")
    outputs: list[float]
    curve: ResponseCurve
    neuron: NeuronArithmetic | None = None


class FrameOut(BaseModel):
    metrics: HistoryRow | None = Field(None, description="loss and accuracy / R² of the network")
    confusion_matrix: list[list[int]] | None = None
    surface: SurfaceOut | None = None
    probe: ProbeOut | None = None
    gradients: GradientsOut | None = None


class EvaluateOut(FrameOut):
    task: str
    loss: str


class TrainOut(FrameOut):
    network: NetworkOut
    optimizer_state: OptimizerStateOut
    epoch: int
    status: Literal["ok", "diverged", "budget_exceeded"]
    message: str
    task: str
    loss: str
    history: list[HistoryRow] = Field(description="one row per epoch trained in this call")


class ExportIn(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"network": XOR_NET}]})
    network: NetworkIn


class ExportOut(BaseModel):
    filename: str
    script: str


def as_dict(model: BaseModel) -> dict[str, Any]:
    return model.model_dump()
