"""Teacher presets: the built-in ones are valid and do what they say; a bad file is skipped."""

from __future__ import annotations

import json
import logging
import shutil

import numpy as np
import pytest

from app.config import Settings
from app.nn import datasets
from app.nn.network import Network
from app.nn.training import accuracy
from app.presets import BUILTIN_DIR, load_presets

BUILTIN = ["tumour-neuron", "one-neuron", "xor-solved", "three-class-blobs", "spiral-starter"]


def network_of(preset) -> Network:
    return Network.from_arrays([(lyr.weights, lyr.biases, lyr.activation) for lyr in preset.network.layers],
                               preset.network.features)


def test_builtin_presets_load_in_lesson_order():
    presets = load_presets(Settings())
    assert list(presets) == BUILTIN
    for preset in presets.values():
        assert preset.title and preset.description
        if preset.dataset is not None:
            assert preset.dataset.name in datasets.NAMES


def test_tumour_neuron_is_the_lessons_neuron():
    net = network_of(load_presets(Settings())["tumour-neuron"])
    out = net.forward(np.array([[0.8, 0.7, 0.9]]))
    assert out[0, 0] == pytest.approx(0.5963, abs=1e-4)


def test_xor_solved_really_solves_xor():
    preset = load_presets(Settings())["xor-solved"]
    net = network_of(preset)
    assert [lyr.weights.shape for lyr in net.layers] == [(4, 2), (1, 4)]
    assert [lyr.activation for lyr in net.layers] == ["tanh", "sigmoid"]
    spec = preset.dataset
    data = datasets.generate(spec.name, spec.n, spec.noise, spec.seed)
    assert accuracy(net.forward(data.points), data.labels, "sigmoid") == 1.0
    for seed in (1, 2, 3):  # and fresh xor points too
        other = datasets.generate("xor", 500, 0, seed)
        assert accuracy(net.forward(other.points), other.labels, "sigmoid") >= 0.99


def test_three_class_blobs_has_a_softmax_output_of_three():
    net = network_of(load_presets(Settings())["three-class-blobs"])
    assert net.layers[-1].activation == "softmax" and net.n_outputs == 3


def write(folder, name: str, content: str) -> None:
    (folder / name).write_text(content, encoding="utf-8")


def test_presets_dir_adds_replaces_and_skips_bad_files_with_a_log_line(tmp_path, caplog):
    good = json.loads((BUILTIN_DIR / "xor-solved.json").read_text())
    good.update(name="my-xor", title="XOR for 3B")
    write(tmp_path, "good.json", json.dumps(good))
    replaced = dict(good, name="spiral-starter", title="Our spiral")
    write(tmp_path, "spiral.json", json.dumps(replaced))
    write(tmp_path, "broken.json", "{not json")
    write(tmp_path, "shape.json", json.dumps(dict(good, name="bad-shape", network={
        "features": ["x1", "x2"], "layers": [{"activation": "tanh", "weights": [[1, 2, 3]], "biases": [0]}]})))
    write(tmp_path, "activation.json", json.dumps(dict(good, name="bad-act", network={
        "layers": [{"activation": "sigmoidal", "weights": [[1]], "biases": [0]}]})))
    write(tmp_path, "bool.json", json.dumps(dict(good, name="bad-bool", network={
        "layers": [{"activation": "tanh", "weights": [[True]], "biases": [0]}]})))
    write(tmp_path, "dataset.json", json.dumps(dict(good, name="bad-data", dataset={"name": "mnist"})))
    write(tmp_path, "extra.json", json.dumps(dict(good, name="bad-extra", colour="red")))
    write(tmp_path, "name.json", json.dumps(dict(good, name="Bad Name!")))
    write(tmp_path, "big.json", json.dumps(dict(good, name="too-wide", network={
        "layers": [{"activation": "tanh", "weights": [[0.1]] * 65, "biases": [0.0] * 65}]})))
    write(tmp_path, "notes.txt", "ignored: not a .json file")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")

    with caplog.at_level(logging.WARNING, logger="app.presets"):
        presets = load_presets(Settings(presets_dir=str(tmp_path)))
    assert list(presets) == [*BUILTIN, "my-xor"]
    assert presets["spiral-starter"].title == "Our spiral"
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    for name in ("broken.json", "shape.json", "activation.json", "bool.json", "dataset.json", "extra.json",
                 "name.json", "big.json", "binary.json"):
        assert any(name in m for m in skipped), f"no log line for {name}: {skipped}"
    assert any("sigmoidal" in m for m in skipped) and any("MAX_UNITS" in m for m in skipped)


def test_api_lists_and_serves_presets(make_client, tmp_path):
    shutil.copy(BUILTIN_DIR / "xor-solved.json", tmp_path / "copy.json")
    data = json.loads((tmp_path / "copy.json").read_text())
    data.update(name="class-3b", dataset=None, settings=None)
    (tmp_path / "copy.json").write_text(json.dumps(data))
    client = make_client(presets_dir=str(tmp_path))
    listing = client.get("/api/presets").json()["presets"]
    assert [p["name"] for p in listing] == [*BUILTIN, "class-3b"]
    for p in listing:
        assert set(p) == {"name", "title", "description", "network", "dataset", "settings"}
    one = client.get("/api/presets/xor-solved").json()
    assert one["dataset"] == {"name": "xor", "n": 500, "noise": 0.0, "seed": 0, "train_fraction": 0.5}
    assert one["network"]["layers"][0]["activation"] == "tanh"
    assert client.get("/api/presets/class-3b").json()["dataset"] is None
    missing = client.get("/api/presets/nope")
    assert missing.status_code == 404
    assert "xor-solved" in missing.json()["detail"][0]["msg"]
    # the network of a preset is accepted by the API as it is
    r = client.post("/api/forward", json={"network": one["network"], "inputs": [[1.0, 1.0], [-1.0, 1.0]]})
    assert r.status_code == 200


def test_a_broken_presets_dir_never_stops_the_server(dockerfile, tmp_path):
    from deploy_helpers import start_like_docker, stop

    (tmp_path / "bad.json").write_text("[1, 2")
    proc, url = start_like_docker(dockerfile, {"PRESETS_DIR": str(tmp_path), "WEB_CONCURRENCY": "1",
                                               "LOG_LEVEL": "info"})
    import urllib.request

    with urllib.request.urlopen(url + "/api/presets", timeout=10) as r:
        names = [p["name"] for p in json.loads(r.read())["presets"]]
    log = stop(proc)
    assert names == BUILTIN
    assert "presets: skipped" in log and "bad.json" in log

