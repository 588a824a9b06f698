"""Input features for 2-D data: the named transforms of a raw point (x1, x2)."""

from __future__ import annotations

import numpy as np

FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
NAMES = tuple(FEATURES)

# The source of each transform, for exported scripts (same expression, same numbers).
EXPRESSIONS = {
    "x1": "x1",
    "x2": "x2",
    "x1^2": "x1 * x1",
    "x2^2": "x2 * x2",
    "x1*x2": "x1 * x2",
    "sin(x1)": "np.sin(x1)",
    "sin(x2)": "np.sin(x2)",
}


def check(names) -> None:
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise KeyError(f"unknown feature {unknown[0]!r}; known: {', '.join(NAMES)}")
    if len(set(names)) != len(names):
        raise ValueError("features must not repeat")


def transform(names, points: np.ndarray) -> np.ndarray:
    """Map raw 2-D points of shape (n, 2) to the named features, shape (n, len(names))."""
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"feature inputs must be 2-D points of shape (n, 2), got {points.shape}")
    x1, x2 = points[:, 0], points[:, 1]
    out = np.empty((points.shape[0], len(names)), dtype=points.dtype)
    for k, name in enumerate(names):
        out[:, k] = FEATURES[name](x1, x2)
    return out
