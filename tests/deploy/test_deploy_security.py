"""Safe by default: security headers on every response, GZip, cache lifetimes, CORS, root path."""

from __future__ import annotations

import gzip
import re

import pytest

from app import __version__
from app.security import LONG_CACHE, NO_CACHE, SHORT_CACHE

PLOTLY = "/vendor/plotly/plotly.min.js"


@pytest.fixture
def client(make_client):
    return make_client()


def responses(client):
    """One response of every kind the app gives: pages, API, docs, static, vendor, errors."""
    big = b"[" + b"0," * 600_000 + b"0]"
    return {
        "page /": client.get("/"),
        "docs": client.get("/docs"),
        "redoc": client.get("/redoc"),
        "openapi": client.get("/openapi.json"),
        "healthz": client.get("/healthz"),
        "api GET": client.get("/api/presets"),
        "api 404": client.get("/api/presets/no-such-preset"),
        "api 422": client.post("/api/presets", json={}),  # 405 here: GET only
        "unknown 404": client.get("/no/such/page"),
        "413": client.post("/api/forward", content=big, headers={"content-type": "application/json"}),
        "static": client.get(f"/static/css/base.css?v={__version__}"),
        "vendor": client.get(f"{PLOTLY}?v=1"),
        "docs asset": client.get("/vendor/docs/swagger-ui.css"),
    }


