"""GET /api/datasets and GET /api/datasets/{name}."""

from __future__ import annotations

import numpy as np
import pytest

from app.nn import datasets

NAMES = list(datasets.NAMES)


def test_list(client):
    r = client.get("/api/datasets")
    assert r.status_code == 200
    items = r.json()["datasets"]
    assert [d["name"] for d in items] == NAMES
    by = {d["name"]: d for d in items}
    assert by["xor"] == {**by["xor"], "task": "classification", "classes": 2, "inputs": 2, "default_n": 500}
    assert by["plane"]["task"] == "regression" and by["plane"]["default_n"] == 1200
    assert by["blobs5"]["classes"] == 5 and by["spiral3"]["classes"] == 3
    assert by["tumour"]["inputs"] == 3 and by["tumour"]["input_names"] == ["cell size", "cell shape", "clump thickness"]
    assert all(d["description"] for d in items)


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset(client, name, strict_json):
    r = client.get(f"/api/datasets/{name}", params={"seed": 3})
    assert r.status_code == 200, r.text
    body = strict_json(r)
    info = datasets.INFOS[name]
    assert (body["name"], body["task"], body["classes"]) == (name, info.task, info.classes)
    assert body["input_names"] == list(info.input_names)
    assert body["n"] == info.default_n
    tr, te = body["train"], body["test"]
    assert len(tr["points"]) + len(te["points"]) == info.default_n
    assert len(tr["points"]) == len(tr["labels"]) == round(info.default_n * 0.5)
    pts = np.array(tr["points"] + te["points"])
    assert pts.shape == (info.default_n, info.inputs)
    lo, hi = (0, 1) if name == "tumour" else (-6, 6)
    assert pts.min() >= lo and pts.max() <= hi
    labels = tr["labels"] + te["labels"]
    if info.task == "classification":
        assert set(labels) == set(range(info.classes))
    # the same numbers as the engine
    d = datasets.generate(name, None, 0, 3)
    (trx, trl), _ = d.split(0.5, 3)
    assert tr["points"] == trx.tolist() and tr["labels"] == trl.tolist()


def test_seeded_and_parameters(client):
    q = {"n": 120, "noise": 20, "seed": 9, "train_fraction": 0.75}
    a = client.get("/api/datasets/spiral", params=q).json()
    assert a == client.get("/api/datasets/spiral", params=q).json()
    assert (a["n"], a["noise"], a["seed"], a["train_fraction"]) == (120, 20, 9, 0.75)
    assert len(a["train"]["points"]) == 90 and len(a["test"]["points"]) == 30
    b = client.get("/api/datasets/spiral", params={**q, "seed": 10}).json()
    assert a["train"]["points"] != b["train"]["points"]
    c = client.get("/api/datasets/spiral", params={**q, "noise": 0}).json()
    assert a["train"]["points"] != c["train"]["points"]


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.9, 1.0])
def test_split_fractions(client, fraction):
    body = client.get("/api/datasets/circle", params={"n": 200, "train_fraction": fraction}).json()
    assert len(body["train"]["points"]) == round(200 * fraction)
    assert len(body["test"]["points"]) == 200 - round(200 * fraction)


def test_class_counts_through_the_api(client):
    body = client.get("/api/datasets/blobs4", params={"n": 400, "train_fraction": 1.0}).json()
    assert np.bincount(np.array(body["train"]["labels"], dtype=int)).tolist() == [100] * 4
    assert body["test"] == {"points": [], "labels": []}


@pytest.mark.parametrize(("params", "field"), [
    ({"n": 5001}, "n"), ({"n": 9}, "n"), ({"noise": 51}, "noise"), ({"noise": -1}, "noise"),
    ({"seed": -1}, "seed"), ({"train_fraction": 0}, "train_fraction"), ({"train_fraction": 1.5}, "train_fraction"),
    ({"noise": "NaN"}, "noise"), ({"noise": "inf"}, "noise"), ({"n": "many"}, "n"), ({"n": 10.5}, "n"),
])
def test_bad_query(client, params, field):
    r = client.get("/api/datasets/xor", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"] == ["query", field]
