"""/api/evaluate: one round trip answers everything the page repaints after an edit, and
/api/train answers the same parts for the trained network. Every part is checked against the
single-purpose endpoint that computes it on its own."""

from __future__ import annotations

import copy

import numpy as np
import pytest

NET = {
    "features": ["x1", "x2"],
    "layers": [
        {"activation": "tanh", "weights": [[0.8, -0.5], [-1.2, 0.3], [0.4, 0.9]], "biases": [0.1, -0.2, 0.05]},
        {"activation": "sigmoid", "weights": [[1.5, -0.7, 2.1]], "biases": [-0.3]},
    ],
}
DATA = {"dataset": {"name": "circle", "n": 200, "noise": 10, "seed": 3, "train_fraction": 0.5}}
SURFACE = {"resolution": 30, "neuron_resolution": 12, "encoding": "float32"}


def frame_body(**extra):
    return {
        "network": copy.deepcopy(NET), "data": copy.deepcopy(DATA), "surface": dict(SURFACE),
        "probe": {"point": [0.5, -1.5], "axis": 1, "range": [-4, 4], "points": 9, "neuron": {"layer": 0, "index": 2}},
        "gradients": True, **extra,
    }


def dataset_points(client):
    d = client.get("/api/datasets/circle", params={"n": 200, "noise": 10, "seed": 3, "train_fraction": 0.5}).json()
    return d["train"], d["test"]


def check_frame(client, net, got):
    """Every part of a frame equals what the single-purpose endpoints answer for `net`."""
    train, test = dataset_points(client)
    # metrics and confusion matrix: /api/train with 0 epochs on the same data
    ev = client.post("/api/train", json={"network": net, "data": DATA, "epochs": 0}).json()
    # (after training, the compiled kernel's own sums: equal to numpy's to the last bits)
    mine, theirs = {**got["metrics"], "epoch": 0}, ev["metrics"]
    assert mine.keys() == theirs.keys()
    for key, value in theirs.items():
        assert (mine[key] is None) == (value is None), key
        if value is not None:
            assert mine[key] == pytest.approx(value, rel=1e-12, abs=1e-15), key
    assert got["confusion_matrix"] == ev["confusion_matrix"]
    # surface: /api/surface
    surf = client.post("/api/surface", json={"network": net, **SURFACE}).json()
    assert got["surface"] == surf
    # probe: /api/forward of the point and of the curve's rows
    xs = np.linspace(-4, 4, 9)
    rows = [[0.5, -1.5]] + [[0.5, float(x)] for x in xs]
    fwd = client.post("/api/forward", json={"network": net, "inputs": rows, "trace": True}).json()
    probe = got["probe"]
    assert probe["point"] == [0.5, -1.5]
    assert probe["outputs"] == fwd["outputs"][0]
    assert probe["features"] == fwd["features"][0]
    assert probe["layers"] == [{"z": [layer["z"][0]], "a": [layer["a"][0]]} for layer in fwd["layers"]]
    assert probe["curve"]["axis"] == 1
    assert probe["curve"]["x"] == pytest.approx(xs.tolist(), abs=0)
    assert probe["curve"]["outputs"] == fwd["outputs"][1:]
    # the inspected neuron: /api/neuron with its inputs (the features at the point)
    layer = net["layers"][0]
    neuron = client.post("/api/neuron", json={
        "inputs": fwd["features"][0], "weights": layer["weights"][2], "bias": layer["biases"][2], "activation": "tanh",
    }).json()
    n = probe["neuron"]
    assert n["z"] == pytest.approx(neuron["z"], abs=1e-15)
    assert n["output"] == pytest.approx(neuron["output"], abs=1e-15)
    assert n["terms"] == pytest.approx(neuron["terms"], abs=1e-15)
    assert n["derivative"] == pytest.approx(neuron["derivative"], abs=1e-15)
    assert n["inputs"] == fwd["features"][0] and n["activation"] == "tanh"
    # gradients: /api/gradients on the training points
    grads = client.post("/api/gradients", json={
        "network": net, "inputs": train["points"], "labels": train["labels"], "task": "classification",
    }).json()
    assert got["gradients"] == grads
    assert test["points"], "the dataset has test points, so the metrics are test metrics"


def test_evaluate_answers_every_part_of_the_frame(client, strict_json):
    r = client.post("/api/evaluate", json=frame_body())
    assert r.status_code == 200, r.text
    got = strict_json(r)
    assert got["task"] == "classification" and got["loss"] == "bce"
    check_frame(client, NET, got)


