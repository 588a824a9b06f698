"""POST /api/export/numpy: the script, run in a fresh interpreter, gives exactly /api/forward's outputs."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from app.nn import activations

ELEMENTWISE = [n for n in activations.NAMES if n != "softmax"]
FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def net_for(seed: int) -> dict:
    """Seeds 0..8 put every element-wise activation in the first layer; odd seeds end in softmax."""
    rng = np.random.default_rng(seed)
    feats = list(rng.permutation(FEATURES)[: rng.integers(1, 8)]) if seed % 3 else None
    width = len(feats) if feats else 3
    acts = [ELEMENTWISE[seed % 9], ELEMENTWISE[(seed + 4) % 9], "softmax" if seed % 2 else ELEMENTWISE[(seed + 2) % 9]]
    layers = []
    for act in acts:
        out = 3 if act == "softmax" else int(rng.integers(1, 5))
        layers.append({"activation": act, "weights": rng.normal(0, 1.2, (out, width)).tolist(),
                       "biases": rng.normal(0, 0.4, out).tolist()})
        width = out
    return {"features": feats, "layers": layers}


NETS = [net_for(s) for s in range(10)]


def run(args, **kw) -> str:
    done = subprocess.run([sys.executable, "-I", *args], capture_output=True, text=True, timeout=60, **kw)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def scripts(client, tmp_path_factory):
    folder = tmp_path_factory.mktemp("api_export")
    paths = []
    for i, net in enumerate(NETS):
        r = client.post("/api/export/numpy", json={"network": net})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["filename"] == "network.py"
        path = folder / f"net{i}.py"
        path.write_text(body["script"])
        paths.append(path)
    return paths


def test_the_script_reproduces_the_api_exactly(client, scripts):
    rng = np.random.default_rng(0)
    batches, wants = [], []
    for net in NETS:
        x = rng.uniform(-6, 6, (30, 2 if net["features"] else 3)).tolist()
        batches.append(x)
        wants.append(client.post("/api/forward", json={"network": net, "inputs": x, "trace": False}).json()["outputs"])
    driver = textwrap.dedent("""
        import importlib.util, json, sys
        import numpy as np
        out = []
        for path, X in json.load(sys.stdin):
            spec = importlib.util.spec_from_file_location("network", path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            out.append(mod.forward(np.array(X)).tolist())
        print(json.dumps(out))
    """)
    jobs = [[str(p), x] for p, x in zip(scripts, batches, strict=True)]
    got = json.loads(run(["-c", driver], input=json.dumps(jobs)))
    for net, g, w in zip(NETS, got, wants, strict=True):
        assert np.array_equal(np.array(g), np.array(w)), [lyr["activation"] for lyr in net["layers"]]


@pytest.mark.parametrize("i", [0, 1, 3, 4])
def test_the_command_line_prints_the_api_outputs(client, scripts, i):
    net = NETS[i]
    row = [1.25, -3.5] if net["features"] else [0.5, -1.0, 2.0]
    want = client.post("/api/forward", json={"network": net, "inputs": [row], "trace": False}).json()["outputs"][0]
    out = run([str(scripts[i]), *map(repr, row)]).strip()
    assert out == ",".join(repr(v) for v in want)


def test_the_xor_example_exports(client):
    net = {"features": ["x1", "x2"],
           "layers": [{"activation": "tanh", "weights": [[2.1, 2.0], [-2.0, -2.2]], "biases": [-0.9, -0.9]},
                      {"activation": "sigmoid", "weights": [[2.5, 2.5]], "biases": [0.0]}]}
    script = client.post("/api/export/numpy", json={"network": net}).json()["script"]
    assert "import numpy as np" in script and "def forward(X)" in script
    assert "app." not in script and "from app" not in script
