"""POST /api/networks, /api/forward, /api/surface (every encoding), /api/gradients."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from app.nn import activations, init, training
from app.nn.network import Network

ELEMENTWISE = [n for n in activations.NAMES if n != "softmax"]
FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def random_net(seed: int, features: bool = True) -> dict:
    rng = np.random.default_rng(seed)
    feats = list(rng.permutation(FEATURES)[: rng.integers(1, 8)]) if features else None
    width = len(feats) if feats else 2
    layers = []
    depth = int(rng.integers(2, 4))
    for k in range(depth):
        last = k == depth - 1
        act = "softmax" if last and seed % 2 else ELEMENTWISE[(seed + k) % len(ELEMENTWISE)]
        out = 3 if act == "softmax" else int(rng.integers(1, 5))
        layers.append({"activation": act, "weights": rng.normal(0, 1, (out, width)).tolist(),
                       "biases": rng.normal(0, 0.3, out).tolist()})
        width = out
    return {"features": feats, "layers": layers}


def engine(net: dict) -> Network:
    return Network.from_dict(net)


# -- /api/networks -------------------------------------------------------------------------------
def test_networks_seeded_and_shaped(client):
    spec = {"layer_sizes": [2, 4, 3, 1], "activation": "relu", "output_activation": "sigmoid",
            "init": "he", "seed": 11, "features": ["x1", "x2"]}
    a = client.post("/api/networks", json=spec)
    assert a.status_code == 200, a.text
    net = a.json()
    assert net == client.post("/api/networks", json=spec).json()
    assert net != client.post("/api/networks", json={**spec, "seed": 12}).json()
    assert net["features"] == ["x1", "x2"]
    assert [lyr["activation"] for lyr in net["layers"]] == ["relu", "relu", "sigmoid"]
    assert [(len(lyr["weights"]), len(lyr["weights"][0])) for lyr in net["layers"]] == [(4, 2), (3, 4), (1, 3)]
    assert all(lyr["biases"] == [0.0] * len(lyr["weights"]) for lyr in net["layers"])
    want = init.build([2, 4, 3, 1], ["relu", "relu", "sigmoid"], "he", 11, ["x1", "x2"]).to_dict()
    assert net == want


def test_networks_defaults_and_overrides(client):
    net = client.post("/api/networks", json={"layer_sizes": [2, 4, 1]}).json()
    assert [lyr["activation"] for lyr in net["layers"]] == ["tanh", "sigmoid"]
    assert net["features"] is None
    net = client.post("/api/networks", json={"layer_sizes": [3, 5, 5, 4], "activations": ["gelu", "elu", "softmax"],
                                             "init": "zeros"}).json()
    assert [lyr["activation"] for lyr in net["layers"]] == ["gelu", "elu", "softmax"]
    assert all(v == 0 for lyr in net["layers"] for row in lyr["weights"] for v in row)
    net = client.post("/api/networks", json={"layer_sizes": [7, 2], "features": FEATURES, "init": "uniform"}).json()
    assert net["features"] == FEATURES
    assert all(-0.5 <= v <= 0.5 for row in net["layers"][0]["weights"] for v in row)


def test_created_network_is_accepted_everywhere(client):
    net = client.post("/api/networks", json={"layer_sizes": [3, 4, 1], "features": ["x1", "x2", "x1*x2"]}).json()
    assert client.post("/api/forward", json={"network": net, "inputs": [[1.0, 2.0]]}).status_code == 200
    assert client.post("/api/surface", json={"network": net, "resolution": 5}).status_code == 200
    assert client.post("/api/export/numpy", json={"network": net}).status_code == 200


# -- /api/forward ------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(8))
def test_forward_matches_the_engine(client, seed, strict_json):
    net = random_net(seed, features=seed % 2 == 0)
    x = np.random.default_rng(seed).uniform(-6, 6, (25, 2))
    r = client.post("/api/forward", json={"network": net, "inputs": x.tolist()})
    assert r.status_code == 200, r.text
    body = strict_json(r)
    eng = engine(net)
    feats, trace = eng.trace(x)
    assert body["outputs"] == eng.forward(x).tolist()
    assert len(body["layers"]) == len(net["layers"])
    for got, (z, a) in zip(body["layers"], trace, strict=True):
        assert got["z"] == z.tolist() and got["a"] == a.tolist()
    if net["features"]:
        assert body["features"] == feats.tolist()
    else:
        assert body["features"] is None


def test_forward_without_trace(client):
    net = random_net(1)
    body = client.post("/api/forward", json={"network": net, "inputs": [[0.5, -1.0]], "trace": False}).json()
    assert body["layers"] == []
    assert body["outputs"] == engine(net).forward(np.array([[0.5, -1.0]])).tolist()


def test_forward_softmax_rows_sum_to_one(client):
    net = random_net(3)
    assert net["layers"][-1]["activation"] == "softmax"
    out = client.post("/api/forward", json={"network": net, "inputs": [[1.0, 2.0], [-3.0, 0.1]]}).json()["outputs"]
    for row in out:
        assert len(row) == 3 and sum(row) == pytest.approx(1.0)


# -- /api/surface ------------------------------------------------------------------------------------
def decode(grid: dict) -> np.ndarray:
    rows, cols = grid["shape"]
    if grid["encoding"] == "json":
        return np.array(grid["data"], dtype=np.float64)
    raw = base64.b64decode(grid["data"])
    if grid["encoding"] == "float32":
        return np.frombuffer(raw, dtype="<f4").reshape(rows, cols)
    q = np.frombuffer(raw, dtype=np.uint8).reshape(rows, cols).astype(np.float64)
    return grid["min"] + (grid["max"] - grid["min"]) * q / 255


def check_grid(grid: dict, want: np.ndarray, encoding: str) -> None:
    """json grids are exact float64; float32 and uint8 grids (for display) are computed in float32."""
    got = decode(grid)
    assert grid["encoding"] == encoding and grid["shape"] == list(want.shape) and got.shape == want.shape
    f32 = 1e-6 * max(1.0, abs(want).max())  # float32 arithmetic through a few layers
    if encoding == "json":
        assert grid["min"] == want.min() and grid["max"] == want.max()
        np.testing.assert_array_equal(got, want)
        return
    assert abs(grid["min"] - want.min()) <= f32 and abs(grid["max"] - want.max()) <= f32
    if encoding == "float32":
        np.testing.assert_allclose(got, want, rtol=0, atol=f32)
    else:
        step = (want.max() - want.min()) / 255
        assert np.all(np.abs(got - want) <= step / 2 + 2 * f32)


@pytest.mark.parametrize("encoding", ["float32", "uint8", "json"])
@pytest.mark.parametrize(("res", "nres"), [(30, 12), (16, 16)])
def test_surface_decodes_to_the_forward_pass(client, encoding, res, nres, strict_json):
    net = random_net(5 if res == 30 else 4)
    spec = {"x_range": [-6.0, 5.0], "y_range": [-4.0, 6.0], "resolution": res, "neurons": True,
            "neuron_resolution": nres, "encoding": encoding}
    r = client.post("/api/surface", json={"network": net, **spec})
    assert r.status_code == 200, r.text
    s = strict_json(r)
    np.testing.assert_array_equal(s["x"], np.linspace(-6, 5, res))
    np.testing.assert_array_equal(s["y"], np.linspace(-4, 6, res))
    # the output grids: row r is y[r], column c is x[c]; compare with /api/forward on the same points
    pts = [[x, y] for y in s["y"] for x in s["x"]]
    fw = client.post("/api/forward", json={"network": net, "inputs": pts, "trace": False}).json()
    out = np.array(fw["outputs"])
    assert len(s["outputs"]) == out.shape[1]
    for k, grid in enumerate(s["outputs"]):
        check_grid(grid, out[:, k].reshape(res, res), encoding)
    # every feature's and neuron's grid at neuron_resolution, against the traced forward pass
    nx, ny = np.linspace(-6, 5, nres), np.linspace(-4, 6, nres)
    npts = [[x, y] for y in ny for x in nx]
    tr = client.post("/api/forward", json={"network": net, "inputs": npts}).json()
    feats = np.array(tr["features"])
    assert len(s["features"]) == len(net["features"])
    for i, grid in enumerate(s["features"]):
        check_grid(grid, feats[:, i].reshape(nres, nres), encoding)
    assert len(s["neurons"]) == len(net["layers"])
    for layer, traced in zip(s["neurons"], tr["layers"], strict=True):
        a = np.array(traced["a"])
        assert len(layer) == a.shape[1]
        for j, grid in enumerate(layer):
            check_grid(grid, a[:, j].reshape(nres, nres), encoding)


def test_surface_orientation_on_a_known_network(client):
    net = {"layers": [{"activation": "linear", "weights": [[1.0, 0.0], [0.0, 1.0]], "biases": [0.0, 0.0]}]}
    s = client.post("/api/surface", json={"network": net, "resolution": 4, "neurons": False,
                                          "x_range": [0, 3], "y_range": [10, 13], "encoding": "json"}).json()
    assert s["outputs"][0]["data"] == [[0, 1, 2, 3]] * 4  # output 0 = x1: constant down a column
    assert s["outputs"][1]["data"] == [[10] * 4, [11] * 4, [12] * 4, [13] * 4]  # row r is y[r], bottom first
    assert s["neurons"] is None and s["features"] is None


def test_surface_defaults_are_compact(client):
    net = random_net(2)
    r = client.post("/api/surface", json={"network": net})
    s = r.json()
    assert len(s["x"]) == 100 and s["outputs"][0]["encoding"] == "float32"
    assert s["outputs"][0]["shape"] == [100, 100]
    assert s["neurons"][0][0]["shape"] == [24, 24]
    assert s["x"][0] == -6 and s["x"][-1] == 6
    assert isinstance(s["outputs"][0]["data"], str)
    assert len(r.content) < 200_000  # 10 000 floats as JSON would be ~200 kB on their own


def test_surface_of_a_constant_grid_in_uint8(client):
    net = {"layers": [{"activation": "linear", "weights": [[0.0, 0.0]], "biases": [0.7]}]}
    g = client.post("/api/surface", json={"network": net, "resolution": 3, "encoding": "uint8"}).json()["outputs"][0]
    assert g["min"] == g["max"] == float(np.float32(0.7))  # a display grid: float32
    np.testing.assert_array_equal(decode(g), np.full((3, 3), np.float32(0.7)))


# -- /api/gradients --------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(4))
def test_gradients_match_the_engine_and_finite_differences(client, seed):
    net = random_net(seed)
    out_act = net["layers"][-1]["activation"]
    if out_act != "softmax":  # one output neuron: regression
        last = net["layers"][-1]
        net["layers"][-1] = {**last, "weights": last["weights"][:1], "biases": last["biases"][:1]}
    eng = engine(net)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, (10, 2))
    if out_act == "softmax":
        labels, task = rng.integers(0, 3, 10).astype(float).tolist(), "classification"
    else:
        labels, task = rng.normal(size=10).tolist(), "regression"
    r = client.post("/api/gradients", json={"network": net, "inputs": x.tolist(), "labels": labels, "task": task})
    assert r.status_code == 200, r.text
    body = r.json()
    loss = "cross_entropy" if out_act == "softmax" else "mse"
    assert body["loss_name"] == loss
    y = training.encode_targets(np.array(labels), task, eng.n_outputs, out_act)
    value, grad = training.gradients(eng, eng.prepare(x), y, loss)
    assert body["loss"] == value
    flat = np.concatenate([np.r_[np.ravel(lyr["weights"]), lyr["biases"]] for lyr in body["layers"]])
    np.testing.assert_array_equal(flat, grad)
    # central differences of the API's own loss, for the first weight of every layer
    h = 1e-6
    for li, lyr in enumerate(net["layers"]):
        vals = []
        for sign in (1, -1):
            moved = {**net, "layers": [dict(layer) for layer in net["layers"]]}
            w = [row[:] for row in lyr["weights"]]
            w[0][0] += sign * h
            moved["layers"][li]["weights"] = w
            vals.append(client.post("/api/gradients", json={"network": moved, "inputs": x.tolist(),
                                                           "labels": labels, "task": task}).json()["loss"])
        fd = (vals[0] - vals[1]) / (2 * h)
        g = body["layers"][li]["weights"][0][0]
        assert abs(g - fd) <= 1e-6 * max(abs(g), abs(fd), 1e-4)


def test_gradients_bce_default_and_explicit_mse(client):
    net = {"layers": [{"activation": "sigmoid", "weights": [[0.5, -0.5]], "biases": [0.1]}]}
    body = {"network": net, "inputs": [[1.0, 2.0], [0.0, -1.0]], "labels": [1, 0]}
    assert client.post("/api/gradients", json=body).json()["loss_name"] == "bce"
    assert client.post("/api/gradients", json={**body, "loss": "mse"}).json()["loss_name"] == "mse"
    r = client.post("/api/gradients", json={**body, "loss": "cross_entropy"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "loss"]
    assert "softmax" in r.json()["detail"][0]["msg"]
