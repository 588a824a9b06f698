"""The client under test, twice: in process (``Playground.local()``) and against a real uvicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.client import Playground

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def uvicorn_url():
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WEB_CONCURRENCY": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port",
                             str(port), "--log-level", "warning"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("uvicorn did not start") from None
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def local():
    pg = Playground.local()
    yield pg
    pg.close()


@pytest.fixture(scope="session", params=["local", "uvicorn"])
def pg(request, local):
    """Every client test runs in process and over HTTP against a real server."""
    if request.param == "local":
        yield local
        return
    remote = Playground(request.getfixturevalue("uvicorn_url"))
    yield remote
    remote.close()
