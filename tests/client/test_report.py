"""The run report: one offline HTML file holding the surface, the loss, the diagram, the JSON and the settings."""

from __future__ import annotations

import json
import re

from app.client import report


def test_run_report_is_self_contained(local):
    data = local.dataset("xor", n=80)
    run = local.train(local.network([2, 3, 1], features=["x1", "x2"]), data, epochs=3)
    page = local.report(run.network, data=data, history=run.history, settings={"learning_rate": 0.03})
    assert page.startswith("<!doctype html>")
    assert not re.search(r"""<script[^>]+src=|<link[^>]+href=["']https?:""", page), "the report loads something"
    assert page.count("Plotly.newPlot") == 3 and "Decision surface" in page and "Loss" in page
    network_json = re.search(r"<h2>Network \(JSON\)</h2><pre>(.*?)</pre>", page, re.S).group(1)
    assert json.loads(network_json.replace("&quot;", '"')) == run.network.to_dict()
    assert "learning_rate" in page and "final metrics" in page


def test_diagram_edges_are_the_weights_in_sign_colours(local):
    net = local.network([2, 3, 1], features=["x1", "x2"], seed=3)
    fig = report.diagram(net)
    edges = [t for t in fig.data if t.mode == "lines"]
    assert len(edges) == 2 * 3 + 3 * 1
    w = net.layers[0].weights[1, 0]
    edge = next(t for t in edges if t.name == "w0.1.0")
    assert edge.line.color == ("#1565c0" if w >= 0 else "#e07000") and edge.line.width == report.edge_width(w)
