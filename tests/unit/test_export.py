"""Export: the standalone numpy script, run in a fresh interpreter (``python -I``: it cannot import
the app), reproduces the engine's outputs exactly, from the command line and as ``forward``."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from app.nn import activations, export
from app.nn.network import Network

FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
ELEMENTWISE = [n for n in activations.NAMES if n != "softmax"]


def random_net(seed: int) -> Network:
    rng = np.random.default_rng(seed)
    features = list(rng.permutation(FEATURES)[: rng.integers(1, 8)]) if seed % 3 else None
    width = len(features) if features else int(rng.integers(1, 5))
    layers = []
    depth = int(rng.integers(2 if seed % 2 else 1, 5))  # a softmax output still leaves a hidden layer
    for k in range(depth):
        last = k == depth - 1
        act = "softmax" if last and seed % 2 else ELEMENTWISE[(seed + k) % len(ELEMENTWISE)]
        out = int(rng.integers(2, 5)) if act == "softmax" else int(rng.integers(1, 6))
        layers.append((rng.normal(0, 1.3, (out, width)), rng.normal(0, 0.5, out), act))
        width = out
    return Network.from_arrays(layers, features)


NETS = [random_net(s) for s in range(12)]


def test_every_activation_is_exported():
    used = {lyr.activation for net in NETS for lyr in net.layers}
    assert used == set(activations.NAMES)
    assert any(net.features for net in NETS) and any(net.features is None for net in NETS)


def run(args, **kw) -> str:
    done = subprocess.run([sys.executable, "-I", *args], capture_output=True, text=True, timeout=60, **kw)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    paths = []
    for i, net in enumerate(NETS):
        path = folder / f"network_{i}.py"
        path.write_text(export.to_script(net))
        paths.append(path)
    return paths


def test_script_uses_only_numpy_and_the_standard_library(scripts):
    for path in scripts:
        tree = ast.parse(path.read_text())
        imported = {n.names[0].name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)}
        imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert imported <= {"numpy", "sys"}, imported


@pytest.mark.parametrize("i", range(len(NETS)))
def test_command_line_prints_the_engine_outputs_exactly(scripts, i):
    net = NETS[i]
    row = np.random.default_rng(100 + i).uniform(-5, 5, (1, net.raw_inputs))
    out = run([str(scripts[i]), *[repr(float(v)) for v in row[0]]])
    want = ",".join(repr(float(v)) for v in net.forward(row)[0])
    assert out.strip() == want


def test_imported_forward_returns_the_engine_outputs_exactly(scripts):
    rng = np.random.default_rng(7)
    batches = [rng.uniform(-6, 6, (40, net.raw_inputs)) for net in NETS]
    driver = textwrap.dedent("""
        import importlib.util, json, sys
        import numpy as np
        jobs = json.load(sys.stdin)
        out = []
        for path, X in jobs:
            spec = importlib.util.spec_from_file_location("network", path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            out.append([[repr(float(v)) for v in row] for row in mod.forward(np.array(X))])
        print(json.dumps(out))
    """)
    jobs = [[str(p), b.tolist()] for p, b in zip(scripts, batches, strict=True)]
    got = json.loads(run(["-c", driver], input=json.dumps(jobs)))
    for net, batch, rows in zip(NETS, batches, got, strict=True):
        result = np.array([[float(v) for v in r] for r in rows])
        engine = net.forward(batch)
        assert np.array_equal(result, engine), f"{[lyr.activation for lyr in net.layers]} {net.features}"
        assert rows == [[repr(float(v)) for v in r] for r in engine]


@pytest.mark.parametrize("i", [1, 4, 7])
def test_rows_from_stdin_are_the_engines_batch_exactly(scripts, i):
    """The exact promise, both ways: the rows of standard input are one batch, bit for bit the engine's
    outputs for that batch; each row alone (the command line) is bit for bit the engine's for that row."""
    net = NETS[i]
    rows = np.random.default_rng(3).uniform(-3, 3, (37, net.raw_inputs))
    csv = "\n".join(",".join(repr(float(v)) for v in r) for r in rows) + "\n"
    out = run([str(scripts[i])], input=csv).strip().splitlines()
    assert out == [",".join(repr(float(v)) for v in r) for r in net.forward(rows)]
    for r in rows[:3]:
        alone = run([str(scripts[i]), *[repr(float(v)) for v in r]]).strip()
        assert alone == ",".join(repr(float(v)) for v in net.forward(r[None])[0])


def test_one_row_in_batches_of_other_sizes_agrees_to_rounding_only(scripts):
    """What the promise leaves out, bounded: a row run alone vs inside a batch (BLAS's order of sums)."""
    for net in NETS:
        rows = np.random.default_rng(5).uniform(-3, 3, (50, net.raw_inputs))
        alone = np.array([net.forward(r[None])[0] for r in rows])
        np.testing.assert_allclose(alone, net.forward(rows), rtol=1e-12, atol=1e-300)


def test_script_mentions_its_usage_and_features():
    net = NETS[1]
    text = export.to_script(net)
    assert text.startswith("#!/usr/bin/env python3")
    assert "def forward(X)" in text and "python network.py" in text
    for f in net.features:
        assert f in text
    compile(export.to_script(NETS[0]), "network.py", "exec")
