"""A run report: one self-contained, offline HTML file (Plotly figures of the surface, the loss history
and the network diagram, the network's JSON and the settings) for a slide or a hand-in.

    html = report.run_report(run.network, surface=pg.surface(run.network), data=data,
                             history=run.history, settings={"optimizer": "adam", "learning_rate": 0.03})
    open("run.html", "w").write(html)

Plotly.js is inlined from the installed plotly package: the file needs no network to open.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from app import __version__
from app.client import figures, palette
from app.client.models import Dataset, HistoryRow, Network, Surface


def edge_width(w: float, lo: float = 0.9, per: float = 2.2, hi: float = 9.0) -> float:
    """palette.js edgeWidth: thin edges stay visible on a projector, heavy ones are capped."""
    return min(hi, lo + per * abs(w))


def diagram(network: Network | dict[str, Any]) -> go.Figure:
    """The network as the page draws it: layers left to right, edge colour = sign (orange negative,
    blue positive), thickness = |w|; a neuron's fill is its bias on the diverging scale."""
    net = network if isinstance(network, Network) else Network.from_dict(network)
    sizes = net.sizes
    names = [net.features or [f"in {i + 1}" for i in range(sizes[0])]]
    names += [[f"L{li + 1}.{j + 1}" for j in range(n)] for li, n in enumerate(sizes[1:])]

    def pos(col: int, j: int) -> tuple[float, float]:
        return float(col), (sizes[col] - 1) / 2 - j

    traces: list[go.Scatter] = []
    for li, layer in enumerate(net.layers):
        for j in range(layer.weights.shape[0]):
            for i in range(layer.weights.shape[1]):
                w = float(layer.weights[j, i])
                (x0, y0), (x1, y1) = pos(li, i), pos(li + 1, j)
                traces.append(go.Scatter(
                    x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="text", text=f"w = {w:.4g}", name=f"w{li}.{j}.{i}",
                    line={"color": palette.CLASS_COLORS[1] if w >= 0 else palette.CLASS_COLORS[0],
                          "width": edge_width(w)}, opacity=0.75))
    for col, n in enumerate(sizes):
        xy = [pos(col, j) for j in range(n)]
        biases = net.layers[col - 1].biases if col else np.zeros(n)
        traces.append(go.Scatter(
            x=[p[0] for p in xy], y=[p[1] for p in xy], mode="markers+text", text=names[col], textposition="top center",
            name="inputs" if col == 0 else f"layer {col} ({net.layers[col - 1].activation})",
            marker={"size": 26, "color": biases, "cmin": -1, "cmax": 1, "colorscale": palette.diverging_scale(),
                    "line": {"color": palette.INK, "width": 1.5}},
            hovertext=[f"b = {b:.4g}" for b in biases], hoverinfo="text"))
    return go.Figure(traces, go.Layout(
        font=palette.FONT, showlegend=False, paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        width=160 * len(sizes) + 80, height=90 * max(sizes) + 80, margin={"l": 20, "r": 20, "t": 20, "b": 20},
        xaxis={"visible": False}, yaxis={"visible": False}))


def run_report(network: Network | dict[str, Any], *, surface: Surface | None = None, data: Dataset | None = None,
               history: list[HistoryRow] | None = None, settings: dict[str, Any] | None = None,
               title: str = "Neuron Playground run") -> str:
    """The HTML text of the report (write it to a .html file)."""
    net = network if isinstance(network, Network) else Network.from_dict(network)
    out_act = net.layers[-1].activation
    parts: list[tuple[str, go.Figure]] = []
    if surface is not None:
        parts.append(("Decision surface", figures.surface(surface, data, activation=out_act)))
    if history:
        parts.append(("Loss", figures.loss(history)))
    parts.append(("Network", diagram(net)))
    first = True
    body = []
    for heading, fig in parts:
        snippet = pio.to_html(fig, full_html=False, include_plotlyjs=first, config={"displayModeBar": False})
        first = False
        body.append(f"<section><h2>{html.escape(heading)}</h2>{snippet}</section>")
    facts = dict(settings or {})
    if data is not None:
        facts.setdefault("dataset", data.spec or data.name)
    if history:
        facts.setdefault("final metrics", {k: v for k, v in asdict(history[-1]).items() if v is not None})
    blocks = [("Settings", facts), ("Network (JSON)", net.to_dict())]
    for heading, obj in blocks:
        text = html.escape(json.dumps(obj, indent=1, default=float))
        body.append(f"<section><h2>{heading}</h2><pre>{text}</pre></section>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:Inter,Segoe UI,system-ui,sans-serif;color:#3a424e;max-width:980px;margin:2em auto;
padding:0 1em}}
h1{{font-size:1.5em}}h2{{font-size:1.1em;border-bottom:1px solid #e6e9ee;padding-bottom:.2em}}
pre{{background:#fafbfc;border:1px solid #e6e9ee;padding:.8em;overflow:auto;max-height:30em;font-size:12px}}</style>
</head><body><h1>{html.escape(title)}</h1>
<p>Made with Neuron Playground {__version__}. This file works offline.</p>
{"".join(body)}
</body></html>
"""
