"""In a real Chromium, under ROOT_PATH=/playground and served as the Dockerfile serves it: every
page loads with no request outside the app's own prefix, no failed request and no console error
(a Content-Security-Policy violation is a console error)."""

from __future__ import annotations

import os

import pytest
from crawl import UrlClient, crawl
from deploy_helpers import start_like_docker, stop

pytestmark = pytest.mark.e2e

PREFIX = "/playground"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def prefixed_server(dockerfile):
    proc, url = start_like_docker(dockerfile, {"WEB_CONCURRENCY": "1", "ROOT_PATH": PREFIX, "LOG_LEVEL": "warning"})
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def chromium(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        yield browser
        browser.close()


def test_every_page_loads_offline_under_the_root_path(prefixed_server, chromium):
    pages = [u for u, s in crawl(UrlClient(prefixed_server), [f"{PREFIX}/", f"{PREFIX}/learn", f"{PREFIX}/docs",
                                                               f"{PREFIX}/redoc"], root_path=PREFIX).fetched.items()
             if s == 200 and "/static/" not in u and "/vendor/" not in u and not u.endswith("openapi.json")]
    assert f"{PREFIX}/docs" in pages and f"{PREFIX}/" in pages
    allowed = prefixed_server + PREFIX + "/"
    problems: list[str] = []
    for path in pages:
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.on("request", lambda r, path=path: problems.append(f"{path}: request outside the app: {r.url}")
                if not r.url.startswith((allowed, "data:", "blob:")) else None)
        page.on("response", lambda r, path=path: problems.append(f"{path}: {r.status} {r.url}")
                if r.status >= 400 else None)
        page.on("console", lambda m, path=path: problems.append(f"{path}: console.{m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e, path=path: problems.append(f"{path}: pageerror: {e}"))
        page.goto(prefixed_server + path, wait_until="networkidle")
        page.wait_for_load_state("networkidle")
        if path.endswith(("/docs", "/redoc")):
            page.wait_for_selector(".swagger-ui .info, .api-content", state="attached")
            name = path.rsplit("/", 1)[-1]
            os.makedirs("screenshots", exist_ok=True)
            page.screenshot(path=f"screenshots/deploy-offline-{name}.png")
        context.close()
    assert not problems, "\n".join(problems)
