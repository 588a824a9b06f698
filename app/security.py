"""Safe-by-default HTTP: security headers, cache headers, GZip and (opt-in) CORS.

``install(app, settings)`` adds, from the outside in:

1. ``SecurityHeadersMiddleware``: a Content-Security-Policy with no inline script and no
   other origin (``frame-ancestors`` from ``FRAME_ANCESTORS``), ``X-Content-Type-Options:
   nosniff``, ``Referrer-Policy`` and a ``Cache-Control`` on every response: a year and
   ``immutable`` for versioned static URLs (``/static/...?v=...``, ``/vendor/...?v=...``),
   a short lifetime for unversioned static files, ``no-cache`` for pages and API answers.
2. Starlette's ``CORSMiddleware``, only when ``CORS_ORIGINS`` lists origins (none by default).
3. Compression: ``StaticGzipCache`` (versioned static files gzipped once), ``FastJSONGzip`` (the
   API's JSON, Huffman-only: cheap) and Starlette's ``GZipMiddleware`` for the other text.
4. ``RootPathMiddleware`` when ``ROOT_PATH`` is set (a proxy may keep or strip the prefix).
5. ``app.api.limits.RequestHeadersMiddleware``: a body that is not ``application/json`` gets 415,
   one whose Content-Length is over ``MAX_BODY_BYTES`` 413 (streamed bytes: FastAPI's own limit).
   Heavy-but-legal requests run in the heavy lane (``app.api.lane``), admitted on the validated request.
"""

from __future__ import annotations

import gzip
import time
import zlib

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.limits import RequestHeadersMiddleware
from app.config import Settings

LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
NO_CACHE = "no-cache"
STATIC_PREFIXES = ("/static/", "/vendor/")

# Plotly sets inline style attributes and ReDoc/Swagger UI inject <style> elements, so styles
# need 'unsafe-inline'; scripts never do: every page loads its code from files of this origin.
CSP_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def content_security_policy(frame_ancestors: str) -> str:
    ancestors = frame_ancestors.strip() or "'none'"
    return "; ".join(f"{name} {value}" for name, value in (*CSP_DIRECTIVES, ("frame-ancestors", ancestors)))


def cache_control_for(path: str, query_string: bytes) -> str:
    """The Cache-Control of a response to ``path`` (the path without the root path)."""
    if path.startswith(STATIC_PREFIXES):
        query = query_string.decode("latin-1")
        versioned = any(part.startswith("v=") and len(part) > 2 for part in query.split("&"))
        return LONG_CACHE if versioned else SHORT_CACHE
    return NO_CACHE


