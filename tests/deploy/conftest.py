"""Fixtures of the deployment tests: the repository's Dockerfile and manifests, app factories,
and a real server started the way the Dockerfile starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from dockerfile import Dockerfile  # noqa: E402


@pytest.fixture(scope="session")
def dockerfile() -> Dockerfile:
    return Dockerfile.read(ROOT / "Dockerfile")


@pytest.fixture
def make_client(monkeypatch) -> Callable:
    """``make_client(**env)``: a TestClient of a fresh app built from these environment settings."""
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    def make(**env: str):
        for key, value in env.items():
            monkeypatch.setenv(key.upper(), value)
        return TestClient(create_app(Settings()), raise_server_exceptions=False)

    return make


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_like_docker(dockerfile: Dockerfile, extra_env: dict[str, str] | None = None):
    """Run the Dockerfile's CMD (with its ENV, PORT moved to a free port) from the repository root."""
    port = _free_port()
    env = {**os.environ, **dockerfile.env, "PORT": str(port), "HOST": "127.0.0.1", **(extra_env or {})}
    cmd = list(dockerfile.cmd)
    if cmd[0] == "python":
        cmd[0] = sys.executable
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out = proc.communicate()[0]
            raise RuntimeError(f"the server did not start:\n{out}")
        time.sleep(0.1)


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        return proc.communicate(timeout=20)[0]
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()[0]


@pytest.fixture(scope="module")
def docker_server(dockerfile) -> Iterator[str]:
    """The app served exactly as the Dockerfile's CMD serves it (2 workers, train budget 1 s)."""
    proc, url = start_like_docker(dockerfile, {"WEB_CONCURRENCY": "2", "TRAIN_BUDGET_SECONDS": "1",
                                               "LOG_LEVEL": "warning"})
    yield url
    stop(proc)
