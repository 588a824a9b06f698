"""Decision surfaces: the network's outputs, and optionally every neuron's, over a 2-D grid.

Display grids: the page shows them as colours (uint8), so by default they are computed in
float32 (float32 tanh and exp are several times faster than float64).  Where float32 would
overflow to infinity but float64 does not, the grid is computed again in float64.  Numbers that
are printed or checked (forward, neuron, training) are always float64.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.nn.network import Network


@dataclass
class Surface:
    x: np.ndarray  # (cols,)
    y: np.ndarray  # (rows,)
    outputs: np.ndarray  # (rows, cols, n_outputs)
    features: list[np.ndarray] | None  # per input feature, (r, r) at neuron resolution
    neurons: list[list[np.ndarray]] | None  # [layer][neuron] → (r, r) at neuron resolution


def grid_points(x_range, y_range, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grid axes and the (rows·cols, 2) points, row-major: row r is y[r], column c is x[c].

    Cached by (ranges, resolution): every frame of a page asks for the same grid; read-only arrays.
    """
    return _grid(float(x_range[0]), float(x_range[1]), float(y_range[0]), float(y_range[1]), int(resolution))


@lru_cache(maxsize=32)
def _grid(x0: float, x1: float, y0: float, y1: float, resolution: int):
    x_range, y_range = (x0, x1), (y0, y1)
    x = np.linspace(x_range[0], x_range[1], resolution)
    y = np.linspace(y_range[0], y_range[1], resolution)
    xx, yy = np.meshgrid(x, y)
    out = x, y, np.c_[xx.ravel(), yy.ravel()]
    for a in out:
        a.flags.writeable = False
    return out


def trace(net: Network, points: np.ndarray, dtype=np.float32) -> tuple[np.ndarray, list[np.ndarray]]:
    """The first layer's input and every layer's activation for ``points``, computed in ``dtype``."""
    x = net.prepare(points).astype(dtype, copy=False)
    a, acts = x, []
    for lyr in net.layers:
        z = a @ lyr.weights.T.astype(dtype, copy=False)
        z += lyr.biases.astype(dtype, copy=False)
        a = lyr.act.f(z)
        acts.append(a)
    return x, acts


def layer_grids(net: Network, points: np.ndarray, res: int, dtype=np.float32):
    """(feature grids, neuron grids, outputs) of every neuron for grid ``points`` of side ``res``."""
    x, acts = trace(net, points, dtype)
    feature_grids = [x[:, i].reshape(res, res) for i in range(x.shape[1])]
    neuron_grids = [[a[:, j].reshape(res, res) for j in range(a.shape[1])] for a in acts]
    return feature_grids, neuron_grids, acts


def compute(net: Network, x_range=(-6, 6), y_range=(-6, 6), resolution=100, neurons=True,
            neuron_resolution=24, dtype=np.float32) -> Surface:
    if net.raw_inputs != 2:
        raise ValueError(
            f"a surface needs a network over 2-D points (features, or 2 inputs); this one takes {net.raw_inputs}"
        )
    x, y, pts = grid_points(x_range, y_range, resolution)
    with np.errstate(all="ignore"):
        if neurons and neuron_resolution == resolution:
            fgrids, ngrids, acts = layer_grids(net, pts, resolution, dtype)
            out = acts[-1]
        else:
            out = trace(net, pts, dtype)[1][-1]
            fgrids = ngrids = None
            acts = [out]
            if neurons:
                _, _, npts = grid_points(x_range, y_range, neuron_resolution)
                fgrids, ngrids, layer_acts = layer_grids(net, npts, neuron_resolution, dtype)
                acts += layer_acts
    if dtype != np.float64 and not all(np.isfinite(a).all() for a in acts):  # float32 overflowed
        return compute(net, x_range, y_range, resolution, neurons, neuron_resolution, np.float64)
    return Surface(x, y, out.reshape(resolution, resolution, -1), fgrids, ngrids)
