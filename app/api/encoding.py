"""Compact grid encoding for surfaces (see docs/api.md): base64 float32, base64 uint8, or JSON."""

from __future__ import annotations

import base64

import numpy as np

F32_MAX = float(np.finfo(np.float32).max)


def grid(values: np.ndarray, encoding: str) -> dict:
    """One GRID object: ``{shape, min, max, encoding, data}`` for a 2-D array of finite values."""
    v = np.asarray(values)
    if v.dtype != np.float32:
        v = v.astype(np.float64, copy=False)
    lo, hi = float(v.min()), float(v.max())
    if encoding == "json":
        data = v.tolist()
    elif encoding == "float32":
        # Saturate at float32's largest finite value: a huge float64 must not decode to Infinity.
        f32 = v.astype("<f4", copy=False) if v.dtype == np.float32 else np.clip(v, -F32_MAX, F32_MAX).astype("<f4")
        data = base64.b64encode(np.ascontiguousarray(f32).tobytes()).decode("ascii")
    else:
        span = hi - lo
        q = np.zeros(v.shape, dtype=np.uint8) if span <= 0 else np.rint((v - lo) * (255.0 / span)).astype(np.uint8)
        data = base64.b64encode(q.tobytes()).decode("ascii")
    return {"shape": list(v.shape), "min": lo, "max": hi, "encoding": encoding, "data": data}


def grids(arrays: list[np.ndarray], encoding: str) -> list[dict]:
    """:func:`grid` of several 2-D arrays of one shape, in a few numpy calls instead of a few per grid."""
    if not arrays:
        return []
    v = np.stack(arrays)
    if v.dtype != np.float32:
        v = v.astype(np.float64, copy=False)
    lo, hi = v.min(axis=(1, 2)), v.max(axis=(1, 2))
    shape = list(v.shape[1:])
    if encoding == "json":
        data = v.tolist()
    elif encoding == "float32":
        f32 = v.astype("<f4", copy=False) if v.dtype == np.float32 else np.clip(v, -F32_MAX, F32_MAX).astype("<f4")
        data = [base64.b64encode(g.tobytes()).decode("ascii") for g in f32]
    else:
        lo64, hi64 = lo.astype(np.float64), hi.astype(np.float64)
        span = hi64 - lo64
        scale = np.divide(255.0, span, out=np.zeros_like(span), where=span > 0)[:, None, None]
        q = np.rint((v - lo.reshape(-1, 1, 1)) * scale).astype(np.uint8)
        data = [base64.b64encode(g.tobytes()).decode("ascii") for g in q]
    return [{"shape": shape, "min": float(a), "max": float(b), "encoding": encoding, "data": d}
            for a, b, d in zip(lo, hi, data, strict=True)]
