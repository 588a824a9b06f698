"""Grid encoding: the batched ``grids`` gives what ``grid`` gives one grid at a time."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from app.api.encoding import grid, grids


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("encoding", ["float32", "uint8", "json"])
def test_grids_equal_grid_one_by_one(encoding, dtype):
    rng = np.random.default_rng(0)
    arrays = [rng.normal(0, s, (6, 7)).astype(dtype) for s in (1e-3, 1.0, 50.0)] + [np.full((6, 7), 0.7, dtype)]
    batched = grids(arrays, encoding)
    for got, a in zip(batched, arrays, strict=True):
        want = grid(a, encoding)
        assert got["shape"] == want["shape"] == [6, 7] and got["encoding"] == encoding
        assert got["min"] == want["min"] and got["max"] == want["max"]
        if encoding == "uint8":  # the same bytes, to the last rounding of the scale
            q1 = np.frombuffer(base64.b64decode(got["data"]), np.uint8).astype(int)
            q2 = np.frombuffer(base64.b64decode(want["data"]), np.uint8).astype(int)
            assert np.abs(q1 - q2).max() <= 1
        else:
            assert got["data"] == want["data"]


def test_no_grids():
    assert grids([], "uint8") == []
