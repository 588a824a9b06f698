"""Fixtures for every test folder: the Chromium that browser tests launch."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import find_chromium  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The browser found (``CHROMIUM_PATH``, ``/usr/bin/chromium`` or ``chromium`` on PATH); in CI a
    missing browser fails rather than skips: a browser test that does not run does not count."""
    path = find_chromium()
    if path is None:
        message = "Chromium not found (CHROMIUM_PATH, /usr/bin/chromium, chromium on PATH): apt-get install chromium"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path