class SecurityHeadersMiddleware:
    """Pure ASGI middleware (cheap: no request body buffering) that sets the headers above."""

    def __init__(self, app: ASGIApp, frame_ancestors: str = "'self'") -> None:
        self.app = app
        self.headers = [
            ("Content-Security-Policy", content_security_policy(frame_ancestors)),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        root = scope.get("root_path", "") or ""
        if root and path.startswith(root + "/"):
            path = path[len(root) :]
        cache = cache_control_for(path, scope.get("query_string", b""))
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers:
                    if name not in headers:
                        headers[name] = value
                if "cache-control" not in headers:
                    status = message.get("status", 200)
                    headers["Cache-Control"] = cache if status < 400 else NO_CACHE
                # the server's own time to the answer (browsers show it; the load benchmark reads it)
                headers.append("Server-Timing", f"app;dur={(time.perf_counter() - started) * 1000:.1f}")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class StaticGzipCache:
    """Versioned static files (``?v=``) gzipped once per worker at the best level, then served from memory.

    At the start of a lesson every student loads Plotly.js (4.7 MB) at once: compressing it per
    request would cost ~130 ms of CPU each; cached, it costs nothing and is 14 % smaller.
    Unversioned URLs, ranges and clients without gzip take the ordinary path (``GZipMiddleware``).
    """

    def __init__(self, app: ASGIApp, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.used = 0
        self.cache: dict[tuple[str, bytes], tuple[list[tuple[bytes, bytes]], bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        root = scope.get("root_path", "") or ""
        route = path[len(root) :] if root and path.startswith(root + "/") else path
        query = scope.get("query_string", b"")
        headers = dict(scope.get("headers", []))
        if (
            not route.startswith(STATIC_PREFIXES)
            or cache_control_for(route, query) != LONG_CACHE
            or b"gzip" not in headers.get(b"accept-encoding", b"")
            or b"range" in headers
        ):
            await self.app(scope, receive, send)
            return
        key = (path, query)
        hit = self.cache.get(key)
        if hit is None:
            hit = await self._fill(scope, receive, key)
            if hit is None:  # not a cacheable answer: ask again the ordinary way
                await self.app(scope, receive, send)
                return
        out_headers, body = hit
        etag = next((v for k, v in out_headers if k.lower() == b"etag"), None)
        if etag is not None and _etag_matches(headers.get(b"if-none-match"), etag):
            # the browser's copy is current: 304 with the validators, no body (RFC 9110 15.4.5)
            kept = [(k, v) for k, v in out_headers if k.lower() in _NOT_MODIFIED_HEADERS]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": out_headers})
        await send({"type": "http.response.body", "body": body})

    async def _fill(self, scope: Scope, receive: Receive, key) -> tuple[list, bytes] | None:
        started: dict = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                started["complete"] = not message.get("more_body", False)

        plain = dict(scope)
        plain["headers"] = [(k, v) for k, v in scope.get("headers", []) if k != b"accept-encoding"]
        await self.app(plain, receive, capture)
        if started.get("status") != 200 or not started.get("complete"):
            return None  # an error, or a file cut short (the client went away mid-download): never cached
        kept = [
            (k, _gzip_etag(v) if k.lower() == b"etag" else v)
            for k, v in started.get("headers", [])
            if k.lower() not in (b"content-length", b"vary")
        ]
        if any(k.lower() == b"content-encoding" for k, _ in kept):
            return None
        raw = b"".join(chunks)
        length = next((v for k, v in started.get("headers", []) if k.lower() == b"content-length"), None)
        if length is not None and int(length) != len(raw):
            return None
        body = await run_in_threadpool(gzip.compress, raw, 9, mtime=0)
        headers = [*kept, (b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode()),
                   (b"vary", b"Accept-Encoding")]
        if self.used + len(body) <= self.max_bytes:
            self.cache[key] = (headers, body)
            self.used += len(body)
        return headers, body


class FastJSONGzip:
    """JSON answers gzipped with Huffman coding only: 5× cheaper than level 1, for most of the gain.

    A surface answer (92 KB, mostly base64 of float32 grids) becomes 66 KB in 0.4 ms instead of
    58 KB in 2 ms: at a class's 200 answers a second that is a third of the server's CPU saved.
    Only whole (single-message) ``application/json`` bodies; everything else is left to
    ``GZipMiddleware``, which skips what this one has already encoded.
    """

    def __init__(self, app: ASGIApp, minimum_size: int = 1000) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or b"gzip" not in dict(scope.get("headers", [])).get(b"accept-encoding", b""):
            await self.app(scope, receive, send)
            return
        held: Message | None = None

        async def compressing_send(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                held = message
                return
            if message["type"] == "http.response.body" and held is not None:
                start, held = held, None
                headers = MutableHeaders(raw=list(start.get("headers", [])))
                body = message.get("body", b"")
                if (
                    not message.get("more_body", False)
                    and headers.get("content-type", "").startswith("application/json")
                    and "content-encoding" not in headers
                    and len(body) >= self.minimum_size
                ):
                    packer = zlib.compressobj(1, zlib.DEFLATED, 31, 8, zlib.Z_HUFFMAN_ONLY)
                    body = packer.compress(body) + packer.flush()
                    headers["Content-Encoding"] = "gzip"
                    headers["Content-Length"] = str(len(body))
                    headers.add_vary_header("Accept-Encoding")
                    message = {**message, "body": body}
                await send({**start, "headers": headers.raw})
            await send(message)

        await self.app(scope, receive, compressing_send)


_NOT_MODIFIED_HEADERS = (b"etag", b"cache-control", b"vary", b"last-modified", b"expires", b"content-location")


def _etag_matches(if_none_match: bytes | None, etag: bytes) -> bool:
    """If-None-Match's weak comparison: any listed tag (or ``*``) equal to ``etag``, W/ ignored."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")]
    return b"*" in tags or etag.removeprefix(b"W/") in tags


def _gzip_etag(etag: bytes) -> bytes:
    """The compressed variant needs its own entity tag: ``"abc"`` becomes ``"abc-gzip"``."""
    return etag[:-1] + b'-gzip"' if etag.endswith(b'"') else etag + b"-gzip"


class RootPathMiddleware:
    """Serve under ``ROOT_PATH`` whether the proxy in front keeps the prefix or strips it.

    ASGI wants ``path`` to include ``root_path``; a proxy that strips ``/playground`` sends
    ``/static/x``, which routes match but mounted static folders would not find. The prefix
    is put back so both ``/playground/static/x`` and ``/static/x`` reach the same file.
    """

    def __init__(self, app: ASGIApp, root_path: str) -> None:
        self.app = app
        self.root_path = root_path.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root = self.root_path
        if root and scope["type"] in ("http", "websocket"):
            path = scope.get("path", "")
            scope = dict(scope)
            scope["root_path"] = root  # also without FastAPI(root_path=...), which is deprecated
            if path != root and not path.startswith(root + "/"):
                scope["path"] = root + path
                if scope.get("raw_path") is not None:
                    scope["raw_path"] = root.encode() + scope["raw_path"]
        await self.app(scope, receive, send)


def install(app: FastAPI, settings: Settings) -> None:
    """Add GZip, CORS (when configured) and the security headers, in that order (outermost last)."""
    # a body that is not JSON, or declares more than the limit, is refused before it is read
    app.add_middleware(RequestHeadersMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(FastJSONGzip)
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    app.add_middleware(StaticGzipCache)
    origins = settings.cors_origin_list
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type"],
            max_age=600,
        )
    app.add_middleware(SecurityHeadersMiddleware, frame_ancestors=settings.frame_ancestors)
    if settings.root_path:  # outermost: every layer below sees the root path in the scope
        app.add_middleware(RootPathMiddleware, root_path=settings.root_path)