def test_train_answers_the_same_frame_for_the_trained_network(client, strict_json):
    body = frame_body(epochs=3, optimizer={"name": "adam", "learning_rate": 0.05}, batch_size=10)
    r = client.post("/api/train", json=body)
    assert r.status_code == 200, r.text
    got = strict_json(r)
    assert got["network"] != NET
    check_frame(client, got["network"], got)


def test_parts_are_only_computed_when_asked(client):
    got = client.post("/api/evaluate", json={"network": NET, "data": DATA}).json()
    assert got["metrics"] is not None
    assert got["surface"] is None and got["probe"] is None and got["gradients"] is None
    got = client.post("/api/evaluate", json={"network": NET, "data": DATA, "probe": {"point": [1, 1]}}).json()
    assert got["probe"]["neuron"] is None and len(got["probe"]["curve"]["x"]) == 121


def test_softmax_output_neuron_has_no_derivative(client):
    net = client.post("/api/networks", json={
        "layer_sizes": [2, 3, 3], "activation": "tanh", "output_activation": "softmax", "seed": 1,
        "features": ["x1", "x2"],
    }).json()
    probe = {"point": [0, 0], "neuron": {"layer": 1, "index": 2}}
    body = {"network": net, "data": {"dataset": {"name": "blobs3"}}, "probe": probe}
    got = client.post("/api/evaluate", json=body).json()
    n = got["probe"]["neuron"]
    assert n["derivative"] is None and n["activation"] == "softmax"
    assert sum(got["probe"]["outputs"]) == pytest.approx(1.0)
    assert len(got["confusion_matrix"]) == 3


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"probe": {"point": [0, 0], "neuron": {"layer": 2, "index": 0}}}, ["body", "probe", "neuron", "layer"]),
        ({"probe": {"point": [0, 0], "neuron": {"layer": 0, "index": 3}}}, ["body", "probe", "neuron", "index"]),
        ({"probe": {"point": [0, 0], "neuron": {"layer": -1, "index": 0}}}, ["body", "probe", "neuron", "layer"]),
        ({"probe": {"point": [0, 0], "range": [2, 1]}}, ["body", "probe", "range"]),
        ({"probe": {"point": [0, 0], "points": 5000}}, ["body", "probe", "points"]),
        ({"probe": {"point": [0, 0], "points": True}}, ["body", "probe", "points"]),
        ({"probe": {"point": [0]}}, ["body", "probe", "point"]),
        ({"probe": {"point": [0, "NaN"]}}, ["body", "probe", "point", 1]),
        ({"probe": {"point": [0, 1], "axis": 2}}, ["body", "probe", "axis"]),
        ({"gradients": 1}, ["body", "gradients"]),
        ({"surface": {"resolution": 1}}, ["body", "surface", "resolution"]),
        ({"data": {}}, ["body", "data"]),
        ({"epochs": 3}, ["body", "epochs"]),
    ],
)
def test_bad_frames_get_a_422_naming_the_field(client, change, loc):
    body = {"network": NET, "data": DATA, **change}
    r = client.post("/api/evaluate", json=body)
    assert r.status_code == 422, r.text
    locs = [e["loc"][: len(loc)] for e in r.json()["detail"]]
    assert loc in locs, r.json()


def test_probe_of_a_network_without_2d_inputs_is_refused_before_training(client):
    net = {"layers": [{"activation": "sigmoid", "weights": [[0.5, 0.3, 0.2]], "biases": [-0.4]}]}
    body = {"network": net, "data": {"dataset": {"name": "tumour"}}, "probe": {"point": [0, 0]}}
    for path, extra in (("/api/evaluate", {}), ("/api/train", {"epochs": 5})):
        r = client.post(path, json={**body, **extra})
        assert r.status_code == 422, r.text
        assert r.json()["detail"][0]["loc"] == ["body", "probe"]


def test_openapi_documents_evaluate_with_an_example(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/evaluate"]["post"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    name = schema["$ref"].rsplit("/", 1)[1]
    assert spec["components"]["schemas"][name]["examples"][0]["probe"]["neuron"] == {"layer": 0, "index": 0}
    example = spec["components"]["schemas"][name]["examples"][0]
    assert client.post("/api/evaluate", json=example).status_code == 200
    out = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    props = set(spec["components"]["schemas"][out]["properties"])
    assert {"metrics", "surface", "probe", "gradients", "confusion_matrix"} <= props
