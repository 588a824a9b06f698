"""Playground: every endpoint, typed results, numpy grids and field-level errors, in process and over HTTP."""

from __future__ import annotations

import numpy as np
import pytest

from app.client import Network, Playground, PlaygroundError, Surface
from app.client.models import ActivationInfo, Curve, DatasetInfo, ForwardResult, HistoryRow, TrainResult
from app.nn.network import Network as EngineNetwork

XOR = {"features": ["x1", "x2"],
       "layers": [{"activation": "tanh", "weights": [[0.1, -0.3], [0.2, 0.5]], "biases": [0.0, 0.1]},
                  {"activation": "sigmoid", "weights": [[0.7, -1.2]], "biases": [0.05]}]}


def test_health_and_activations(pg):
    assert pg.health()["status"] == "ok"
    acts = pg.activations()
    assert all(isinstance(a, ActivationInfo) for a in acts) and "relu" in {a.name for a in acts}
    curve = pg.activation("tanh", start=-2, stop=2, num=5)
    assert isinstance(curve, Curve)
    np.testing.assert_allclose(curve.x, np.linspace(-2, 2, 5))
    np.testing.assert_allclose(curve.y, np.tanh(curve.x))
    np.testing.assert_allclose(curve.dy, 1 - np.tanh(curve.x) ** 2)


def test_the_lesson_neuron_and_softmax(pg):
    n = pg.neuron([0.8, 0.7, 0.9], [0.5, 0.3, 0.2], -0.4)
    assert n.z == pytest.approx(0.39) and n.output == pytest.approx(0.5963, abs=1e-4)
    np.testing.assert_allclose(n.terms, [0.4, 0.21, 0.18])
    np.testing.assert_allclose(pg.softmax([2.0, 1.0, 0.5]), [0.629, 0.231, 0.140], atol=1e-3)