def csp_directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_security_headers_on_every_response(client):
    for what, r in responses(client).items():
        h = r.headers
        assert "content-security-policy" in h, what
        assert h["x-content-type-options"] == "nosniff", what
        assert h["referrer-policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), what
        assert h["cache-control"], what
    assert responses(client)["413"].status_code == 413


def test_csp_has_no_inline_script_and_no_other_origin(client):
    csp = csp_directives(client.get("/").headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "no 'unsafe-inline', no 'unsafe-eval', no hosts"
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    for name, sources in csp.items():
        for source in sources:
            assert not re.match(r"https?://", source) and source != "*", f"{name} allows {source}"


def test_frame_ancestors_from_the_settings(make_client):
    client = make_client(frame_ancestors="'self' https://lms.school.example")
    csp = csp_directives(client.get("/").headers["content-security-policy"])
    assert csp["frame-ancestors"] == ["'self'", "https://lms.school.example"]
    client = make_client(frame_ancestors="'none'")
    assert csp_directives(client.get("/healthz").headers["content-security-policy"])["frame-ancestors"] == [
        "'none'"
    ]


def test_gzip_for_text_assets_and_json(client):
    for url in (PLOTLY, "/openapi.json", "/api/presets", "/vendor/docs/swagger-ui.css"):
        r = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200, url
        assert r.headers.get("content-encoding") == "gzip", url
        assert "accept-encoding" in r.headers.get("vary", "").lower(), url
    # httpx decodes transparently; check the bytes on the wire really are gzip
    with client.stream("GET", "/api/presets", headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
    assert gzip.decompress(raw).startswith(b'{"presets"')
    r = client.get("/api/presets", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in r.headers


def test_long_cache_only_for_versioned_static_urls(client):
    assert client.get(f"/static/css/base.css?v={__version__}").headers["cache-control"] == LONG_CACHE
    assert client.get(f"{PLOTLY}?v=7.1.0").headers["cache-control"] == LONG_CACHE
    assert client.get("/static/css/base.css").headers["cache-control"] == SHORT_CACHE
    assert client.get("/static/css/base.css?v=").headers["cache-control"] == SHORT_CACHE
    assert client.get("/").headers["cache-control"] == NO_CACHE
    assert client.get("/api/presets").headers["cache-control"] == NO_CACHE
    assert client.get("/static/no-such-file.js?v=1").headers["cache-control"] == NO_CACHE


def test_pages_reference_static_files_with_a_version(client):
    html = client.get("/").text
    # a modulepreload must name the module exactly as the imports do (relative, unversioned), or
    # the browser fetches it twice; every other reference carries the version
    html = re.sub(r'<link rel="modulepreload" href="[^"]*">', "", html)
    refs = re.findall(r'(?:src|href)="([^"]*/(?:static|vendor)/[^"]*)"', html)
    assert refs
    for ref in refs:
        assert "?v=" in ref, f"{ref} is not versioned: it would be cached only briefly"


def test_the_playground_preloads_its_whole_module_graph(client):
    from pathlib import Path

    html = client.get("/").text
    preloads = set(re.findall(r'<link rel="modulepreload" href="/static/([^"]*)">', html))
    static = Path(__file__).resolve().parents[2] / "static"
    imported = set()
    todo = ["js/playground/main.js"]
    while todo:
        f = static / todo.pop()
        for spec in re.findall(r"""from\s+["'](\.{1,2}/[^"']+)["']""", f.read_text()):
            rel = (f.parent / spec).resolve().relative_to(static.resolve()).as_posix()
            if rel not in imported:
                imported.add(rel)
                todo.append(rel)
    assert preloads == imported


def test_cors_is_off_by_default(client):
    r = client.get("/api/presets", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    pre = client.options(
        "/api/presets",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in pre.headers


def test_cors_for_the_configured_origins(make_client):
    client = make_client(cors_origins="https://lms.school.example, http://10.0.0.5:8000")
    r = client.get("/api/presets", headers={"Origin": "https://lms.school.example"})
    assert r.headers["access-control-allow-origin"] == "https://lms.school.example"
    pre = client.options(
        "/api/forward",
        headers={
            "Origin": "http://10.0.0.5:8000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "http://10.0.0.5:8000"
    assert "content-security-policy" in pre.headers
    other = client.get("/api/presets", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("prefix_kept_by_proxy", [True, False])
def test_served_under_a_root_path(make_client, prefix_kept_by_proxy):
    """ROOT_PATH=/playground: pages' URLs carry the prefix, and every one of them answers."""
    client = make_client(root_path="/playground")
    prefix = "/playground" if prefix_kept_by_proxy else ""
    for page in ("/", "/docs", "/redoc"):
        r = client.get(prefix + page)
        assert r.status_code == 200, page
        refs = re.findall(r'(?:src|href|spec-url|data-openapi-url)="([^"#]+)"', r.text)
        local = [ref for ref in refs if ref.startswith("/")]
        assert local, page
        for ref in local:
            assert ref.startswith("/playground/"), f"{page}: {ref} lacks the root path"
            target = ref if prefix_kept_by_proxy else ref.removeprefix("/playground")
            if "/static/" in ref or "/vendor/" in ref or ref.endswith("openapi.json"):
                got = client.get(target)
                assert got.status_code == 200, f"{page}: {ref} -> {got.status_code}"
                if "?v=" in ref:
                    assert got.headers["cache-control"] == LONG_CACHE, ref
    html = client.get(prefix + "/").text
    assert '<meta name="api-base" content="/playground">' in html
    assert client.get(prefix + "/openapi.json").json()["servers"] == [{"url": "/playground"}]


def test_versioned_static_files_are_gzipped_once_and_served_from_memory(client):
    url = f"{PLOTLY}?v=7.1.0"
    raws = []
    for _ in range(2):
        with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as r:
            raws.append(b"".join(r.iter_raw()))
            assert r.headers["content-encoding"] == "gzip"
            assert int(r.headers["content-length"]) == len(raws[-1])
            assert r.headers["cache-control"] == LONG_CACHE
            assert r.headers["etag"].endswith('-gzip"')
            assert "content-security-policy" in r.headers
    assert raws[0] == raws[1]
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert gzip.decompress(raws[0]) == plain.content
    assert client.get(url, headers={"Range": "bytes=0-9"}).status_code == 206


def test_api_json_is_gzipped_cheaply_and_decodes_to_the_same_answer(client):
    net = client.post("/api/networks", json={"layer_sizes": [2, 4, 4, 1], "activation": "tanh",
                                             "output_activation": "sigmoid", "seed": 0,
                                             "features": ["x1", "x2"]}).json()
    body = {"network": net, "resolution": 100, "neurons": True, "neuron_resolution": 24}
    plain = client.post("/api/surface", json=body, headers={"Accept-Encoding": "identity"})
    with client.stream("POST", "/api/surface", json=body, headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip"
        assert int(r.headers["content-length"]) == len(raw) < len(plain.content)
        assert "accept-encoding" in r.headers["vary"].lower()
    assert gzip.decompress(raw) == plain.content


def test_every_answer_says_how_long_the_server_took(client):
    for what, r in responses(client).items():
        timing = r.headers.get("server-timing", "")
        assert re.search(r"\bapp;dur=\d+(\.\d+)?", timing), (what, timing)


def test_static_gzip_cache_never_keeps_a_file_cut_short():
    """A download the inner app ends early (its client went away mid-file) is not cached: the next
    student would get a truncated Plotly.js ("Unexpected end of input") for the worker's lifetime."""
    import asyncio

    from app.security import StaticGzipCache

    whole = b"x" * 10_000
    calls = {"n": 0}

    async def files(scope, receive, send):
        calls["n"] += 1
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", str(len(whole)).encode()), (b"etag", b'"e"')]})
        if calls["n"] == 1:  # the first download stops after a chunk, as on a disconnect
            await send({"type": "http.response.body", "body": whole[:4096], "more_body": True})
            return
        await send({"type": "http.response.body", "body": whole[:4096], "more_body": True})
        await send({"type": "http.response.body", "body": whole[4096:], "more_body": False})

    cache = StaticGzipCache(files)
    scope = {"type": "http", "method": "GET", "path": "/static/js/big.js", "root_path": "",
             "query_string": b"v=1", "headers": [(b"accept-encoding", b"gzip")]}

    async def get() -> bytes:
        out: list[dict] = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            out.append(message)

        await cache(dict(scope), receive, send)
        body = b"".join(m.get("body", b"") for m in out if m["type"] == "http.response.body")
        encoded = dict(next(m for m in out if m["type"] == "http.response.start")["headers"])
        return gzip.decompress(body) if encoded.get(b"content-encoding") == b"gzip" else body

    async def run():
        await get()  # cut short
        assert not cache.cache, "a truncated file was cached"
        assert await get() == whole
        assert cache.cache, "a whole file is cached"
        assert await get() == whole

    asyncio.run(run())
