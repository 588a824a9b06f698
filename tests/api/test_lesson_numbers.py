"""The lesson's numbers, computed live through the API."""

from __future__ import annotations

import pytest

TUMOUR = {"inputs": [0.8, 0.7, 0.9], "weights": [0.5, 0.3, 0.2], "bias": -0.4, "activation": "sigmoid"}


def test_tumour_neuron(client):
    r = client.post("/api/neuron", json=TUMOUR)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["z"] == pytest.approx(0.39, abs=1e-12)
    assert round(body["output"], 4) == 0.5963
    assert body["terms"] == pytest.approx([0.4, 0.21, 0.18], abs=1e-15)
    assert round(body["derivative"], 4) == 0.2407
    assert body["activation"] == "sigmoid"


def test_tumour_neuron_as_a_network(client):
    net = {"layers": [{"activation": "sigmoid", "weights": [[0.5, 0.3, 0.2]], "biases": [-0.4]}]}
    r = client.post("/api/forward", json={"network": net, "inputs": [[0.8, 0.7, 0.9]], "trace": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["layers"][0]["z"][0][0] == pytest.approx(0.39, abs=1e-12)
    assert round(body["outputs"][0][0], 4) == 0.5963
    assert body["outputs"] == body["layers"][0]["a"]
    assert body["features"] is None


def test_softmax_of_the_lesson_logits(client):
    r = client.post("/api/softmax", json={"logits": [2.0, 1.0, 0.5]})
    assert r.status_code == 200, r.text
    p = r.json()["probabilities"]
    assert [round(v, 3) for v in p] == [0.629, 0.231, 0.140]
    assert sum(p) == pytest.approx(1.0, abs=1e-15)


def test_softmax_survives_large_logits(client):
    p = client.post("/api/softmax", json={"logits": [1000.0, 999.0, -1000.0]}).json()["probabilities"]
    assert p[0] > p[1] > p[2] >= 0 and sum(p) == pytest.approx(1.0)


def test_check_question_relu(client):
    r = client.post("/api/neuron", json={"inputs": [2, 3], "weights": [0.5, 0.3], "bias": -0.4, "activation": "relu"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["z"] == pytest.approx(1.5, abs=1e-12)
    assert body["output"] == pytest.approx(1.5, abs=1e-12)
    assert body["derivative"] == 1.0
    assert body["terms"] == pytest.approx([1.0, 0.9])


def test_sigmoid_curve_through_the_tumour_z(client):
    r = client.get("/api/activations/sigmoid", params={"start": 0.39, "stop": 1.39, "num": 2})
    assert r.status_code == 200, r.text
    assert round(r.json()["y"][0], 4) == 0.5963


@pytest.mark.parametrize("w", [-2, -0.5, 0.5, 2])
def test_weights_change_the_sigmoid_slope(client, w):
    """Lesson 3: sigmoid(w·x) over x ∈ [-3, 3]; a larger |w| is steeper, a negative w inverts."""
    ys = [client.post("/api/neuron", json={"inputs": [x], "weights": [w], "bias": 0}).json()["output"]
          for x in (-3, 0, 3)]
    assert ys[1] == 0.5
    assert (ys[2] > ys[0]) == (w > 0)
    assert abs(ys[2] - ys[0]) == pytest.approx(abs(2 * (1 / (1 + 2.718281828459045 ** (-3 * abs(w)))) - 1))


def test_a_stack_of_linear_layers_is_still_linear(client):
    """Lesson 2: without a non-linearity, two layers collapse into one (W2·W1, W2·b1 + b2)."""
    two = {"layers": [{"activation": "linear", "weights": [[1.0, 2.0], [-1.0, 0.5]], "biases": [0.5, -1.0]},
                      {"activation": "linear", "weights": [[2.0, 3.0]], "biases": [0.25]}]}
    one = {"layers": [{"activation": "linear", "weights": [[2 - 3, 4 + 1.5]], "biases": [1 - 3 + 0.25]}]}
    pts = [[0.0, 0.0], [1.0, -2.0], [3.5, 4.0], [-6.0, 6.0]]
    a = client.post("/api/forward", json={"network": two, "inputs": pts}).json()["outputs"]
    b = client.post("/api/forward", json={"network": one, "inputs": pts}).json()["outputs"]
    assert [r[0] for r in a] == pytest.approx([r[0] for r in b], abs=1e-12)
