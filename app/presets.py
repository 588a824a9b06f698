"""Teacher presets: prepared networks (with a dataset and training settings) offered in the playground.

Built-in presets live in ``app/presets/*.json``; a teacher adds or overrides presets with a
folder of the same kind of files named by ``PRESETS_DIR``. One file holds one preset::

    {"name": "xor-solved", "title": "XOR, solved", "description": "...",
     "network": {"features": ["x1", "x2"],
                 "layers": [{"activation": "tanh", "weights": [[...]], "biases": [...]}, ...]},
     "dataset": {"name": "xor", "n": 500, "noise": 0, "seed": 0, "train_fraction": 0.5},
     "settings": {"optimizer": "adam", "learning_rate": 0.03, "batch_size": 10}}

``dataset`` and ``settings`` may be ``null``. Every file is validated (shapes, known names,
finite numbers, the size limits of the server); a bad file is logged and skipped, never fatal.
A preset in ``PRESETS_DIR`` with the name of a built-in one replaces it.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from app.config import MAX_ABS, Settings
from app.nn import datasets, optimizers
from app.nn.network import Network, NetworkError, check_size

log = logging.getLogger("app.presets")

BUILTIN_DIR = Path(__file__).resolve().parent / "presets"
# The built-in presets in the order of the lesson; the others follow by name.
BUILTIN_ORDER = ("tumour-neuron", "one-neuron", "xor-solved", "three-class-blobs", "spiral-starter")
MAX_FILE_BYTES = 1_048_576


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a number is needed, not a boolean")
    return value


Number = Annotated[float, BeforeValidator(_no_bool)]
Count = Annotated[int, BeforeValidator(_no_bool)]


def _bounded(kind: type, **bounds: float) -> Any:
    """A bounded number: the Field before the BeforeValidator, so the schema says minimum/maximum."""
    return Annotated[kind, Field(**bounds), BeforeValidator(_no_bool)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PresetLayer(_Strict):
    activation: str  # names, shapes, finiteness and limits: checked by the engine (check_network)
    weights: list[list[Number]]
    biases: list[Number]


class PresetNetwork(_Strict):
    features: list[str] | None = None
    layers: list[PresetLayer] = Field(min_length=1)


class PresetDataset(_Strict):
    name: str
    n: _bounded(int, ge=2) | None = None
    noise: _bounded(float, ge=0, le=50) = 0.0
    seed: Count = 0
    train_fraction: _bounded(float, ge=0.1, le=0.9) = 0.5

    @field_validator("name")
    @classmethod
    def _known_dataset(cls, value: str) -> str:
        if value not in datasets.NAMES:
            raise ValueError(f"unknown dataset {value!r}; known: {', '.join(datasets.NAMES)}")
        return value


class PresetSettings(_Strict):
    """Training settings the playground applies with the preset (all optional)."""

    task: Literal["classification", "regression"] | None = None
    loss: Literal["mse", "bce", "cross_entropy"] | None = None
    optimizer: str | None = None
    learning_rate: _bounded(float, ge=1e-5, le=10) | None = None
    batch_size: _bounded(int, ge=1, le=1000) | None = None
    regularization: Literal["none", "l1", "l2"] | None = None
    regularization_rate: _bounded(float, ge=0, le=10) | None = None
    hide: list[str] | None = Field(None, max_length=50, description="controls the playground hides")

    @field_validator("optimizer")
    @classmethod
    def _known_optimizer(cls, value: str | None) -> str | None:
        if value is not None and value not in optimizers.NAMES:
            raise ValueError(f"unknown optimizer {value!r}; known: {', '.join(optimizers.NAMES)}")
        return value


class Preset(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="stable id, used in links")
    title: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=2000)
    network: PresetNetwork
    dataset: PresetDataset | None = None
    settings: PresetSettings | None = None


def check_network(network: PresetNetwork, settings: Settings) -> None:
    """Raise ValueError if the network is not one the API accepts: the engine's check of a valid network
    (``Network.from_arrays``) and of the server's size limits (``check_size``), as for every request."""
    layers = [(lyr.weights, lyr.biases, lyr.activation) for lyr in network.layers]
    try:
        check_size(layers, settings.max_layers, settings.max_units)
        net = Network.from_arrays(layers, network.features)
    except NetworkError as exc:
        where = ".".join(str(p) for p in ["network", *exc.path])
        raise ValueError(f"{where}: {exc.message}") from None
    if not bool((abs(net.params) <= MAX_ABS).all()):  # the API's range for every weight and bias
        raise ValueError(f"network: weights and biases must be within ±{MAX_ABS:g}")


def parse_preset(text: str, settings: Settings) -> Preset:
    """Parse and validate one preset file's text; raise ValueError with a readable reason."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc}") from None
    try:
        preset = Preset.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ValueError(f"{where}: {first['msg']} ({exc.error_count()} problem(s))") from None
    try:
        check_network(preset.network, settings)
    except (KeyError, ValueError) as exc:
        raise ValueError(str(exc.args[0]) if exc.args else str(exc)) from None
    return preset


def read_preset_file(path: Path, folder: Path) -> str:
    """The text of one preset file, read safely; ValueError says why a file is not read.

    Only a regular file inside ``folder`` (a symlink may point to another file in it), of at most
    ``MAX_FILE_BYTES``: a FIFO would block start-up, a device (``/dev/zero``) never ends, and a
    link out of the folder would publish a file the teacher did not put there.
    """
    real = path.resolve()
    if not real.is_relative_to(folder.resolve()):
        raise ValueError(f"a symlink to {real}, outside the presets folder")
    # O_NONBLOCK: opening a FIFO swapped in after the check must not block; fstat tells what it is
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file (a FIFO, device, socket or folder)")
        if info.st_size > MAX_FILE_BYTES:
            raise ValueError(f"file is larger than {MAX_FILE_BYTES} bytes")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"file is larger than {MAX_FILE_BYTES} bytes")
    return data.decode("utf-8")


def _load_dir(folder: Path, settings: Settings, presets: dict[str, Preset], origin: str) -> None:
    try:
        files = sorted(p for p in folder.iterdir() if p.name.endswith(".json"))
    except OSError as exc:
        log.error("presets: cannot read %s presets folder %s: %s", origin, folder, exc)
        return
    for path in files:
        try:
            preset = parse_preset(read_preset_file(path, folder), settings)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            log.warning("presets: skipped %s: %s", path, exc)
            continue
        if preset.name in presets:
            log.info("presets: %s replaces the preset %r", path, preset.name)
        presets[preset.name] = preset


def load_presets(settings: Settings) -> dict[str, Preset]:
    """Built-in presets, then those of ``PRESETS_DIR`` (which may replace built-in ones), by name."""
    presets: dict[str, Preset] = {}
    _load_dir(BUILTIN_DIR, settings, presets, "built-in")
    if settings.presets_dir:
        _load_dir(Path(settings.presets_dir), settings, presets, "PRESETS_DIR")
    rank = {name: i for i, name in enumerate(BUILTIN_ORDER)}
    ordered = dict(sorted(presets.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))
    log.info("presets: %d loaded (%s)", len(ordered), ", ".join(ordered) or "none")
    return ordered
