"""End-to-end fixtures: a real uvicorn server on a free port and a real headless Chromium.

In CI (``CI=true``) a missing browser is a failure, not a skip: a browser test that does not
run does not count.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# The playground's first-visit tour (static/js/playground/tour.js) opens over the page on a first
# visit. Tests see the page as a returning visitor: every context the `browser` fixture makes
# starts with the tour's "seen" flag set; `browser.new_context(..., show_tour=True)` leaves it out.
TOUR_SEEN_SCRIPT = "try { localStorage.setItem('np.tourSeen', '1') } catch (e) {}"


def _tour_seen_by_default(b) -> None:
    plain_new_context = b.new_context

    def new_context(*args, show_tour: bool = False, **kwargs):
        context = plain_new_context(*args, **kwargs)
        if not show_tour:
            context.add_init_script(TOUR_SEEN_SCRIPT)
        return context

    def new_page(*args, show_tour: bool = False, **kwargs):
        context = new_context(*args, show_tour=show_tour, **kwargs)
        page = context.new_page()
        page.on("close", lambda _: context.close())
        return page

    b.new_context = new_context
    b.new_page = new_page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """Start `uvicorn app.main:app` in a subprocess, wait for /healthz, yield its base URL."""
    port = _free_port()
    env = {**os.environ, "WEB_CONCURRENCY": "1", "TRAIN_BUDGET_SECONDS": "10"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Debian Chromium driven by Playwright (no downloaded browser builds): the one
    ``chromium_path`` (tests/conftest.py) found."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed: in CI browser tests must run")
        pytest.skip("playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        _tour_seen_by_default(b)
        yield b
        b.close()


@pytest.fixture
def page(browser, server_url):
    """A fresh page (own context, 1280×800) that records console errors and page errors.

    The test fails at teardown if the page logged any console error or uncaught exception.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server_url)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.console_errors = errors
    yield pg
    context.close()
    assert not errors, "the page logged errors:\n" + "\n".join(errors)
