"""Fixtures of the deployment tests: the repository's Dockerfile and manifests, app factories,
and a real server started the way the Dockerfile starts it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from deploy_helpers import ROOT, start_like_docker, stop  # noqa: E402
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


@pytest.fixture(scope="module")
def docker_server(dockerfile) -> Iterator[str]:
    """The app served exactly as the Dockerfile's CMD serves it (2 workers, train budget 1 s)."""
    proc, url = start_like_docker(dockerfile, {"WEB_CONCURRENCY": "2", "TRAIN_BUDGET_SECONDS": "1",
                                               "LOG_LEVEL": "warning"})
    yield url
    stop(proc)
