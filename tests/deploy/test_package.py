"""A real Python package: importing it changes nothing; the wheel serves every page from anywhere.

The wheel test builds the wheel from a copy of the source tree, installs it into a fresh virtual
environment (the pinned dependencies from requirements.lock, then the wheel with --no-deps), starts
the `neuron-playground` console script from an empty temporary folder, and fetches every page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import venv
from pathlib import Path

import pytest
from deploy_helpers import ROOT, _free_port

from app import __version__
from app.pages_learn import LESSONS

PROBE = r"""
import ctypes, json, os, sys
calls = []
_cdll = ctypes.CDLL
def spy(name, *a, **k):
    calls.append(str(name))
    return _cdll(name, *a, **k)
ctypes.CDLL = spy
before = {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
exec(sys.argv[1])
after = {k: os.environ.get(k) for k in before}
print(json.dumps({"before": before, "after": after, "cdll": calls}))
"""


def _probe(code: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", PROBE, code], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_package_changes_nothing_in_the_process():
    seen = _probe("import app, app.nn, app.nn.network, app.api, app.main, app.client, app.client.figures")
    assert seen["after"] == seen["before"] == {k: None for k in seen["before"]}, "import set BLAS variables"
    assert not any("libc" in c for c in seen["cdll"]), f"import loaded libc to tune malloc: {seen['cdll']}"


def test_the_server_start_tunes_the_process():
    seen = _probe("from app.main import serve; serve()")
    assert set(seen["after"].values()) == {"1"}
    assert any("libc" in c for c in seen["cdll"])


def _copy_source(dest: Path) -> Path:
    skip = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache",
                                  ".ruff_cache", ".hypothesis", "screenshots", "node_modules", ".venv", "venv")
    shutil.copytree(ROOT, dest, ignore=skip)
    return dest


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv holding the locked dependencies and the wheel (not the source tree)."""
    base = tmp_path_factory.mktemp("wheel")
    src = _copy_source(base / "src")
    dist = base / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("neuron_playground-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    for args in (["-r", str(ROOT / "requirements.lock")], ["--no-deps", str(wheel)]):
        step = subprocess.run([str(py), "-m", "pip", "install", "-q", *args], env=clean, capture_output=True,
                              text=True, timeout=600)
        assert step.returncode == 0, step.stdout + step.stderr
    empty = base / "empty"
    empty.mkdir()
    return {"bin": env_dir / "bin", "env": clean, "cwd": empty, "wheel": wheel}


def test_the_wheel_carries_the_page_files(installed):
    import zipfile

    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for rel in ("app/_templates/base.html", "app/_templates/learn/index.html", "app/_static/img/favicon.svg"):
        assert rel in names, f"{rel} is not in the wheel"
    assert "neuron-playground = app.__main__:run" in "".join(
        zipfile.ZipFile(installed["wheel"]).read(n).decode() for n in names if n.endswith("entry_points.txt"))


def test_the_console_script_prints_its_version(installed):
    out = subprocess.run([str(installed["bin"] / "neuron-playground"), "--version"], env=installed["env"],
                         cwd=installed["cwd"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"neuron-playground {__version__}", out


def test_the_installed_console_script_serves_every_page_from_an_empty_folder(installed):
    where = subprocess.run([str(installed["bin"] / "python"), "-c", "import app; print(app.__file__)"],
                           env=installed["env"], cwd=installed["cwd"], capture_output=True, text=True, timeout=60)
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout, where
    port = _free_port()
    proc = subprocess.Popen(
        [str(installed["bin"] / "neuron-playground"), "--port", str(port), "--workers", "1", "--log-level", "warning"],
        env=installed["env"], cwd=installed["cwd"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _get_quiet(url + "/healthz") != 200:
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate(timeout=5)[0]
            time.sleep(0.2)
        status, home = _get(url + "/")
        assert status == 200
        paths = ["/learn", *(f"/learn/{lesson.name}" for lesson in LESSONS), "/docs", "/redoc", "/api/presets"]
        statics = sorted(set(re.findall(rb'(?:src|href)="(/static/[^"?]+)', home)))
        assert statics, "the playground page links no static file"
        paths += [s.decode() for s in statics]
        answers = {path: _get(url + path)[0] for path in paths}
        assert answers == {path: 200 for path in paths}
        assert list(installed["cwd"].iterdir()) == [], "the server wrote into its working directory"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get_quiet(url: str) -> int:
    try:
        return _get(url)[0]
    except OSError:
        return 0
