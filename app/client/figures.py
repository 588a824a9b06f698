"""Plotly figures from Python: the page's pictures in the page's colours (static/js/playground/plots.js).

    from app.client import Playground, figures
    pg = Playground.local()
    data = pg.dataset("xor")
    run = pg.train(pg.network([2, 4, 1], features=["x1", "x2"]), data, epochs=50)
    figures.surface(pg.surface(run.network), data, activation="sigmoid").show()
    figures.neurons(pg.surface(run.network), run.network).show()
    figures.loss(run.history).show()
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.client import palette
from app.client.models import Curve, Dataset, HistoryRow, Network, Surface


def _axis(**extra: Any) -> dict[str, Any]:
    return {"gridcolor": palette.GRID, "zerolinecolor": "#c7ced8", "linecolor": "#c7ced8", "ticks": "",
            "tickfont": {"size": 11, "color": "#5f6875"}, **extra}


def _layout(**extra: Any) -> dict[str, Any]:
    return {"font": palette.FONT, "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
            "showlegend": False, **extra}


def _points(data: Dataset, show_test: bool, label_range: tuple[float, float] | None) -> list[go.Scatter]:
    traces = []
    sets = [("train", data.train, False)] + ([("test", data.test, True)] if show_test and len(data.test.points) else [])
    for name, part, is_test in sets:
        outline = {"width": 1.8 if is_test else 1, "color": palette.INK if is_test else "#ffffff"}
        if data.task == "regression":
            lo, hi = label_range or (float(part.labels.min()), float(part.labels.max()))
            traces.append(go.Scatter(
                x=part.points[:, 0], y=part.points[:, 1], mode="markers", name=f"{name} points", hoverinfo="skip",
                marker={"size": 7, "color": part.labels, "cmin": lo, "cmax": hi,
                        "colorscale": palette.diverging_scale(), "line": outline}))
            continue
        for c in range(max(2, data.classes)):
            mask = part.labels == c
            if not mask.any():
                continue
            traces.append(go.Scatter(
                x=part.points[mask, 0], y=part.points[mask, 1], mode="markers",
                name=f"{'Test' if is_test else 'Train'} class {c}", hoverinfo="skip",
                marker={"size": 7 if is_test else 6.5, "symbol": palette.CLASS_SYMBOLS[c % 5],
                        "color": palette.CLASS_COLORS[c % 5], "line": outline}))
    return traces


def surface(grid: Surface, data: Dataset | None = None, *, activation: str | None = "sigmoid",
            show_test: bool = True, discretize: bool = False) -> go.Figure:
    """The decision surface (output grid) with the data points, as on the page: one output on the soft
    diverging scale centred on the activation's middle; several outputs (softmax) in class colours,
    lighter where the winner is less sure."""
    x, y = grid.x, grid.y
    lo, hi = float(min(x[0], y[0])), float(max(x[-1], y[-1]))
    if len(grid.outputs) > 1:
        k = len(grid.outputs)
        stack = np.stack([np.asarray(g, dtype=np.float64) for g in grid.outputs])
        best = stack.argmax(axis=0)
        total = stack.sum(axis=0)
        conf = np.where(total > 0, stack.max(axis=0) / np.where(total > 0, total, 1), 1.0)
        strength = np.ones_like(conf) if discretize else np.clip((conf - 1 / k) / (1 - 1 / k), 0, 1)
        z = best + 0.999 * strength
        heat = go.Heatmap(x=x, y=y, z=z, zmin=0, zmax=k, colorscale=palette.multi_class_scale(k), showscale=False,
                          hoverinfo="skip", name="output")
    else:
        out = np.asarray(grid.outputs[0], dtype=np.float64)
        if data is not None and data.task == "regression":
            labels = np.concatenate([data.train.labels, data.test.labels])
            zmin, zmax = float(labels.min()), float(labels.max())
        else:
            mid, half = palette.value_scale(activation)
            zmin, zmax = mid - half, mid + half
        z = np.where(out >= (zmin + zmax) / 2, zmax, zmin) if discretize else out
        heat = go.Heatmap(x=x, y=y, z=z, zmin=zmin, zmax=zmax, colorscale=palette.soft_diverging_scale(),
                          showscale=False, hoverinfo="skip", name="output")
    traces = [heat]
    if data is not None:
        rng = None if heat.zmin is None or len(grid.outputs) > 1 else (heat.zmin, heat.zmax)
        traces += _points(data, show_test, rng)
    return go.Figure(traces, go.Layout(**_layout(
        plot_bgcolor="#fafbfc", margin={"l": 30, "r": 8, "t": 6, "b": 24}, width=460, height=440,
        xaxis=_axis(range=[lo, hi], showgrid=False, zeroline=False, constrain="domain"),
        yaxis=_axis(range=[lo, hi], showgrid=False, zeroline=False, scaleanchor="x", scaleratio=1,
                    constrain="domain"))))


def neurons(grid: Surface, network: Network | dict[str, Any]) -> go.Figure:
    """Every neuron's output over the plane, in the layout of the diagram: one column per layer (the input
    features first), the neurons of a layer top to bottom, each on the diverging scale of its activation."""
    net = network if isinstance(network, Network) else Network.from_dict(network)
    if grid.neurons is None:
        raise ValueError("the surface has no neuron grids: ask surface(..., neurons=True)")
    columns: list[tuple[str, str | None, list[np.ndarray]]] = []
    if grid.features:
        columns.append(("input", None, grid.features))
    for li, (layer, grids) in enumerate(zip(net.layers, grid.neurons, strict=True)):
        name = "output" if li == len(net.layers) - 1 else f"hidden {li + 1}"
        columns.append((f"{name} ({layer.activation})", layer.activation, grids))
    rows = max(len(g) for _, _, g in columns)
    titles = [""] * (rows * len(columns))
    for c, (title, _, grids) in enumerate(columns):
        for r in range(len(grids)):
            names = net.features or []
            label = (names[r] if c == 0 and grid.features and r < len(names) else f"{title.split(' (')[0]} #{r + 1}")
            titles[r * len(columns) + c] = label
    fig = make_subplots(rows=rows, cols=len(columns), subplot_titles=titles, horizontal_spacing=0.04,
                        vertical_spacing=min(0.04, 0.3 / max(rows, 1)), column_titles=None)
    n = len(grid.neurons[0][0]) if grid.neurons and grid.neurons[0] else 0
    xs = np.linspace(grid.x[0], grid.x[-1], n) if n else grid.x
    ys = np.linspace(grid.y[0], grid.y[-1], n) if n else grid.y
    for c, (title, activation, grids) in enumerate(columns):
        mid, half = palette.value_scale(activation)
        if activation is None:  # an input feature: centred on 0, scaled by its largest magnitude
            half = max(1e-9, max(float(np.abs(g).max()) for g in grids))
        for r, g in enumerate(grids):
            fig.add_trace(go.Heatmap(x=xs, y=ys, z=np.asarray(g), zmin=mid - half, zmax=mid + half,
                                     colorscale=palette.diverging_scale(), showscale=False, hoverinfo="skip",
                                     name=f"{title} #{r + 1}"), row=r + 1, col=c + 1)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(**_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, width=140 * len(columns) + 40,
                                height=130 * rows + 40))
    for ann in fig.layout.annotations:
        ann.font = {"size": 10, "color": "#5f6875"}
    return fig


def loss(history: list[HistoryRow] | list[dict[str, Any]]) -> go.Figure:
    """Train and test loss per epoch (the page's loss chart)."""
    rows = [h if isinstance(h, HistoryRow) else HistoryRow(**h) for h in history]
    x = [h.epoch for h in rows]
    traces = [
        go.Scatter(x=x, y=[h.train_loss for h in rows], mode="lines", name="Train loss",
                   line={"color": palette.INK, "width": 2}),
        go.Scatter(x=x, y=[h.test_loss for h in rows], mode="lines", name="Test loss",
                   line={"color": palette.MUTED, "width": 2, "dash": "dot"}),
    ]
    return go.Figure(traces, go.Layout(**_layout(
        showlegend=True, margin={"l": 40, "r": 8, "t": 28, "b": 34}, width=460, height=220,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom", "font": {"size": 11}},
        xaxis=_axis(title={"text": "epoch"}, rangemode="tozero", showgrid=False),
        yaxis=_axis(rangemode="tozero", nticks=4, exponentformat="power"), hovermode="x")))


def response(xs: Any, outputs: Any, *, axis_name: str = "x1", probe: float | None = None,
             task: str = "classification") -> go.Figure:
    """The response curve: every output along one input axis through the probed point (class colours when
    there are several outputs), with the probe as a dotted line."""
    xs = np.asarray(xs, dtype=np.float64)
    out = np.asarray(outputs, dtype=np.float64).reshape(len(xs), -1)
    k = out.shape[1]
    traces = [go.Scatter(x=xs, y=out[:, c], mode="lines", name=f"P(class {c})" if k > 1 else "output",
                         line={"color": palette.CLASS_COLORS[c % 5] if k > 1 else palette.INK, "width": 2.4})
              for c in range(k)]
    shapes = [] if probe is None else [{"type": "line", "x0": probe, "x1": probe, "yref": "paper", "y0": 0, "y1": 1,
                                        "line": {"color": palette.ACCENT, "width": 1.5, "dash": "dot"}}]
    return go.Figure(traces, go.Layout(**_layout(
        margin={"l": 40, "r": 10, "t": 8, "b": 30}, width=460, height=220, shapes=shapes, hovermode="x",
        xaxis=_axis(title={"text": axis_name}, range=[float(xs[0]), float(xs[-1])], dtick=2),
        yaxis=_axis(nticks=5, range=None if task == "regression" else [-0.04, 1.04]))))


def response_of(pg: Any, network: Network | dict[str, Any], probe: tuple[float, float] = (0.0, 0.0), *,
                axis: int = 0, span: tuple[float, float] = (-6.0, 6.0), num: int = 121,
                task: str = "classification") -> go.Figure:
    """``response`` computed by the API (``pg.forward``) along axis 0 (x1) or 1 (x2) through ``probe``."""
    xs = np.linspace(span[0], span[1], num)
    rows = np.tile(np.asarray(probe, dtype=np.float64), (num, 1))
    rows[:, axis] = xs
    fwd = pg.forward(network, rows, trace=False)
    return response(xs, fwd.outputs, axis_name=f"x{axis + 1}", probe=probe[axis], task=task)


def activation(curve: Curve, z: float | None = None, a: float | None = None) -> go.Figure:
    """An activation curve f(z) and its derivative f'(z) (dashed), with the neuron's z marked when given."""
    ymin = float(min(curve.y.min(), curve.dy.min()))
    ymax = float(max(curve.y.max(), curve.dy.max()))
    pad = (ymax - ymin) * 0.08 or 0.5
    yr = [ymin - pad, ymax + pad]
    traces = [
        go.Scatter(x=curve.x, y=curve.y, mode="lines", name=curve.name, line={"color": palette.INK, "width": 2.2}),
        go.Scatter(x=curve.x, y=curve.dy, mode="lines", name=f"{curve.name}'",
                   line={"color": palette.MUTED, "width": 1.8, "dash": "dash"}),
    ]
    if z is not None:
        traces.append(go.Scatter(x=[z, z], y=yr, mode="lines", name="z", hoverinfo="skip",
                                 line={"color": palette.ACCENT, "width": 1.3, "dash": "dot"}))
        if a is not None:
            marker = {"size": 12, "color": palette.ACCENT, "line": {"color": "#fff", "width": 2}}
            traces.append(go.Scatter(x=[z], y=[a], mode="markers", name="f(z)", cliponaxis=False, marker=marker))
    return go.Figure(traces, go.Layout(**_layout(
        showlegend=True, margin={"l": 34, "r": 8, "t": 28, "b": 30}, width=460, height=240,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        xaxis=_axis(range=[float(curve.x[0]), float(curve.x[-1])], zeroline=True, nticks=6, title={"text": "z"}),
        yaxis=_axis(zeroline=True, nticks=5, range=yr))))
