"""Crawl everything the app serves from its pages: HTML (src, href, spec-url, data-*-url), CSS
(url(), @import) and JS (static and dynamic imports), and collect every reference to another host.

Two strictness levels:
- our own files (pages, /static/...): ANY ``http(s)://`` text naming another host is a finding,
  except XML namespace names (``http://www.w3.org/2000/svg``...), which browsers never fetch;
- vendored bundles (/vendor/...: Plotly, Swagger UI, ReDoc) hold many URLs in comments, help
  texts and links, so there only what would *load* something counts: an ``import``, a CSS
  ``url()``/``@import``, ``importScripts``, ``fetch`` or a source map naming another host.
The browser test (test_deploy_offline_browser.py) then proves at run time that no request leaves.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

XML_NAMESPACES = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/2000/xmlns/",
    "http://www.w3.org/XML/1998/namespace",
    "http://www.w3.org/1998/Math/MathML",
}
ANY_URL = re.compile(r"""https?://[^\s"'`<>()\\]+""")
CSS_REFS = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
JS_IMPORTS = re.compile(
    r"""(?:^|[;\s}])import\s+(?:[\w*{}\s,$]+\s+from\s+)?["']([^"']+)["']"""
    r"""|(?:^|[;\s}])export\s+[\w*{}\s,$]+\s+from\s+["']([^"']+)["']"""
    r"""|\bimport\(\s*["']([^"']+)["']\s*\)""",
    re.M,
)
LOADS_IN_BUNDLES = re.compile(
    r"""(?:\b(?:import|importScripts|fetch)\(\s*|\bfrom\s*)["'`](https?://[^\s"'`]+)"""
    r"""|(?:@import\s+(?:url\()?|url\(\s*)["']?(https?://[^\s"')]+)"""
    r"""|sourceMappingURL=(https?://\S+)""",
)
URL_ATTRS = {"src", "href", "spec-url", "poster", "action", "data", "formaction"}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.assets: list[str] = []  # loaded by the page
        self.links: list[str] = []  # navigated to (<a href>)
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name, value in values.items():
            if not value:
                continue
            if name in URL_ATTRS or (name.startswith("data-") and name.endswith("-url")):
                (self.links if tag == "a" and name == "href" else self.assets).append(value)
            elif name == "srcset":
                self.assets.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif name == "style":
                self.assets.extend(a or b for a, b in CSS_REFS.findall(value))
        if tag == "script":
            # a data block (type="application/json") is never run, so the CSP has nothing to say
            self._in_script = "src" not in values and values.get("type", "") != "application/json"
        if tag == "style":
            self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data.strip())


@dataclass
class CrawlResult:
    fetched: dict[str, int] = field(default_factory=dict)  # url -> status
    foreign: list[tuple[str, str]] = field(default_factory=list)  # (where, reference)
    broken: list[tuple[str, str, int]] = field(default_factory=list)  # (where, url, status)
    inline_scripts: list[tuple[str, str]] = field(default_factory=list)
    prefix_missing: list[tuple[str, str]] = field(default_factory=list)


def crawl(client, starts: list[str], origin: str = "http://testserver", root_path: str = "") -> CrawlResult:
    """BFS over the app through ``client`` (a TestClient or anything with ``.get``)."""
    result = CrawlResult()
    queue: deque[tuple[str, str, bool]] = deque((s, "(start)", True) for s in starts)
    seen: set[str] = set()
    host = urlsplit(origin).netloc

    def note_foreign(where: str, text: str, strict: bool) -> None:
        if strict:
            refs = ANY_URL.findall(text)
            refs = [r.rstrip(".,;") for r in refs]
            refs = [r for r in refs if r not in XML_NAMESPACES]
        else:
            refs = [next(g for g in groups if g) for groups in LOADS_IN_BUNDLES.findall(text)]
        for ref in refs:
            if urlsplit(ref).netloc != host:
                result.foreign.append((where, ref))

    def enqueue(base: str, ref: str, where: str, is_page_link: bool) -> None:
        ref = ref.strip()
        if not ref or ref.startswith(("data:", "blob:", "#", "mailto:", "javascript:", "about:")):
            return
        absolute = urljoin(origin + base, ref)
        parts = urlsplit(absolute)
        if parts.netloc != host:
            result.foreign.append((where, ref))
            return
        if root_path and ref.startswith("/") and not ref.startswith(root_path + "/"):
            result.prefix_missing.append((where, ref))
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        queue.append((local, where, is_page_link))

    while queue:
        url, where, is_page_link = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        result.fetched[url] = response.status_code
        if response.status_code != 200:
            result.broken.append((where, url, response.status_code))
            continue
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        path = urlsplit(url).path
        ours = "/vendor/" not in path
        if kind == "text/html":
            text = response.text
            parser = _Refs()
            parser.feed(text)
            note_foreign(url, text, strict=True)
            result.inline_scripts.extend((url, s[:80]) for s in parser.inline_scripts)
            for ref in parser.assets:
                enqueue(url, ref, url, False)
            for ref in parser.links:
                target = urljoin(origin + url, ref)
                target_path = urlsplit(target).path.removeprefix(root_path)
                if target_path.startswith(("/api/", "/openapi.json")):
                    continue
                enqueue(url, ref, url, True)
        elif kind == "text/css":
            text = response.text
            note_foreign(url, text, strict=ours)
            for a, b in CSS_REFS.findall(text):
                enqueue(url, a or b, url, False)
        elif kind in ("text/javascript", "application/javascript"):
            text = response.text
            note_foreign(url, text, strict=ours)
            if ours:
                for groups in JS_IMPORTS.findall(text):
                    ref = next(g for g in groups if g)
                    enqueue(url, ref, url, False)
        elif kind == "application/json" and path.endswith("openapi.json"):
            note_foreign(url, response.text, strict=True)
    return result


@dataclass
class _Response:
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class UrlClient:
    """The ``.get`` that ``crawl`` needs, over HTTP with the standard library (for a real server)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def get(self, url: str) -> _Response:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.base_url + url, timeout=30) as r:
                return _Response(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
        except urllib.error.HTTPError as e:
            return _Response(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())
