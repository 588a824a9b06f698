"""POST /api/train: exact continuation across calls, recipes through the API, divergence,
budget, regularisation, optimiser state, regression, multi-class, surface in the same answer."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.nn import recipes

XOR_DATA = {"dataset": {"name": "xor", "n": 200, "noise": 0, "seed": 0, "train_fraction": 0.5}}


def new_net(client, sizes=(2, 6, 1), acts=None, seed=0, features=("x1", "x2")):
    spec = {"layer_sizes": list(sizes), "seed": seed, "features": list(features) if features else None}
    if acts:
        spec["activations"] = list(acts)
    r = client.post("/api/networks", json=spec)
    assert r.status_code == 200, r.text
    return r.json()


def train(client, **body):
    r = client.post("/api/train", json=body)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("opt", ["sgd", "momentum", "adam"])
def test_two_calls_of_one_epoch_equal_one_call_of_two(client, opt):
    net = new_net(client)
    common = {"data": XOR_DATA, "optimizer": {"name": opt, "learning_rate": 0.05}, "batch_size": 8, "seed": 4,
              "regularization": {"kind": "l2", "rate": 0.001}}
    once = train(client, network=net, epochs=2, **common)
    first = train(client, network=net, epochs=1, **common)
    second = train(client, network=first["network"], epochs=1, optimizer_state=first["optimizer_state"],
                   epoch=first["epoch"], **common)
    assert second["network"] == once["network"]
    assert second["optimizer_state"] == once["optimizer_state"]
    assert first["history"] + second["history"] == once["history"]
    assert second["epoch"] == once["epoch"] == 2
    assert [h["epoch"] for h in once["history"]] == [1, 2]
    assert once["optimizer_state"]["name"] == opt
    assert once["optimizer_state"]["step"] == 2 * 13  # 100 training rows in batches of 8
    slots = {"sgd": set(), "momentum": {"velocity"}, "adam": {"m", "v"}}[opt]
    assert set(once["optimizer_state"]["slots"]) == slots
    for layers in once["optimizer_state"]["slots"].values():
        assert [np.shape(lyr["weights"]) for lyr in layers] == [np.shape(lyr["weights"]) for lyr in net["layers"]]


def test_dropping_the_state_restarts_the_moments(client):
    net = new_net(client)
    common = {"data": XOR_DATA, "optimizer": {"name": "adam"}, "seed": 1}
    first = train(client, network=net, epochs=1, **common)
    with_state = train(client, network=first["network"], epochs=1, epoch=1,
                       optimizer_state=first["optimizer_state"], **common)
    without = train(client, network=first["network"], epochs=1, epoch=1, **common)
    assert with_state["network"] != without["network"]
    assert without["optimizer_state"]["step"] == first["optimizer_state"]["step"]


@pytest.fixture(scope="module")
def roomy():
    """A client whose training budget cannot cut a recipe short on a busy machine."""
    with TestClient(create_app(Settings(train_budget_seconds=600))) as c:
        yield c


@pytest.mark.parametrize("name", ["xor", "circle", "gauss", "spiral"])
def test_recipes_through_the_api_match_the_engine(roomy, name):
    client = roomy
    rec = recipes.RECIPES[name]
    acts = list(rec.activations)
    net = client.post("/api/networks", json={"layer_sizes": list(rec.layer_sizes), "activations": acts,
                                             "init": "xavier", "seed": 0, "features": list(rec.features)}).json()
    body = train(client, network=net, data={"dataset": {"name": name, "noise": rec.noise, "seed": 0,
                                                         "train_fraction": rec.train_fraction}},
                 optimizer={"name": rec.optimizer, "learning_rate": rec.learning_rate},
                 batch_size=rec.batch_size, epochs=rec.epochs, seed=0)
    want = recipes.run(name, seed=0)
    assert body["status"] == "ok"
    assert body["history"] == want.history
    assert body["network"] == want.network.to_dict()
    assert body["history"][-1]["test_accuracy"] >= (0.90 if name == "spiral" else 0.95)
    assert sum(map(sum, body["confusion_matrix"])) == 250


def test_divergence_is_reported_without_nan(client, strict_json):
    net = {"layers": [{"activation": "linear", "weights": [[0.5, -0.5]], "biases": [0.0]}]}
    r = client.post("/api/train", json={"network": net, "data": {"dataset": {"name": "plane", "n": 200}},
                                        "optimizer": {"name": "sgd", "learning_rate": 10}, "epochs": 300})
    assert r.status_code == 200, r.text
    body = strict_json(r)  # fails on NaN / Infinity anywhere in the JSON
    assert body["status"] == "diverged"
    assert "diverged" in body["message"]
    assert body["task"] == "regression" and body["loss"] == "mse"
    assert len(body["history"]) < 300 and body["epoch"] == len(body["history"])
    flat = [v for lyr in body["network"]["layers"] for row in lyr["weights"] for v in row]
    assert all(np.isfinite(flat)) and max(map(abs, flat)) <= 1e6  # a network the API accepts


def test_divergence_with_a_surface_request_still_answers(client, strict_json):
    net = {"features": ["x1", "x2"],
           "layers": [{"activation": "linear", "weights": [[0.5, -0.5]], "biases": [0.0]}]}
    r = client.post("/api/train", json={"network": net, "data": {"dataset": {"name": "plane", "n": 200}},
                                        "optimizer": {"name": "sgd", "learning_rate": 10}, "epochs": 300,
                                        "surface": {"resolution": 10, "encoding": "json"}})
    assert r.status_code in (200, 422), r.text
    body = strict_json(r)
    if r.status_code == 200:
        assert body["status"] == "diverged"


def test_divergence_with_a_float32_surface_decodes_to_finite_numbers(client, strict_json):
    net = {"features": ["x1", "x2"],
           "layers": [{"activation": "linear", "weights": [[0.5, -0.5]], "biases": [0.0]}]}
    r = client.post("/api/train", json={"network": net, "data": {"dataset": {"name": "plane", "n": 200}},
                                        "optimizer": {"name": "sgd", "learning_rate": 10}, "epochs": 300,
                                        "surface": {"resolution": 10, "encoding": "float32"}})
    assert r.status_code in (200, 422), r.text
    body = strict_json(r)
    if r.status_code == 200:
        assert body["status"] == "diverged"
        for grid in body["surface"]["outputs"] + [g for layer in body["surface"]["neurons"] for g in layer]:
            values = np.frombuffer(base64.b64decode(grid["data"]), dtype="<f4")
            assert np.all(np.isfinite(values)), "a float32 grid decodes to Infinity"


def test_budget_exceeded():
    settings = Settings(train_budget_seconds=1e-6)
    with TestClient(create_app(settings)) as c:
        net = new_net(c)
        r = c.post("/api/train", json={"network": net, "data": XOR_DATA, "epochs": 100})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "budget_exceeded"
        assert body["history"] == [] and body["epoch"] == 0  # spent before the first mini-batch
        assert body["network"] == net and "budget" in body["message"]


def test_l1_and_l2_shrink_weights(client):
    net = new_net(client, (2, 8, 1))

    def weights(kind, rate):
        body = train(client, network=net, data=XOR_DATA, epochs=30, regularization={"kind": kind, "rate": rate})
        return np.concatenate([np.ravel(lyr["weights"]) for lyr in body["network"]["layers"]])

    plain = weights("none", 0.0)
    assert np.abs(weights("l1", 0.05)).sum() < 0.7 * np.abs(plain).sum()
    assert (weights("l2", 0.05) ** 2).sum() < 0.7 * (plain**2).sum()
    assert np.array_equal(weights("l2", 0.0), plain)


def test_regression_on_plane(client):
    net = new_net(client, (2, 1), ["linear"])
    body = train(client, network=net, data={"dataset": {"name": "plane", "n": 400, "seed": 1}}, epochs=40)
    assert body["task"] == "regression" and body["loss"] == "mse"
    last = body["history"][-1]
    assert last["test_r2"] > 0.99 and last["train_r2"] > 0.99
    assert last["test_accuracy"] is None and body["confusion_matrix"] is None


def test_multi_class_blobs3_softmax(client):
    net = new_net(client, (2, 8, 3), ["tanh", "softmax"])
    body = train(client, network=net, data={"dataset": {"name": "blobs3", "n": 300, "train_fraction": 0.6}},
                 epochs=30)
    assert body["loss"] == "cross_entropy"
    assert body["history"][-1]["test_accuracy"] >= 0.95
    cm = np.array(body["confusion_matrix"])
    assert cm.shape == (3, 3) and cm.sum() == 120
    assert np.trace(cm) / 120 == body["history"][-1]["test_accuracy"]


def test_inline_data_and_tumour(client):
    tumour = client.get("/api/datasets/tumour", params={"seed": 2}).json()
    net = client.post("/api/networks", json={"layer_sizes": [3, 1], "activation": "sigmoid",
                                             "output_activation": "sigmoid"}).json()
    body = train(client, network=net, data={"train": tumour["train"], "test": tumour["test"]}, epochs=60,
                 optimizer={"name": "adam", "learning_rate": 0.1})
    assert body["task"] == "classification" and body["loss"] == "bce"
    assert body["history"][-1]["test_accuracy"] >= 0.9
    assert sum(map(sum, body["confusion_matrix"])) == len(tumour["test"]["labels"])


def test_inline_train_only_uses_train_for_the_confusion_matrix(client):
    pts = [[float(i % 7) - 3, float(i % 5) - 2] for i in range(30)]
    labels = [1 if p[0] > 0 else 0 for p in pts]
    net = new_net(client, (2, 1), ["sigmoid"])
    body = train(client, network=net, data={"train": {"points": pts, "labels": labels}}, epochs=3)
    assert body["history"][0]["test_loss"] is None
    assert sum(map(sum, body["confusion_matrix"])) == 30


def test_surface_in_the_same_answer(client):
    net = new_net(client)
    body = train(client, network=net, data=XOR_DATA, epochs=2,
                 surface={"resolution": 20, "neuron_resolution": 8, "encoding": "json"})
    s = body["surface"]
    assert s["outputs"][0]["shape"] == [20, 20]
    assert len(s["neurons"]) == 2 and s["neurons"][0][0]["shape"] == [8, 8]
    # it is the trained network's surface
    alone = client.post("/api/surface", json={"network": body["network"], "resolution": 20,
                                              "neuron_resolution": 8, "encoding": "json"}).json()
    assert alone == s
    assert train(client, network=net, data=XOR_DATA)["surface"] is None


def test_tanh_output_classification(client):
    net = new_net(client, (2, 1), ["tanh"])
    body = train(client, network=net, data={"dataset": {"name": "gauss", "n": 200}}, epochs=20,
                 optimizer={"name": "adam", "learning_rate": 0.05})
    assert body["loss"] == "mse" and body["history"][-1]["test_accuracy"] >= 0.95


def test_optimizer_state_must_fit(client):
    net = new_net(client)
    first = train(client, network=net, data=XOR_DATA, optimizer={"name": "momentum"})
    state = first["optimizer_state"]
    r = client.post("/api/train", json={"network": net, "data": XOR_DATA, "optimizer": {"name": "adam"},
                                        "optimizer_state": state})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "optimizer_state", "name"]
    bigger = new_net(client, (2, 7, 1))
    r = client.post("/api/train", json={"network": bigger, "data": XOR_DATA, "optimizer": {"name": "momentum"},
                                        "optimizer_state": state})
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"][:3] == ["body", "optimizer_state", "slots"]
    wrong_slots = {**state, "slots": {"m": state["slots"]["velocity"]}}
    r = client.post("/api/train", json={"network": net, "data": XOR_DATA, "optimizer": {"name": "momentum"},
                                        "optimizer_state": wrong_slots})
    assert r.status_code == 422 and "velocity" in r.json()["detail"][0]["msg"]


def test_zero_epochs_evaluates_without_training(client):
    net = new_net(client)
    data = {"dataset": {"name": "xor", "n": 200, "seed": 3}}
    r = train(client, network=net, data=data, epochs=0, epoch=7,
              surface={"resolution": 10, "neuron_resolution": 5})
    assert r["status"] == "ok" and "evaluated" in r["message"]
    assert r["network"] == net and r["history"] == [] and r["epoch"] == 7
    assert r["metrics"]["epoch"] == 7 and r["surface"] is not None
    # The metrics are those of the first epoch's starting point: compare with the engine's own loss.
    grads = client.post("/api/gradients", json={
        "network": net, "inputs": client.get("/api/datasets/xor?n=200&seed=3").json()["train"]["points"],
        "labels": client.get("/api/datasets/xor?n=200&seed=3").json()["train"]["labels"],
    }).json()
    assert r["metrics"]["train_loss"] == pytest.approx(grads["loss"], rel=1e-12)
    assert sum(map(sum, r["confusion_matrix"])) == 100
    # After training, metrics is the last epoch's row.
    r2 = train(client, network=net, data=data, epochs=2)
    assert r2["metrics"] == r2["history"][-1]
