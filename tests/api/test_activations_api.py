"""GET /api/activations, GET /api/activations/{name}, POST /api/neuron, POST /api/softmax."""

from __future__ import annotations

import numpy as np
import pytest

from app.nn import activations

NAMES = list(activations.NAMES)
ELEMENTWISE = [n for n in NAMES if n != "softmax"]


def test_list(client):
    r = client.get("/api/activations")
    assert r.status_code == 200
    items = r.json()["activations"]
    assert [a["name"] for a in items] == NAMES
    for a in items:
        assert set(a) >= {"name", "formula", "range", "use", "output_only"}
        assert a["formula"] and a["range"] and a["use"]
        assert a["output_only"] == (a["name"] == "softmax")
    by_name = {a["name"]: a for a in items}
    assert by_name["sigmoid"]["range"] == "(0, 1)"
    assert by_name["tanh"]["range"] == "(-1, 1)"
    assert by_name["relu"]["range"].startswith("[0")


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_curve_matches_the_engine(client, name, strict_json):
    r = client.get(f"/api/activations/{name}", params={"start": -4, "stop": 3, "num": 71})
    assert r.status_code == 200, r.text
    body = strict_json(r)
    x = np.linspace(-4, 3, 71)
    assert body["name"] == name
    np.testing.assert_array_equal(body["x"], x)
    np.testing.assert_array_equal(body["y"], activations.get(name).f(x))
    np.testing.assert_array_equal(body["dy"], activations.get(name).derivative(x))


def test_curve_defaults(client):
    body = client.get("/api/activations/tanh").json()
    assert len(body["x"]) == len(body["y"]) == len(body["dy"]) == 201
    assert body["x"][0] == -5 and body["x"][-1] == 5


def test_softmax_curve_is_the_first_component_of_softmax_x_0(client):
    body = client.get("/api/activations/softmax", params={"start": -3, "stop": 3, "num": 7}).json()
    x = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(body["y"], 1 / (1 + np.exp(-x)), rtol=1e-14)
    np.testing.assert_allclose(body["dy"], np.array(body["y"]) * (1 - np.array(body["y"])), rtol=1e-14)


def test_curve_far_out_stays_finite(client, strict_json):
    for name in NAMES:
        r = client.get(f"/api/activations/{name}", params={"start": -1000, "stop": 1000, "num": 2001})
        assert r.status_code == 200, (name, r.text)
        body = strict_json(r)
        assert len(body["y"]) == 2001


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_neuron_matches_the_engine(client, name):
    rng = np.random.default_rng(len(name))
    x, w, b = rng.normal(size=4), rng.normal(size=4), float(rng.normal())
    r = client.post("/api/neuron", json={"inputs": x.tolist(), "weights": w.tolist(), "bias": b, "activation": name})
    assert r.status_code == 200, r.text
    body = r.json()
    z = float(np.sum(w * x) + b)
    assert body["z"] == pytest.approx(z, abs=1e-14)
    assert body["terms"] == (w * x).tolist()
    act = activations.get(name)
    assert body["output"] == pytest.approx(float(act.f(np.array(z))), rel=1e-14, abs=1e-16)
    assert body["derivative"] == pytest.approx(float(act.derivative(np.array(z))), rel=1e-14, abs=1e-16)


def test_neuron_default_activation_is_sigmoid(client):
    body = client.post("/api/neuron", json={"inputs": [0.0], "weights": [1.0], "bias": 0.0}).json()
    assert body["activation"] == "sigmoid" and body["output"] == 0.5 and body["derivative"] == 0.25


def test_neuron_refuses_softmax(client):
    r = client.post("/api/neuron", json={"inputs": [1.0], "weights": [1.0], "bias": 0.0, "activation": "softmax"})
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "activation"]
    assert "sigmoid" in detail["msg"] and "softmax" not in detail["msg"].split("Input should be")[-1]


def test_softmax_matches_the_engine(client):
    z = np.random.default_rng(0).normal(0, 3, 10)
    p = client.post("/api/softmax", json={"logits": z.tolist()}).json()["probabilities"]
    np.testing.assert_array_equal(p, activations.softmax(z))


def test_softmax_single_logit(client):
    assert client.post("/api/softmax", json={"logits": [3.0]}).json()["probabilities"] == [1.0]
