"""decode_grid inverts the server's encoder (app/api/encoding.py) for every encoding."""

from __future__ import annotations

import numpy as np
import pytest

from app.api.encoding import grid
from app.client import decode_grid

VALUES = np.array([[-1.5, 0.0, 2.25], [1e-7, -3.0, 7.0]])


def test_float32_is_exactly_the_float32_values():
    out = decode_grid(grid(VALUES, "float32"))
    assert out.dtype == np.float32 and out.shape == (2, 3)
    np.testing.assert_array_equal(out, VALUES.astype(np.float32))


def test_uint8_is_dequantised_within_half_a_step():
    out = decode_grid(grid(VALUES, "uint8"))
    step = (VALUES.max() - VALUES.min()) / 255
    assert np.abs(out - VALUES).max() <= step / 2 + 1e-12
    assert out.min() == VALUES.min() and out.max() == VALUES.max()


def test_json_and_a_flat_grid():
    np.testing.assert_array_equal(decode_grid(grid(VALUES, "json")), VALUES)
    flat = decode_grid(grid(np.full((2, 2), 0.3), "uint8"))
    np.testing.assert_array_equal(flat, np.full((2, 2), 0.3))


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError, match="float32, uint8, json"):
        decode_grid({"shape": [1, 1], "min": 0, "max": 0, "encoding": "png", "data": ""})
