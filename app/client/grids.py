"""The API's GRID objects (docs/api.md, app/api/encoding.py) as numpy arrays."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np


def decode_grid(grid: dict[str, Any]) -> np.ndarray:
    """A GRID ``{shape, min, max, encoding, data}`` -> a ``(rows, cols)`` array; row r is y[r], column c is x[c].

    ``float32``: the little-endian float32 values exactly as the server sent them (dtype float32).
    ``uint8``: dequantised, ``min + (max - min) * byte / 255`` (float64). ``json``: the lists (float64).
    """
    shape = tuple(int(n) for n in grid["shape"])
    encoding = grid["encoding"]
    if encoding == "json":
        return np.asarray(grid["data"], dtype=np.float64).reshape(shape)
    raw = base64.b64decode(grid["data"])
    if encoding == "float32":
        return np.frombuffer(raw, dtype="<f4").reshape(shape).astype(np.float32)
    if encoding == "uint8":
        q = np.frombuffer(raw, dtype=np.uint8).reshape(shape).astype(np.float64)
        lo, hi = float(grid["min"]), float(grid["max"])
        return lo + (hi - lo) * q / 255.0
    raise ValueError(f"unknown grid encoding {encoding!r}; known: float32, uint8, json")
