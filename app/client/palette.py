"""The page's colours (static/js/lib/palette.js and playground/plots.js), for the Python figures.

Diverging orange / white / blue (negative / positive; safe for the common colour-vision
deficiencies), class colours and symbols, the big plot's lighter table, and the page's fonts.
"""

from __future__ import annotations

import math

NEG = (224, 112, 0)  # #e07000
POS = (21, 101, 192)  # #1565c0
WHITE = (255, 255, 255)
PAPER = (250, 251, 252)
CLASS_COLORS = ("#e07000", "#1565c0", "#009e73", "#c0448f", "#8c6d1f")
CLASS_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross")
INK = "#14181f"  # the train loss, one output's response, the activation curve
MUTED = "#8a94a3"  # the test loss
ACCENT = "#5534d0"  # the probe / z marker
GRID = "#e6e9ee"
FONT = {"family": "Inter, Segoe UI, system-ui, sans-serif", "size": 12, "color": "#3a424e"}


def _mix(a, b, t):
    return tuple(a[i] + (b[i] - a[i]) * t for i in range(3))


def _round(c) -> tuple[int, int, int]:
    return tuple(math.floor(v + 0.5) for v in c)  # type: ignore[return-value]  # JavaScript's Math.round


def diverging_lut() -> list[tuple[int, int, int]]:
    """256 entries for t in [-1, 1]: orange -> white -> blue (palette.js buildDiverging)."""
    out = []
    for i in range(256):
        t = (i / 255) * 2 - 1
        out.append(_round(_mix(WHITE, NEG, -t) if t < 0 else _mix(WHITE, POS, t)))
    return out


DIVERGING = diverging_lut()
# the big surface's lighter table (plots.js SOFT_DIVERGING): the data points stand out on it
SOFT_DIVERGING = [_round(tuple(255 + (c - 255) * 0.6 for c in rgb)) for rgb in DIVERGING]


def _scale(lut, n: int = 11) -> list[list]:
    return [[i / (n - 1), "rgb({},{},{})".format(*lut[math.floor(i / (n - 1) * 255 + 0.5)])] for i in range(n)]


def diverging_scale(n: int = 11) -> list[list]:
    """A Plotly colour scale of the diverging table (plots.js plotlyDiverging / palette.js divergingScale)."""
    return _scale(DIVERGING, n)


def soft_diverging_scale(n: int = 11) -> list[list]:
    return _scale(SOFT_DIVERGING, n)


def value_scale(activation: str | None) -> tuple[float, float]:
    """(mid, half) of an activation's output for colouring: sigmoid/softmax around 0.5 ± 0.5, else 0 ± 1."""
    return (0.5, 0.5) if activation in ("sigmoid", "softmax") else (0.0, 1.0)


def _hex_rgb(h: str) -> tuple[int, int, int]:
    n = int(h[1:], 16)
    return (n >> 16) & 255, (n >> 8) & 255, n & 255


def multi_class_scale(classes: int) -> list[list]:
    """z in [k, k+1) = class k wins with confidence z - k (palette.js multiClassScale), over zmin 0, zmax k."""
    out = []
    for k in range(classes):
        c = _hex_rgb(CLASS_COLORS[k % len(CLASS_COLORS)])
        lo = "#" + "".join(f"{v:02x}" for v in _round(_mix(PAPER, c, 0.12)))
        hi = "#" + "".join(f"{v:02x}" for v in _round(_mix(PAPER, c, 0.85)))
        out.append([k / classes + (1e-6 if k else 0), lo])
        out.append([(k + 1) / classes - (1e-6 if k + 1 < classes else 0), hi])
    return out
