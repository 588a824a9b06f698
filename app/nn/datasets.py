"""Seeded, noise-controlled datasets with a train/test split.

The two-class and regression sets follow TensorFlow Playground's geometry over [-6, 6]²
(circle, xor, gauss, spiral; plane, multi_gauss).  Beyond it: gaussian blobs with 3–5
classes, a 3-arm spiral, and the lesson's tumour example (3 features in [0, 1]).
``noise`` is a percentage, 0–50, as in TensorFlow Playground.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    task: str
    classes: int  # 0 for regression
    inputs: int
    default_n: int
    description: str
    input_names: tuple[str, ...] = ("x1", "x2")


@dataclass
class Dataset:
    info: DatasetInfo
    points: np.ndarray  # (n, inputs)
    labels: np.ndarray  # (n,) class numbers or values

    def split(self, train_fraction: float, seed: int):
        """A seeded shuffle, then the first ``train_fraction`` of it is the training set."""
        n = len(self.labels)
        order = np.random.default_rng([seed, 7]).permutation(n)
        k = int(round(train_fraction * n))
        k = min(max(k, 1), n)
        tr, te = order[:k], order[k:]
        return (self.points[tr], self.labels[tr]), (self.points[te], self.labels[te])


def _circle(n, noise, rng):
    radius = 5.0
    half = n // 2
    r = np.r_[rng.uniform(0, radius * 0.5, half), rng.uniform(radius * 0.7, radius, n - half)]
    angle = rng.uniform(0, 2 * np.pi, n)
    x, y = r * np.sin(angle), r * np.cos(angle)
    nx, ny = rng.uniform(-radius, radius, (2, n)) * noise
    labels = (np.hypot(x + nx, y + ny) < radius * 0.5).astype(np.int64)
    return np.c_[x, y], labels


def _xor(n, noise, rng):
    pad = 0.3
    x, y = rng.uniform(-5, 5, (2, n))
    x = x + np.where(x > 0, pad, -pad)
    y = y + np.where(y > 0, pad, -pad)
    nx, ny = rng.uniform(-5, 5, (2, n)) * noise
    labels = ((x + nx) * (y + ny) >= 0).astype(np.int64)
    return np.c_[x, y], labels


def _gauss(n, noise, rng):
    variance = 0.5 + 7.0 * noise  # TF Playground: 0.5 at no noise, 4 at 50 %
    half = n // 2
    sd = np.sqrt(variance)
    pos = rng.normal(2, sd, (half, 2))
    neg = rng.normal(-2, sd, (n - half, 2))
    return np.r_[pos, neg], np.r_[np.ones(half, np.int64), np.zeros(n - half, np.int64)]


def _spiral_arms(n, noise, rng, arms):
    pts, labels = [], []
    for k in range(arms):
        m = n // arms + (1 if k < n % arms else 0)
        i = np.arange(m)
        r = i / m * 5
        t = 1.75 * i / m * 2 * np.pi + 2 * np.pi * k / arms
        x = r * np.sin(t) + rng.uniform(-1, 1, m) * noise
        y = r * np.cos(t) + rng.uniform(-1, 1, m) * noise
        pts.append(np.c_[x, y])
        labels.append(np.full(m, k, np.int64))
    return np.concatenate(pts), np.concatenate(labels)


def _spiral(n, noise, rng):
    pts, labels = _spiral_arms(n, noise, rng, 2)
    return pts, 1 - labels  # TF Playground: the arm starting at angle 0 is the positive class


def _blobs(k):
    def make(n, noise, rng):
        angles = 2 * np.pi * np.arange(k) / k + np.pi / 2
        centres = 3.5 * np.c_[np.cos(angles), np.sin(angles)]
        sd = 0.8 + 3.0 * noise
        labels = np.arange(n) % k
        pts = centres[labels] + rng.normal(0, sd, (n, 2))
        return pts, labels.astype(np.int64)

    return make


def _plane(n, noise, rng):
    radius = 6.0
    x, y = rng.uniform(-radius, radius, (2, n))
    nx, ny = rng.uniform(-radius, radius, (2, n)) * noise
    return np.c_[x, y], (x + nx + y + ny) / 10.0


GAUSSIANS = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]


def _multi_gauss(n, noise, rng):
    radius = 6.0
    x, y = rng.uniform(-radius, radius, (2, n))
    nx, ny = rng.uniform(-radius, radius, (2, n)) * noise
    px, py = x + nx, y + ny
    label = np.zeros(n)
    for cx, cy, sign in GAUSSIANS:
        new = sign * np.clip(1 - np.hypot(px - cx, py - cy) / 2, 0, 1)
        label = np.where(np.abs(new) > np.abs(label), new, label)
    return np.c_[x, y], label


def _tumour(n, noise, rng):
    # Benign cells: small, regular, thin clumps; malignant: larger, irregular, thick (all in [0, 1]).
    half = n // 2
    sd = 0.12 + 0.6 * noise
    benign = rng.normal([0.3, 0.3, 0.3], sd, (half, 3))
    malignant = rng.normal([0.7, 0.7, 0.7], sd, (n - half, 3))
    pts = np.clip(np.r_[benign, malignant], 0, 1)
    return pts, np.r_[np.zeros(half, np.int64), np.ones(n - half, np.int64)]


_GENERATORS: dict[str, tuple[DatasetInfo, Callable]] = {}


def _register(info: DatasetInfo, gen: Callable) -> None:
    _GENERATORS[info.name] = (info, gen)


_register(DatasetInfo("circle", "classification", 2, 2, 500, "A disc of one class inside a ring of the other."),
          _circle)
_register(DatasetInfo("xor", "classification", 2, 2, 500, "Four quadrants: same sign of x1 and x2 is class 1."), _xor)
_register(DatasetInfo("gauss", "classification", 2, 2, 500, "Two gaussian clouds around (2, 2) and (−2, −2)."), _gauss)
_register(DatasetInfo("spiral", "classification", 2, 2, 500, "Two interleaved spiral arms: the hard one."), _spiral)
for _k in (3, 4, 5):
    _register(
        DatasetInfo(f"blobs{_k}", "classification", _k, 2, 500, f"{_k} gaussian blobs, one class each (softmax)."),
        _blobs(_k),
    )
_register(DatasetInfo("spiral3", "classification", 3, 2, 600, "Three interleaved spiral arms (softmax)."),
          lambda n, noise, rng: _spiral_arms(n, noise, rng, 3))
_register(DatasetInfo("plane", "regression", 0, 2, 1200, "A tilted plane: y = (x1 + x2) / 10."), _plane)
_register(DatasetInfo("multi_gauss", "regression", 0, 2, 1200, "Six gaussian bumps, up and down."), _multi_gauss)
_register(
    DatasetInfo("tumour", "classification", 2, 3, 200,
                "The lesson's tumour cells: cell size, cell shape, clump thickness in [0, 1]; 1 = malignant.",
                ("cell size", "cell shape", "clump thickness")),
    _tumour,
)

NAMES = tuple(_GENERATORS)
INFOS = {name: info for name, (info, _) in _GENERATORS.items()}


def generate(name: str, n: int | None = None, noise: float = 0.0, seed: int = 0) -> Dataset:
    """``noise`` in percent (0–50).  Same name, n, noise and seed → the same points.

    Cached by its spec (a page asks for the same set every frame); the arrays are read-only.
    """
    if name not in _GENERATORS:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(NAMES)}")
    n = _GENERATORS[name][0].default_n if n is None else int(n)
    if n < 2:
        raise ValueError("a dataset needs at least 2 points")
    return _generate(name, n, float(noise), int(seed))


@lru_cache(maxsize=64)
def _generate(name: str, n: int, noise: float, seed: int) -> Dataset:
    info, gen = _GENERATORS[name]
    rng = np.random.default_rng(seed)
    points, labels = gen(n, noise / 100.0, rng)
    points = np.asarray(points, dtype=np.float64)
    if info.inputs == 2:  # the plane of the playground: gaussian tails (gauss, blobs) stay on it
        points = np.clip(points, -6.0, 6.0)
    return Dataset(info, _read_only(points), _read_only(np.asarray(labels)))


@dataclass(frozen=True)
class Spec:
    """A named dataset and its split: the key of the cache of :func:`load`."""

    name: str
    n: int | None = None
    noise: float = 0.0
    seed: int = 0
    train_fraction: float = 0.5


@lru_cache(maxsize=64)
def load(spec: Spec) -> tuple[Dataset, tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """(dataset, (train points, labels), (test points, labels)) of a spec, cached; arrays read-only."""
    data = generate(spec.name, spec.n, spec.noise, spec.seed)
    (trx, trl), (tex, tel) = data.split(spec.train_fraction, spec.seed)
    return data, (_read_only(trx), _read_only(trl)), (_read_only(tex), _read_only(tel))


def _read_only(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a