def test_networks_forward_and_gradients(pg):
    net = pg.network([2, 3, 1], features=["x1", "x2"], seed=4)
    assert isinstance(net, Network) and net.sizes == [2, 3, 1]
    assert net.layers[0].weights.shape == (3, 2)
    assert pg.network([2, 3, 1], features=["x1", "x2"], seed=4) == net  # same seed, same network
    assert pg.network([2, 3, 1], features=["x1", "x2"], seed=5) != net
    rows = np.array([[0.5, -1.0], [2.0, 0.25]])
    fwd = pg.forward(net, rows)
    assert isinstance(fwd, ForwardResult) and fwd.outputs.shape == (2, 1) and len(fwd.layers) == 2
    expected = EngineNetwork.from_dict(net.to_dict()).forward(rows)
    np.testing.assert_allclose(fwd.outputs, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(fwd.layers[-1].a, fwd.outputs)
    assert pg.forward(XOR, rows, trace=False).layers == []
    g = pg.gradients(net, rows, [0, 1])
    assert g.loss_name == "bce" and [w.shape for w in g.weights] == [(3, 2), (1, 3)]


def test_surface_grids_are_numpy_arrays_close_to_the_exact_json_encoding(pg):
    f32 = pg.surface(XOR, resolution=20, neuron_resolution=8)
    exact = pg.surface(XOR, resolution=20, neuron_resolution=8, encoding="json")
    assert isinstance(f32, Surface) and f32.outputs[0].shape == (20, 20) and f32.outputs[0].dtype == np.float32
    # display grids are computed in float32: within float32 precision of the exact float64 values
    np.testing.assert_allclose(f32.outputs[0], exact.outputs[0], rtol=0, atol=1e-6)
    assert [len(layer) for layer in f32.neurons] == [2, 1] and f32.neurons[0][0].shape == (8, 8)
    # row r is y[r], column c is x[c]: the corner (x[0], y[-1]) is the forward pass of that point
    corner = pg.forward(XOR, [[exact.x[0], exact.y[-1]]], trace=False).outputs[0, 0]
    assert exact.outputs[0][-1, 0] == pytest.approx(corner, abs=1e-12)
    q = pg.surface(XOR, resolution=20, neurons=False, encoding="uint8")
    step = (q.outputs[0].max() - q.outputs[0].min()) / 255
    assert np.abs(q.outputs[0] - exact.outputs[0]).max() <= step / 2 + 1e-6 and q.neurons is None


def test_datasets_and_training_continue_exactly(pg):
    infos = pg.datasets()
    assert all(isinstance(d, DatasetInfo) for d in infos) and "xor" in {d.name for d in infos}
    data = pg.dataset("xor", n=100, seed=3)
    assert data.train.points.shape[1] == 2 and len(data.train.points) + len(data.test.points) == 100
    net = pg.network([2, 4, 1], features=["x1", "x2"], seed=1)
    once = pg.train(net, data, epochs=2, seed=5)
    assert isinstance(once, TrainResult) and once.status == "ok" and once.epoch == 2
    assert [h.epoch for h in once.history] == [1, 2] and isinstance(once.metrics, HistoryRow)
    assert once.confusion_matrix.shape == (2, 2) and once.confusion_matrix.sum() == len(data.test.points)
    first = pg.train(net, data, epochs=1, seed=5)
    second = pg.train(first.network, data, epochs=1, seed=5, optimizer_state=first.optimizer_state,
                      epoch=first.epoch)
    np.testing.assert_array_equal(second.network.layers[0].weights, once.network.layers[0].weights)
    inline = pg.train(net, data={"train": data.train.to_dict(), "test": data.test.to_dict()}, epochs=0,
                      surface={"resolution": 10, "neurons": False})
    assert inline.history == [] and inline.surface.outputs[0].shape == (10, 10)


def test_export_quiz_presets(pg):
    exp = pg.export_numpy(XOR)
    assert exp.filename.endswith(".py") and "def forward" in exp.script
    assert {q["name"] for q in pg.quizzes()["lessons"]} >= {"neuron", "training"}
    quiz = pg.quiz("neuron", seed=7, answers=True)
    answers = {q["id"]: q["answer"] for q in quiz["questions"]}
    assert pg.check_quiz("neuron", 7, answers)["correct"] == len(answers)
    names = [p["name"] for p in pg.presets()["presets"]]
    assert names and pg.preset(names[0])["name"] == names[0]


def test_errors_carry_the_servers_field_level_message(pg):
    bad = {"features": ["x1", "x2"], "layers": [{"activation": "tanh", "weights": [[1.0, 2.0, 3.0]], "biases": [0.0]}]}
    with pytest.raises(PlaygroundError) as err:
        pg.forward(bad, [[0.0, 0.0]])
    assert err.value.status == 422
    assert any(f.startswith("network.layers.0") for f in err.value.fields), err.value.fields
    assert "network.layers.0" in str(err.value)
    with pytest.raises(PlaygroundError, match="activation") as err:
        pg.neuron([1.0], [1.0], 0.0, activation="nope")
    assert err.value.fields == ["activation"]
    with pytest.raises(PlaygroundError) as err:
        pg.dataset("nope")
    assert err.value.status in (404, 422) and "xor" in str(err.value)  # the message lists the known names


def test_local_needs_no_server_and_is_a_context_manager():
    with Playground.local() as pg:
        assert pg.softmax([0.0, 0.0]).tolist() == [0.5, 0.5]


def test_evaluate_is_one_frame_equal_to_the_single_endpoints(pg):
    net = pg.network([2, 3, 1], features=["x1", "x2"], seed=2)
    frame = pg.evaluate(net, "circle", surface={"resolution": 20, "neuron_resolution": 8},
                        probe={"point": [1.0, -2.0], "axis": 1, "points": 11, "neuron": {"layer": 0, "index": 1}},
                        gradients=True)
    assert frame.task == "classification" and frame.loss == "bce"
    run = pg.train(net, "circle", epochs=0)
    assert frame.metrics == run.metrics
    np.testing.assert_array_equal(frame.confusion_matrix, run.confusion_matrix)
    surf = pg.surface(net, resolution=20, neuron_resolution=8)
    np.testing.assert_array_equal(frame.surface.outputs[0], surf.outputs[0])
    fwd = pg.forward(net, [[1.0, -2.0]])
    np.testing.assert_array_equal(frame.probe.outputs, fwd.outputs[0])
    assert frame.probe.curve_x.shape == (11,) and frame.probe.curve_outputs.shape == (11, 1)
    assert frame.probe.neuron["z"] == fwd.layers[0].z[0, 1]
    assert [g.shape for g in frame.gradients.weights] == [(3, 2), (1, 3)]
    bare = pg.evaluate(net, "circle")
    assert bare.surface is None and bare.probe is None and bare.gradients is None
