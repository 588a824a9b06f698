"""The parts of a challenge: what a body says (a :class:`Submission`), the verdict, helpers the
checks share (measuring a network on a seeded split, training it with a fixed seed)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from app.nn import compiled, datasets, training
from app.nn.network import Network
from app.nn.optimizers import Optimizer

# The playground's controls a challenge can leave visible (the page's data-control names; the
# class-link mechanism hides the others). tests/unit/test_challenges.py holds it to state.js.
HIDEABLE = (
    "dataset", "ratio", "noise", "points", "batch-size", "regenerate", "custom-data", "features", "layers",
    "neurons", "activation", "weights", "train", "learning-rate", "optimizer", "regularization", "problem",
    "speed", "presets", "export", "share", "inspector", "edge-mode", "click-mode",
)
MAX_ABS = 1e6  # the API's bound on a weight: a run past it has diverged


class UnknownChallenge(KeyError):
    pass


@dataclass(frozen=True)
class TrainSettings:
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int = 10
    regularization: str = "none"
    regularization_rate: float = 0.0

    @classmethod
    def from_body(cls, s: dict | None) -> TrainSettings | None:
        if s is None:
            return None
        opt = s.get("optimizer") or {}
        reg = s.get("regularization") or {}
        return cls(opt.get("name", "adam"), float(opt.get("learning_rate", 0.03)), int(s.get("batch_size", 10)),
                   reg.get("kind", "none"), float(reg.get("rate", 0.0)))

    def body(self) -> dict:
        return {"optimizer": {"name": self.optimizer, "learning_rate": self.learning_rate},
                "batch_size": self.batch_size,
                "regularization": {"kind": self.regularization, "rate": self.regularization_rate}}


@dataclass(frozen=True)
class Part:
    network: Network | None = None
    settings: TrainSettings | None = None


@dataclass(frozen=True)
class Submission:
    """What a check may read of a body (never any metric the browser computed)."""

    network: Network | None = None
    settings: TrainSettings | None = None
    before: Part | None = None  # the first part of a two-part challenge
    answer: float | None = None


def parse(body: dict) -> Submission:
    """A body (JSON-like dict, already validated by the API or written by a challenge) → Submission.
    Every other key (data, visible, probe, metrics, accuracies) is ignored."""
    def net(d):
        return Network.from_dict(d) if d is not None else None

    before = body.get("before")
    answer = body.get("answer")
    return Submission(
        network=net(body.get("network")),
        settings=TrainSettings.from_body(body.get("settings")),
        before=Part(net(before.get("network")), TrainSettings.from_body(before.get("settings"))) if before else None,
        answer=float(answer) if answer is not None else None,
    )


@dataclass
class Verdict:
    passed: bool
    message: str
    measured: dict = field(default_factory=dict)
    parts: list[dict] | None = None  # two-part challenges: [{"name": "before", "passed": ...}, {"name": "after", ...}]

    def answer(self) -> dict:
        return {"passed": bool(self.passed), "message": self.message,
                "measured": {k: clean(v) for k, v in self.measured.items()}, "parts": self.parts}


def clean(v):
    """A measured value for JSON: rounded floats, None for anything not finite (never NaN)."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int | np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        v = float(v)
        return round(v, 4) if math.isfinite(v) else None
    return v


@dataclass(frozen=True)
class Challenge:
    id: str
    title: str
    lesson: str  # the /learn lesson it belongs to
    goal: str
    order: int
    hints: tuple[str, ...]
    start: dict  # a body for the check: the starting state
    make_solution: Callable[[], dict]  # a body that passes (may train: computed once, on demand)
    checker: Callable[[Submission], Verdict]
    needs: tuple[str, ...] = ("network",)  # body fields the check requires
    counts: tuple[str, ...] = ("network",)  # what the check reads of them
    mode: str = "weights"  # "weights": the submitted network is measured as it is; "training": the server trains
    data: datasets.Spec | None = None
    epochs: int | None = None  # training challenges: the epoch budget of each run
    runs: int = 0  # trainings per check (cost)
    question: str | None = None  # a number to read off and send as "answer"
    parts: tuple[str, str] | None = None  # two-part challenges: what part 1 (before) and part 2 show

    @property
    def hide(self) -> list[str]:
        visible = set(self.start.get("visible") or [])
        return [c for c in HIDEABLE if c not in visible]


# -- helpers of the checks ---------------------------------------------------------------------
def split(spec: datasets.Spec):
    _, (trx, trl), (tex, tel) = datasets.load(spec)
    return trx, trl, tex, tel


def fit_error(net: Network, spec: datasets.Spec) -> str | None:
    """Why ``net`` cannot read the challenge's data (None when it can)."""
    want = datasets.INFOS[spec.name].inputs
    if net.raw_inputs != want:
        return f"the data are {want}-D points; this network reads {net.raw_inputs} raw inputs (give it features x1, x2)"
    return None


def measure(net: Network, spec: datasets.Spec) -> dict:
    """Loss and accuracy of a network as it is on the challenge's seeded split (0 epochs)."""
    trx, trl, tex, tel = split(spec)
    task = datasets.INFOS[spec.name].task
    with np.errstate(all="ignore"):
        r = compiled.train(net, Optimizer("sgd", 0.0), trx, trl, tex, tel,
                           training.TrainConfig(task=task, batch_size=1, epochs=0))
    m = r.metrics or {}
    return {**m, "confusion_matrix": r.confusion_matrix}


def train(net: Network, spec: datasets.Spec, s: TrainSettings, epochs: int, seed: int = 0):
    """Train a copy of ``net`` on the challenge's split: fixed seed and epochs, divergence checked."""
    trx, trl, tex, tel = split(spec)
    task = datasets.INFOS[spec.name].task
    cfg = training.TrainConfig(task=task, batch_size=s.batch_size, epochs=epochs, seed=seed,
                               regularization=s.regularization, reg_rate=s.regularization_rate, max_abs=MAX_ABS)
    with np.errstate(all="ignore"):
        return compiled.train(net, Optimizer(s.optimizer, s.learning_rate), trx, trl, tex, tel, cfg)


def with_activations(net: Network, acts: list[str]) -> Network:
    return Network.from_arrays([(lyr.weights, lyr.biases, a) for lyr, a in zip(net.layers, acts, strict=True)],
                               net.features)


def outputs(net: Network, rows) -> np.ndarray | None:
    with np.errstate(all="ignore"):
        out = net.forward(np.asarray(rows, dtype=float))
    return out if np.all(np.isfinite(out)) else None


def shape_of(net: Network) -> list[int]:
    return [lyr.weights.shape[0] for lyr in net.layers]


def rounded(net: Network, digits: int = 4) -> dict:
    d = net.to_dict()
    for lyr in d["layers"]:
        lyr["weights"] = [[round(v, digits) for v in row] for row in lyr["weights"]]
        lyr["biases"] = [round(v, digits) for v in lyr["biases"]]
    return d


def data_body(spec: datasets.Spec | None) -> dict | None:
    if spec is None:
        return None
    n = spec.n if spec.n is not None else datasets.INFOS[spec.name].default_n
    return {"dataset": {"name": spec.name, "n": n, "noise": spec.noise, "seed": spec.seed,
                        "train_fraction": spec.train_fraction}}
