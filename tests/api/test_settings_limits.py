"""The app's own settings reach every limit: ``create_app(Settings(...))`` refuses what its settings
refuse, even when the process's settings (``get_settings()``) allow it, and accepts what they allow."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.config import Settings, get_settings
from app.main import create_app

NET4 = {"features": ["x1", "x2"],
        "layers": [{"activation": "tanh", "weights": [[0.1, 0.2]] * 4, "biases": [0.0] * 4},
                   {"activation": "sigmoid", "weights": [[0.1] * 4], "biases": [0.0]}]}
NET2 = {"features": ["x1", "x2"],
        "layers": [{"activation": "tanh", "weights": [[0.1, 0.2]] * 2, "biases": [0.0] * 2},
                   {"activation": "sigmoid", "weights": [[0.1] * 2], "biases": [0.0]}]}
XOR = {"dataset": {"name": "xor", "n": 40}}


@pytest.fixture(scope="module")
def small():
    settings = Settings(max_units=2, max_layers=2, max_rows=30, max_resolution=20, max_epochs=3, max_points=50,
                        max_surface_cells=10_000)
    with TestClient(create_app(settings)) as c:
        yield c


def refused(r, loc: list, *words: str) -> None:
    assert r.status_code == 422, r.text[:300]
    hits = [d for d in r.json()["detail"] if d["loc"][: len(loc)] == loc]
    assert hits, r.json()
    text = " ".join(d["msg"] for d in hits)
    for w in words:
        assert w in text, text


def test_the_process_settings_are_roomier():
    s = get_settings()
    assert s.max_units >= 4 and s.max_layers >= 3 and s.max_rows >= 40 and s.max_resolution >= 24


def test_max_units_refuses_a_four_unit_layer(small):
    refused(small.post("/api/forward", json={"network": NET4, "inputs": [[1.0, 2.0]]}),
            ["body", "network", "layers", 0, "weights"], "at most 2", "MAX_UNITS")
    refused(small.post("/api/train", json={"network": NET4, "data": XOR}), ["body", "network", "layers", 0])
    refused(small.post("/api/networks", json={"layer_sizes": [2, 4, 1]}), ["body", "layer_sizes", 1],
            "less than or equal to 2")
    refused(small.post("/api/softmax", json={"logits": [1.0, 2.0, 3.0]}), ["body", "logits"], "at most 2")
    refused(small.post("/api/neuron", json={"inputs": [1.0] * 3, "weights": [1.0] * 3, "bias": 0.0}),
            ["body", "inputs"], "at most 2")
    assert small.post("/api/forward", json={"network": NET2, "inputs": [[1.0, 2.0]]}).status_code == 200


def test_max_layers(small):
    deep = {"layers": [{"activation": "tanh", "weights": [[0.1]], "biases": [0.0]}] * 3}
    refused(small.post("/api/forward", json={"network": deep, "inputs": [[1.0]]}), ["body", "network", "layers"],
            "at most 2", "MAX_LAYERS")
    refused(small.post("/api/networks", json={"layer_sizes": [1, 1, 1, 1]}), ["body", "layer_sizes"], "at most 3")


def test_max_rows_and_batch_size(small):
    refused(small.post("/api/forward", json={"network": NET2, "inputs": [[1.0, 2.0]] * 31}), ["body", "inputs"],
            "at most 30")
    refused(small.post("/api/train", json={"network": NET2, "data": XOR, "batch_size": 31}), ["body", "batch_size"],
            "30")


def test_max_resolution_epochs_and_points(small):
    refused(small.post("/api/surface", json={"network": NET2, "resolution": 21}), ["body", "resolution"], "20")
    refused(small.post("/api/train", json={"network": NET2, "data": XOR, "epochs": 4}), ["body", "epochs"], "3")
    refused(small.post("/api/train", json={"network": NET2, "data": {"dataset": {"name": "xor", "n": 51}}}),
            ["body", "data", "dataset", "n"], "50")
    r = small.get("/api/datasets/xor", params={"n": 51})
    refused(r, ["query", "n"], "50", "MAX_POINTS")
    assert small.get("/api/datasets/xor", params={"n": 50}).status_code == 200


def test_max_surface_cells():
    body = {"network": NET2, "resolution": 100, "neurons": True, "neuron_resolution": 24}
    with TestClient(create_app(Settings(max_surface_cells=10_000))) as c:
        refused(c.post("/api/surface", json=body), ["body", "neuron_resolution"], "MAX_SURFACE_CELLS", "10,000")
        refused(c.post("/api/train", json={"network": NET2, "data": XOR, "surface": {"resolution": 100}}),
                ["body", "neuron_resolution"], "MAX_SURFACE_CELLS")
        ok = c.post("/api/surface", json={**body, "neurons": False})
        assert ok.status_code == 200, ok.text[:300]
    assert TestClient(create_app()).post("/api/surface", json=body).status_code == 200


def test_a_roomier_app_accepts_what_the_process_settings_refuse():
    wide = get_settings().max_units + 1
    net = {"layers": [{"activation": "tanh", "weights": [[0.1]] * wide, "biases": [0.0] * wide}]}
    with TestClient(create_app(Settings(max_units=wide))) as c:
        r = c.post("/api/forward", json={"network": net, "inputs": [[1.0]]})
    assert r.status_code == 200, r.text
    assert len(r.json()["outputs"][0]) == wide
