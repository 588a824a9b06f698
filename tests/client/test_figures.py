"""Figures: the traces hold the API's numbers, in the page's colours (static/js/lib/palette.js)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from app.client import figures, palette

ROOT_JS = "static/js/lib/palette.js"


@pytest.fixture(scope="module")
def trained(local):
    data = local.dataset("xor", n=120, seed=2)
    run = local.train(local.network([2, 3, 2, 1], features=["x1", "x2"], seed=0), data, epochs=3)
    return data, run, local.surface(run.network, resolution=30, neuron_resolution=10)


def test_the_palette_is_the_pages(local):
    from app.resources import static_dir

    js = (static_dir() / "js" / "lib" / "palette.js").read_text()
    assert tuple(re.search(r"CLASS_COLORS = \[([^\]]+)\]", js).group(1).replace('"', "").replace(" ", "")
                 .split(",")) == palette.CLASS_COLORS
    assert tuple(int(v) for v in re.search(r"NEG = \[([^\]]+)\]", js).group(1).split(",")) == palette.NEG
    assert tuple(int(v) for v in re.search(r"POS = \[([^\]]+)\]", js).group(1).split(",")) == palette.POS
    scale = palette.diverging_scale()
    assert scale[0][1] == "rgb(224,112,0)" and scale[-1][1] == "rgb(21,101,192)" and scale[5][1] == "rgb(254,254,255)"


def test_surface_is_the_output_grid_under_the_data_points(trained):
    data, run, surf = trained
    fig = figures.surface(surf, data, activation="sigmoid")
    heat, *points = fig.data
    np.testing.assert_array_equal(np.asarray(heat.z), surf.outputs[0])
    np.testing.assert_array_equal(heat.x, surf.x)
    assert (heat.zmin, heat.zmax) == (0.0, 1.0)
    for part, test in ((data.train, False), (data.test, True)):
        for c in (0, 1):
            tr = next(t for t in points if t.name == f"{'Test' if test else 'Train'} class {c}")
            np.testing.assert_array_equal(np.c_[tr.x, tr.y], part.points[part.labels == c])
            assert tr.marker.color == palette.CLASS_COLORS[c] and tr.marker.symbol == palette.CLASS_SYMBOLS[c]


def test_multi_class_surface_in_class_colours(local):
    data = local.dataset("blobs3", n=90)
    net = local.network([2, 4, 3], output_activation="softmax", features=["x1", "x2"], seed=1)
    surf = local.surface(net, resolution=12, neurons=False)
    heat = figures.surface(surf, data).data[0]
    stack = np.stack(surf.outputs)
    np.testing.assert_array_equal(np.floor(np.asarray(heat.z)).astype(int), stack.argmax(axis=0))
    assert heat.colorscale[0][1] == figures.palette.multi_class_scale(3)[0][1]


def test_every_neuron_in_the_layout_of_the_diagram(trained):
    _, run, surf = trained
    fig = figures.neurons(surf, run.network)
    heats = list(fig.data)
    sizes = [2, 3, 2, 1]  # the input features, then every layer's neurons
    assert len(heats) == sum(sizes)
    expected = [*surf.features, *(g for layer in surf.neurons for g in layer)]
    for tr, grid in zip(heats, expected, strict=True):
        np.testing.assert_array_equal(np.asarray(tr.z), grid)
    # column = layer, row = neuron: the k-th neuron of layer l sits in row k, column l
    cells = [(fig.get_subplot(r + 1, c + 1).xaxis.plotly_name, c, r) for c, n in enumerate(sizes) for r in range(n)]
    for tr, (xname, _, _) in zip(heats, cells, strict=True):
        assert "x" + tr.xaxis[1:] == xname.replace("axis", "")
    hidden = heats[2]
    assert (hidden.zmin, hidden.zmax) == (-1.0, 1.0) and heats[-1].zmin == 0.0  # tanh and sigmoid scales


def test_loss_curves_are_the_history(trained):
    _, run, _ = trained
    train, test = figures.loss(run.history).data
    assert list(train.x) == [h.epoch for h in run.history]
    assert list(train.y) == [h.train_loss for h in run.history] and list(test.y) == [h.test_loss for h in run.history]
    assert train.line.color == palette.INK and test.line.dash == "dot"


def test_response_curve_is_the_forward_pass(local, trained):
    _, run, _ = trained
    fig = figures.response_of(local, run.network, (1.0, -2.0), axis=1, num=9)
    line = fig.data[0]
    rows = np.c_[np.full(9, 1.0), np.linspace(-6, 6, 9)]
    np.testing.assert_array_equal(line.y, local.forward(run.network, rows, trace=False).outputs[:, 0])
    assert fig.layout.shapes[0].x0 == -2.0 and fig.layout.xaxis.title.text == "x2"


def test_activation_curve_with_its_derivative(local):
    curve = local.activation("sigmoid", num=11)
    fig = figures.activation(curve, z=0.39, a=0.5963)
    f, df, guide, marker = fig.data
    np.testing.assert_array_equal(f.y, curve.y)
    np.testing.assert_array_equal(df.y, curve.dy)
    assert list(marker.x) == [0.39] and list(marker.y) == [0.5963] and marker.marker.color == palette.ACCENT
