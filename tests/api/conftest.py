"""Shared fixtures of the API tests: one in-process app and its TestClient, and a strict JSON parser."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.main import create_app


@pytest.fixture(scope="session")
def client():
    with TestClient(create_app()) as c:
        yield c


def _refuse_constant(name: str):
    raise AssertionError(f"the response carries {name}")


@pytest.fixture(scope="session")
def strict_json():
    """``strict_json(response)``: the body parsed so that NaN / Infinity / -Infinity fail the test."""

    def parse(response):
        return json.loads(response.text, parse_constant=_refuse_constant)

    return parse
