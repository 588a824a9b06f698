"""Every endpoint's bad inputs → 4xx with FastAPI's ``detail`` shape, the field's ``loc`` and a
useful message: wrong shapes (naming the layer), ragged arrays, NaN / Infinity, booleans as numbers,
sizes over every limit, unknown names (listing the known ones), malformed JSON, bodies over 1 MiB,
values that overflow. Never a 500, never NaN in a body."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from app.nn import activations, datasets, init, losses, optimizers
from app.nn import features as feature_mod

TANH_NET = {"features": ["x1", "x2"],
            "layers": [{"activation": "tanh", "weights": [[0.1, -0.3], [0.2, 0.5]], "biases": [0.0, 0.1]},
                       {"activation": "sigmoid", "weights": [[0.7, -1.2]], "biases": [0.05]}]}
XOR = {"dataset": {"name": "xor", "n": 50}}


def layer(act="tanh", rows=2, cols=2, value=0.1):
    return {"activation": act, "weights": [[value] * cols for _ in range(rows)], "biases": [0.0] * rows}


def net_with(**changes) -> dict:
    return json.loads(json.dumps({**TANH_NET, **changes}))


def expect(r, loc: list, *words: str, status: int = 422) -> dict:
    """The answer is ``status`` with a detail whose loc starts with ``loc`` and whose msg has every word."""
    assert r.status_code == status, (r.status_code, r.text[:500])
    body = json.loads(r.text, parse_constant=lambda c: pytest.fail(f"{c} in an error body"))
    detail = body["detail"]
    assert isinstance(detail, list) and detail
    for d in detail:
        assert set(d) >= {"loc", "msg", "type"}
    hits = [d for d in detail if d["loc"][: len(loc)] == loc]
    assert hits, f"no detail at {loc}: {detail}"
    text = " ".join(d["msg"] for d in hits).lower()
    for w in words:
        assert w.lower() in text, f"{w!r} not in {text!r}"
    assert len(r.text) < 20_000  # errors never echo a big input back
    return body


def post_raw(client, path, text):
    return client.post(path, content=text.encode(), headers={"content-type": "application/json"})


# -- malformed bodies, on every POST endpoint ------------------------------------------------------
POSTS = ["/api/neuron", "/api/softmax", "/api/forward", "/api/surface", "/api/gradients", "/api/networks",
         "/api/train", "/api/export/numpy"]


@pytest.mark.parametrize("path", POSTS)
def test_malformed_json(client, path):
    expect(post_raw(client, path, '{"network": {"layers": [1, 2'), ["body"], "json")


@pytest.mark.parametrize("path", [*POSTS, "/api/quiz/neuron/check"])
def test_bytes_that_are_not_utf8(client, path):
    r = client.post(path, content=b"\x80\xfe{", headers={"content-type": "application/json"})
    expect(r, ["body"], "json")


@pytest.mark.parametrize("path", POSTS)
def test_not_an_object(client, path):
    for text in ("[1, 2, 3]", "42", '"text"', "null"):
        r = post_raw(client, path, text)
        assert r.status_code == 422, (text, r.text)


@pytest.mark.parametrize("path", POSTS)
def test_unknown_fields_are_refused(client, path):
    expect(client.post(path, json={"surprise": 1}), ["body", "surprise"], "extra")


@pytest.mark.parametrize("path", POSTS)
def test_body_over_one_mib_is_refused(client, path):
    big = '{"pad": "' + "x" * (1 << 20) + '"}'
    expect(post_raw(client, path, big), ["body"], "larger than the limit", status=413)


def test_chunked_body_over_one_mib_is_refused(client):
    def chunks():
        yield b'{"inputs": ['
        for _ in range(200):
            yield b"0.1," * 2000
        yield b"0.1]}"

    r = client.post("/api/softmax", content=chunks(), headers={"content-type": "application/json"})
    expect(r, ["body"], "larger than the limit", status=413)


# -- NaN, Infinity, booleans, strings where numbers belong ------------------------------------------
@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize(("path", "template", "loc"), [
    ("/api/neuron", '{"inputs": [%s, 1], "weights": [1, 1], "bias": 0}', ["body", "inputs", 0]),
    ("/api/neuron", '{"inputs": [1], "weights": [1], "bias": %s}', ["body", "bias"]),
    ("/api/softmax", '{"logits": [1, %s]}', ["body", "logits", 1]),
    ("/api/forward", '{"network": {"layers": [{"activation": "tanh", "weights": [[1, %s]], "biases": [0]}]},'
                     ' "inputs": [[1, 2]]}', ["body", "network", "layers", 0, "weights", 0, 1]),
    ("/api/forward", '{"network": {"layers": [{"activation": "tanh", "weights": [[1, 2]], "biases": [%s]}]},'
                     ' "inputs": [[1, 2]]}', ["body", "network", "layers", 0, "biases", 0]),
    ("/api/forward", '{"network": {"layers": [{"activation": "tanh", "weights": [[1, 2]], "biases": [0]}]},'
                     ' "inputs": [[1, 2], [3, %s]]}', ["body", "inputs", 1, 1]),
    ("/api/surface", '{"network": {"layers": [{"activation": "tanh", "weights": [[1, 2]], "biases": [0]}]},'
                     ' "x_range": [%s, 1]}', ["body", "x_range", 0]),
    ("/api/gradients", '{"network": {"layers": [{"activation": "linear", "weights": [[1, 2]], "biases": [0]}]},'
                       ' "inputs": [[1, 2]], "labels": [%s], "task": "regression"}', ["body", "labels", 0]),
    ("/api/train", '{"network": {"layers": [{"activation": "linear", "weights": [[1, 2]], "biases": [0]}]},'
                   ' "data": {"train": {"points": [[1, 2]], "labels": [%s]}}}', ["body", "data", "train", "labels", 0]),
    ("/api/train", '{"network": {"layers": [{"activation": "linear", "weights": [[1, 2]], "biases": [0]}]},'
                   ' "data": {"dataset": {"name": "xor"}}, "optimizer": {"learning_rate": %s}}',
     ["body", "optimizer", "learning_rate"]),
    ("/api/train", '{"network": {"layers": [{"activation": "linear", "weights": [[1, 2]], "biases": [0]}]},'
                   ' "data": {"dataset": {"name": "xor", "noise": %s}}}', ["body", "data", "dataset", "noise"]),
    ("/api/export/numpy", '{"network": {"layers": [{"activation": "tanh", "weights": [[%s]], "biases": [0]}]}}',
     ["body", "network", "layers", 0, "weights", 0, 0]),
])
def test_non_finite_numbers_are_refused(client, path, template, loc, constant):
    expect(post_raw(client, path, template % constant), loc, "finite")


@pytest.mark.parametrize("value", [True, False, "1.0", None, [1.0], {"v": 1}])
def test_booleans_strings_and_others_are_not_numbers(client, value):
    expect(client.post("/api/neuron", json={"inputs": [value, 1.0], "weights": [1, 1], "bias": 0}),
           ["body", "inputs", 0], "number")
    expect(client.post("/api/neuron", json={"inputs": [1.0], "weights": [1.0], "bias": value}), ["body", "bias"])
    bad = net_with()
    bad["layers"][0]["biases"][1] = value
    expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
           ["body", "network", "layers", 0, "biases", 1])


@pytest.mark.parametrize(("field", "value"), [
    ("epochs", True), ("batch_size", True), ("seed", False), ("epoch", True), ("epochs", 1.5), ("seed", "3"),
])
def test_booleans_are_not_integers_either(client, field, value):
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, field: value}), ["body", field])


def test_booleans_in_sizes(client):
    expect(client.post("/api/networks", json={"layer_sizes": [2, True]}), ["body", "layer_sizes", 1])
    expect(client.post("/api/surface", json={"network": TANH_NET, "resolution": True}), ["body", "resolution"])


def test_numbers_past_the_magnitude_limit(client):
    expect(client.post("/api/neuron", json={"inputs": [1e7], "weights": [1.0], "bias": 0}),
           ["body", "inputs", 0], "less than or equal")
    expect(client.post("/api/neuron", json={"inputs": [1.0], "weights": [1.0], "bias": -1e300}),
           ["body", "bias"], "greater than or equal")


# -- shapes ------------------------------------------------------------------------------------------
def test_weights_columns_must_match_the_previous_layer(client):
    bad = net_with(features=None, layers=[layer(rows=3, cols=2), layer(rows=2, cols=3), layer(rows=1, cols=4)])
    body = expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
                  ["body", "network", "layers", 2, "weights"], "layer 2", "4 columns", "layer 1 has 2 neurons")
    assert len(body["detail"]) == 1


def test_biases_must_match_the_rows(client):
    bad = net_with()
    bad["layers"][1]["biases"] = [0.0, 0.0]
    expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
           ["body", "network", "layers", 1, "biases"], "1 neurons", "2 biases")


def test_ragged_weights(client):
    bad = net_with()
    bad["layers"][0]["weights"] = [[0.1, 0.2], [0.3]]
    expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
           ["body", "network", "layers", 0, "weights", 1], "ragged", "row 1")


def test_ragged_inputs(client):
    expect(client.post("/api/forward", json={"network": TANH_NET, "inputs": [[1, 2], [1, 2, 3]]}),
           ["body", "inputs", 1], "row 1", "3 values")


def test_input_width(client):
    plain = net_with(features=None)
    expect(client.post("/api/forward", json={"network": plain, "inputs": [[1, 2, 3]]}),
           ["body", "inputs", 0], "3 values", "2 values")
    expect(client.post("/api/gradients", json={"network": plain, "inputs": [[1.0]], "labels": [1]}),
           ["body", "inputs", 0], "1 values")


def test_features_must_fit_layer_zero(client):
    bad = net_with(features=["x1", "x2", "x1*x2"])
    expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
           ["body", "network", "layers", 0, "weights"], "layer 0", "3 features")


def test_features_must_not_repeat(client):
    bad = net_with(features=["x1", "x1"])
    expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
           ["body", "network", "features"], "repeat")
    expect(client.post("/api/networks", json={"layer_sizes": [2, 1], "features": ["x2", "x2"]}),
           ["body", "features"], "repeat")


def test_softmax_only_on_the_output_layer(client):
    bad = net_with()
    bad["layers"][0]["activation"] = "softmax"
    expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
           ["body", "network", "layers", 0, "activation"], "softmax", "output layer")
    expect(client.post("/api/networks", json={"layer_sizes": [2, 3, 2], "activations": ["softmax", "softmax"]}),
           ["body", "activations"], "softmax")


def test_empty_things(client):
    expect(client.post("/api/forward", json={"network": {"layers": []}, "inputs": [[1, 2]]}),
           ["body", "network", "layers"], "at least 1")
    expect(client.post("/api/forward", json={"network": TANH_NET, "inputs": []}), ["body", "inputs"], "at least 1")
    expect(client.post("/api/forward", json={"network": TANH_NET, "inputs": [[]]}), ["body", "inputs", 0])
    expect(client.post("/api/softmax", json={"logits": []}), ["body", "logits"], "at least 1")
    bad = net_with()
    bad["layers"][0]["weights"] = [[], []]
    expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
           ["body", "network", "layers", 0, "weights", 0])


def test_missing_fields(client):
    expect(client.post("/api/forward", json={"inputs": [[1, 2]]}), ["body", "network"], "required")
    expect(client.post("/api/neuron", json={"inputs": [1.0], "weights": [1.0]}), ["body", "bias"], "required")
    expect(client.post("/api/train", json={"network": TANH_NET}), ["body", "data"], "required")


def test_neuron_lengths(client):
    expect(client.post("/api/neuron", json={"inputs": [1.0, 2.0], "weights": [1.0], "bias": 0}),
           ["body", "weights"], "2 inputs", "1 weights")


def test_surface_needs_two_raw_inputs(client):
    three = {"layers": [layer(rows=1, cols=3)]}
    expect(client.post("/api/surface", json={"network": three}), ["body", "network", "layers", 0], "2-D points")


def test_surface_ranges(client):
    def surface(**spec):
        return client.post("/api/surface", json={"network": TANH_NET, **spec})

    expect(surface(x_range=[1, 1]), ["body", "x_range"], "min < max")
    expect(surface(y_range=[2, -2]), ["body", "y_range"], "min < max")
    expect(surface(x_range=[0, 1, 2]), ["body", "x_range"], "at most 2")
    expect(client.post("/api/surface", json={"network": TANH_NET, "encoding": "png"}), ["body", "encoding"],
           "float32", "uint8", "json")


def test_gradients_labels(client):
    expect(client.post("/api/gradients", json={"network": TANH_NET, "inputs": [[1, 2], [3, 4]], "labels": [1]}),
           ["body", "labels"], "2 input rows", "1 labels")
    expect(client.post("/api/gradients", json={"network": TANH_NET, "inputs": [[1, 2]], "labels": [2]}),
           ["body", "labels"], "class 2", "softmax")


# -- sizes past every limit ----------------------------------------------------------------------------
def test_too_many_layers(client):
    deep = {"layers": [layer() for _ in range(11)]}
    expect(client.post("/api/forward", json={"network": deep, "inputs": [[1, 2]]}),
           ["body", "network", "layers"], "at most 10")
    expect(client.post("/api/networks", json={"layer_sizes": [2] * 12}), ["body", "layer_sizes"], "at most 11")
    expect(client.post("/api/networks", json={"layer_sizes": [2, 2], "activations": ["tanh"] * 11}),
           ["body", "activations"], "at most 10")


def test_too_many_units(client):
    wide = {"layers": [layer(rows=65, cols=2), layer(rows=1, cols=65)]}
    expect(client.post("/api/forward", json={"network": wide, "inputs": [[1, 2]]}),
           ["body", "network", "layers", 0, "weights"], "at most 64")
    expect(client.post("/api/networks", json={"layer_sizes": [2, 65, 1]}), ["body", "layer_sizes", 1],
           "less than or equal to 64")
    expect(client.post("/api/softmax", json={"logits": [0.0] * 65}), ["body", "logits"], "at most 64")
    expect(client.post("/api/neuron", json={"inputs": [0.0] * 65, "weights": [0.0] * 65, "bias": 0}),
           ["body", "inputs"], "at most 64")


def test_too_many_rows(client):
    rows = [[0, 0]] * 10_001
    expect(client.post("/api/forward", json={"network": TANH_NET, "inputs": rows}), ["body", "inputs"], "at most 10000")
    expect(client.post("/api/train", json={"network": TANH_NET, "data": {"train": {"points": rows,
                                                                                    "labels": [0] * 10_001}}}),
           ["body", "data", "train", "points"], "at most 10000")


def test_too_fine_grids(client):
    expect(client.post("/api/surface", json={"network": TANH_NET, "resolution": 201}), ["body", "resolution"], "200")
    expect(client.post("/api/surface", json={"network": TANH_NET, "neuron_resolution": 201}),
           ["body", "neuron_resolution"], "200")
    expect(client.post("/api/surface", json={"network": TANH_NET, "resolution": 1}), ["body", "resolution"], "2")
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "surface": {"resolution": 500}}),
           ["body", "surface", "resolution"], "200")


def test_too_many_epochs_points_and_curve_points(client):
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "epochs": 1001}), ["body", "epochs"],
           "1000")
    expect(client.post("/api/train", json={"network": TANH_NET, "data": {"dataset": {"name": "xor", "n": 5001}}}),
           ["body", "data", "dataset", "n"], "5000")
    expect(client.get("/api/datasets/xor", params={"n": 5001}), ["query", "n"], "5000")
    expect(client.get("/api/activations/tanh", params={"num": 2002}), ["query", "num"], "2001")
    expect(client.get("/api/activations/tanh", params={"num": 1}), ["query", "num"], "2")


def test_training_settings_out_of_range(client):
    for opt, field in (({"learning_rate": 0}, "learning_rate"), ({"learning_rate": 11}, "learning_rate"),
                       ({"momentum": 1.5}, "momentum"), ({"beta2": 1.0}, "beta2")):
        expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "optimizer": opt}),
               ["body", "optimizer", field])
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "batch_size": 0}), ["body", "batch_size"])
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR,
                                           "regularization": {"kind": "l2", "rate": -1}}),
           ["body", "regularization", "rate"])
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "seed": 2**32}), ["body", "seed"])


# -- unknown names list the known ones -------------------------------------------------------------------
def test_unknown_names_list_the_known_ones(client):
    bad = net_with()
    bad["layers"][0]["activation"] = "tanhh"
    expect(client.post("/api/forward", json={"network": bad, "inputs": [[1, 2]]}),
           ["body", "network", "layers", 0, "activation"], *activations.NAMES)
    expect(client.post("/api/forward", json={"network": net_with(features=["x1", "x3"]), "inputs": [[1, 2]]}),
           ["body", "network", "features", 1], *feature_mod.NAMES)
    expect(client.post("/api/networks", json={"layer_sizes": [2, 1], "init": "glorot_magic"}), ["body", "init"],
           *init.SCHEMES)
    expect(client.post("/api/networks", json={"layer_sizes": [2, 1], "activation": "swishy"}),
           ["body", "activation"], *activations.NAMES)
    expect(client.post("/api/train", json={"network": TANH_NET, "data": {"dataset": {"name": "moons"}}}),
           ["body", "data", "dataset", "name"], *datasets.NAMES)
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "loss": "hinge"}), ["body", "loss"],
           *losses.NAMES)
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "optimizer": {"name": "rmsprop"}}),
           ["body", "optimizer", "name"], *optimizers.NAMES)
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR,
                                           "regularization": {"kind": "dropout"}}),
           ["body", "regularization", "kind"], "none", "l1", "l2")
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "task": "ranking"}), ["body", "task"],
           "classification", "regression")


@pytest.mark.parametrize(("path", "names"), [("/api/activations/tanhh", activations.NAMES),
                                             ("/api/datasets/moons", datasets.NAMES)])
def test_unknown_names_in_paths(client, path, names):
    r = client.get(path)
    assert r.status_code in (404, 422), r.text
    expect(r, ["path", "name"], *names, status=r.status_code)


def test_curve_range(client):
    expect(client.get("/api/activations/tanh", params={"start": 2, "stop": 1}), ["query", "stop"], "greater")
    expect(client.get("/api/activations/tanh", params={"start": "nan"}), ["query", "start"])
    expect(client.get("/api/activations/tanh", params={"stop": "inf"}), ["query", "stop"])
    expect(client.get("/api/activations/tanh", params={"start": -1001}), ["query", "start"])


# -- train: data, targets, losses --------------------------------------------------------------------------
def test_train_data_shapes(client):
    expect(client.post("/api/train", json={"network": TANH_NET, "data": {}}), ["body", "data"], "either")
    both = {"dataset": {"name": "xor"}, "train": {"points": [[1, 2]], "labels": [1]}}
    expect(client.post("/api/train", json={"network": TANH_NET, "data": both}), ["body", "data"], "not both")
    expect(client.post("/api/train", json={"network": TANH_NET, "data": {"dataset": {"name": "xor"},
                                                                         "test": {"points": [[1, 2]], "labels": [1]}}}),
           ["body", "data"], "test")
    expect(client.post("/api/train", json={"network": TANH_NET,
                                           "data": {"train": {"points": [[1, 2], [3]], "labels": [0, 1]}}}),
           ["body", "data", "train", "points", 1], "ragged")
    expect(client.post("/api/train", json={"network": TANH_NET,
                                           "data": {"train": {"points": [[1, 2], [3, 4]], "labels": [0]}}}),
           ["body", "data", "train", "labels"], "2 points", "1 labels")
    expect(client.post("/api/train", json={"network": TANH_NET,
                                           "data": {"train": {"points": [[1, 2, 3]], "labels": [0]}}}),
           ["body", "data", "train"], "2-d points")
    expect(client.post("/api/train", json={"network": TANH_NET, "data": {"dataset": {"name": "tumour"}}}),
           ["body", "data", "dataset"], "3 values")


def test_train_labels_must_fit_the_outputs(client):
    expect(client.post("/api/train", json={"network": TANH_NET, "data": {"dataset": {"name": "blobs3"}}}),
           ["body", "data", "labels"], "class 2", "1 output")
    expect(client.post("/api/train", json={"network": TANH_NET,
                                           "data": {"train": {"points": [[1, 2]], "labels": [0.5]}},
                                           "task": "classification"}),
           ["body", "data", "labels"], "class numbers")
    two = net_with()
    two["layers"][1] = layer("linear", rows=2, cols=2)
    expect(client.post("/api/train", json={"network": two, "data": {"dataset": {"name": "plane"}}}),
           ["body", "data", "labels"], "regression", "1 output")


def test_train_loss_must_fit_the_output(client):
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "loss": "cross_entropy"}),
           ["body", "loss"], "softmax")
    tanh_out = net_with()
    tanh_out["layers"][1]["activation"] = "tanh"
    expect(client.post("/api/train", json={"network": tanh_out, "data": XOR, "loss": "bce"}), ["body", "loss"],
           "sigmoid")


def test_optimizer_state_garbage(client):
    state = {"name": "adam", "step": 3, "slots": {"m": [{"weights": [[0.0]], "biases": [0.0]}]}}
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "optimizer_state": state}),
           ["body", "optimizer_state", "slots"])
    state = {"name": "adam", "step": -1, "slots": {}}
    expect(client.post("/api/train", json={"network": TANH_NET, "data": XOR, "optimizer_state": state}),
           ["body", "optimizer_state", "step"])
    r = post_raw(client, "/api/train", json.dumps({"network": TANH_NET, "data": XOR}).replace(
        '"data"', '"optimizer_state": {"name": "sgd", "step": 0, "slots": {"v": [{"weights": [[NaN]], '
                  '"biases": []}]}}, "data"'))
    expect(r, ["body", "optimizer_state", "slots", "v", 0, "weights", 0, 0], "finite")


# -- overflow: big weights through many linear layers ------------------------------------------------------
BIG = {"layers": [{"activation": "linear", "weights": [[1e6] * 64] * 64, "biases": [1e6] * 64}
                  for _ in range(9)] + [{"activation": "linear", "weights": [[1e6] * 64], "biases": [1e6]}]}
BIG["layers"][0] = {"activation": "linear", "weights": [[1e6, 1e6]] * 64, "biases": [1e6] * 64}


def finite_or_422(r, strict_json) -> dict | None:
    assert r.status_code in (200, 422), r.text[:300]
    body = strict_json(r)  # no NaN / Infinity in either answer
    if r.status_code == 422:
        assert "overflow" in json.dumps(body) or "infinite" in json.dumps(body)
        return None
    return body


def test_forward_overflow(client, strict_json):
    body = finite_or_422(client.post("/api/forward", json={"network": BIG, "inputs": [[1e6, -1e6], [1e6, 1e6]]}),
                         strict_json)
    if body:
        assert all(np.isfinite(v) for row in body["outputs"] for v in row)


@pytest.mark.parametrize("encoding", ["float32", "uint8", "json"])
def test_surface_overflow(client, strict_json, encoding):
    body = finite_or_422(client.post("/api/surface", json={"network": BIG, "resolution": 10, "encoding": encoding,
                                                           "x_range": [-1e6, 1e6], "y_range": [-1e6, 1e6]}),
                         strict_json)
    if body and encoding != "json":
        for grid in body["outputs"] + [g for lyr in body["neurons"] for g in lyr]:
            raw = base64.b64decode(grid["data"])
            values = np.frombuffer(raw, dtype="<f4" if encoding == "float32" else np.uint8)
            assert np.all(np.isfinite(values)), "a grid decodes to Infinity"
            assert np.isfinite(grid["min"]) and np.isfinite(grid["max"])


def test_gradients_and_train_overflow(client, strict_json):
    finite_or_422(client.post("/api/gradients", json={"network": BIG, "inputs": [[1e6, 1e6]] * 200,
                                                      "labels": [-1e6] * 200, "task": "regression"}), strict_json)
    body = finite_or_422(client.post("/api/train", json={
        "network": BIG, "data": {"train": {"points": [[1e6, -1e6], [-1e6, 1e6]] * 50, "labels": [1e6, -1e6] * 50}},
        "optimizer": {"name": "sgd", "learning_rate": 10}, "epochs": 5}), strict_json)
    if body:
        assert body["status"] in ("ok", "diverged")


def test_neuron_overflow(client, strict_json):
    body = finite_or_422(client.post("/api/neuron", json={"inputs": [1e6] * 64, "weights": [1e6] * 64, "bias": 1e6,
                                                          "activation": "gelu"}), strict_json)
    if body:
        assert np.isfinite(body["output"])


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_numbers_and_strings_are_not_booleans(client, value):
    expect(client.post("/api/forward", json={"network": TANH_NET, "inputs": [[1, 2]], "trace": value}),
           ["body", "trace"], "boolean")
    expect(client.post("/api/surface", json={"network": TANH_NET, "neurons": value}), ["body", "neurons"], "boolean")


def test_surface_answer_size_is_bounded(client):
    wide = {"features": ["x1", "x2"], "layers": [layer(rows=64, cols=2), layer(rows=64, cols=64),
                                                 layer("sigmoid", rows=1, cols=64)]}
    r = client.post("/api/surface", json={"network": wide, "resolution": 200, "neuron_resolution": 200})
    expect(r, ["body", "neuron_resolution"], "MAX_SURFACE_CELLS", "lower neuron_resolution")
    r = client.post("/api/surface", json={"network": wide, "resolution": 200, "neurons": False, "encoding": "json"})
    assert r.status_code == 200  # 40 000 cells: well inside even the json quarter


def test_number_literals_beyond_float_range(client):
    for literal in ("1" + "0" * 400, "1e400", "-1e400"):
        expect(post_raw(client, "/api/softmax", '{"logits": [' + literal + "]}"), ["body", "logits", 0], "finite")
    expect(client.get("/api/datasets/xor", params={"seed": "1" + "0" * 5000}), ["query", "seed"])


def test_deep_nesting(client):
    expect(post_raw(client, "/api/softmax", "[" * 5000 + "]" * 5000), ["body"])
    deep = '{"network": ' + '{"layers": [' * 3000 + "]}" * 3000 + ', "inputs": [[1]]}'
    expect(post_raw(client, "/api/forward", deep), ["body"])
