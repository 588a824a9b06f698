"""Decision surfaces: the network's outputs, and optionally every neuron's, over a 2-D grid."""

from __future__ import annotations

from dataclasses import dataclass

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
    """Grid axes and the (rows·cols, 2) points, row-major: row r is y[r], column c is x[c]."""
    x = np.linspace(x_range[0], x_range[1], resolution)
    y = np.linspace(y_range[0], y_range[1], resolution)
    xx, yy = np.meshgrid(x, y)
    return x, y, np.c_[xx.ravel(), yy.ravel()]


def layer_grids(net: Network, points: np.ndarray, res: int):
    """(feature grids, neuron grids) of every neuron for grid ``points`` of side ``res``."""
    x, trace = net.trace(points)
    feature_grids = [x[:, i].reshape(res, res) for i in range(x.shape[1])]
    neuron_grids = [[a[:, j].reshape(res, res) for j in range(a.shape[1])] for _, a in trace]
    return feature_grids, neuron_grids, trace[-1][1]


def compute(net: Network, x_range=(-6, 6), y_range=(-6, 6), resolution=100, neurons=True,
            neuron_resolution=24) -> Surface:
    if net.raw_inputs != 2:
        raise ValueError(
            f"a surface needs a network over 2-D points (features, or 2 inputs); this one takes {net.raw_inputs}"
        )
    x, y, pts = grid_points(x_range, y_range, resolution)
    with np.errstate(all="ignore"):
        if neurons and neuron_resolution == resolution:
            fgrids, ngrids, out = layer_grids(net, pts, resolution)
        else:
            out = net.forward(pts)
            fgrids = ngrids = None
            if neurons:
                _, _, npts = grid_points(x_range, y_range, neuron_resolution)
                fgrids, ngrids, _ = layer_grids(net, npts, neuron_resolution)
    return Surface(x, y, out.reshape(resolution, resolution, -1), fgrids, ngrids)
