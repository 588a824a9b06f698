"""Nothing loads from the internet: crawl every page and asset the app serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl import crawl

ROOT = Path(__file__).resolve().parents[2]

STARTS = ["/", "/learn", "/docs", "/redoc"]


@pytest.fixture(scope="module")
def crawled():
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    client = TestClient(create_app(Settings()), raise_server_exceptions=False)
    return crawl(client, STARTS)


def test_crawl_reaches_pages_scripts_styles_and_vendor_bundles(crawled):
    urls = crawled.fetched
    assert all(urls.get(s) == 200 for s in STARTS), {s: urls.get(s) for s in STARTS}
    # Plotly is loaded after the first paint by static/js/lib/plotly.js, which builds its URL at
    # run time (the crawler cannot see it): the loader is served, and so is the bundle it asks for
    assert any(u.startswith("/static/js/lib/plotly.js") for u in urls)
    assert "/vendor/plotly/plotly.min.js" in (ROOT / "static/js/lib/plotly.js").read_text()
    assert any(u.startswith("/vendor/docs/swagger-ui-bundle.js") for u in urls)
    assert any(u.startswith("/vendor/docs/redoc.standalone.js") for u in urls)
    assert any(u.startswith("/static/css/") for u in urls)
    assert any(u.startswith("/static/js/") for u in urls)
    assert "/openapi.json" in urls


def test_the_lazily_loaded_plotly_bundle_is_served(crawled):
    from fastapi.testclient import TestClient

    from app.main import create_app

    r = TestClient(create_app()).get("/vendor/plotly/plotly.min.js?v=1")
    assert r.status_code == 200 and len(r.content) > 1_000_000


def test_no_reference_to_another_host(crawled):
    assert not crawled.foreign, "references to other hosts:\n" + "\n".join(
        f"  {where}: {ref}" for where, ref in crawled.foreign
    )


def test_every_reference_answers(crawled):
    assert not crawled.broken, "broken references:\n" + "\n".join(
        f"  {where} -> {url}: {status}" for where, url, status in crawled.broken
    )


def test_no_inline_script_anywhere(crawled):
    assert not crawled.inline_scripts, crawled.inline_scripts


def test_under_a_root_path_every_reference_carries_it(make_client):
    client = make_client(root_path="/playground")
    result = crawl(client, [f"/playground{s}" for s in STARTS], root_path="/playground")
    assert not result.prefix_missing, result.prefix_missing
    assert not result.foreign, result.foreign
    assert not result.broken, result.broken
