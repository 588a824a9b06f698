"""The crawler itself finds what it must (so a clean crawl means something)."""

from __future__ import annotations

from crawl import _Response, crawl

FILES = {
    "/": ("text/html", '<link rel="stylesheet" href="/static/a.css"><script type="module" src="/static/m.js">'
          '</script><script src="/vendor/lib.js"></script><a href="/page">p</a>'
          '<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    "/page": ("text/html", '<img src="https://cdn.example/i.png"><script>alert(1)</script>'),
    "/static/a.css": ("text/css", "body{background:url(/static/bg.png)} @import 'https://fonts.example/f.css';"),
    "/static/bg.png": ("image/png", ""),
    "/static/m.js": ("text/javascript", 'import { x } from "./dep.js";\nconst u = "https://api.example/v1";'),
    "/static/dep.js": ("text/javascript", 'export const x = import("./missing.js");'),
    "/vendor/lib.js": ("text/javascript", '/* see https://docs.example */ importScripts("https://w.example/w.js")'),
}


class FakeClient:
    def get(self, url: str) -> _Response:
        if url not in FILES:
            return _Response(404, {"content-type": "text/plain"}, b"")
        kind, body = FILES[url]
        return _Response(200, {"content-type": kind}, body.encode())


def test_crawler_finds_foreign_references_broken_links_and_inline_scripts():
    result = crawl(FakeClient(), ["/"])
    foreign = {ref for _, ref in result.foreign}
    assert foreign == {
        "https://cdn.example/i.png",
        "https://fonts.example/f.css",
        "https://api.example/v1",
        "https://w.example/w.js",
    }
    assert [(url, status) for _, url, status in result.broken] == [("/static/missing.js", 404)]
    assert [where for where, _ in result.inline_scripts] == ["/page"]
    assert {"/static/bg.png", "/static/dep.js", "/vendor/lib.js", "/page"} <= set(result.fetched)
