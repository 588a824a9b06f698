"""Safe-by-default HTTP: security headers, cache headers, GZip and (opt-in) CORS.

``install(app, settings)`` adds, from the outside in:

1. ``SecurityHeadersMiddleware``: a Content-Security-Policy with no inline script and no
   other origin (``frame-ancestors`` from ``FRAME_ANCESTORS``), ``X-Content-Type-Options:
   nosniff``, ``Referrer-Policy`` and a ``Cache-Control`` on every response: a year and
   ``immutable`` for versioned static URLs (``/static/...?v=...``, ``/vendor/...?v=...``),
   a short lifetime for unversioned static files, ``no-cache`` for pages and API answers.
2. Starlette's ``CORSMiddleware``, only when ``CORS_ORIGINS`` lists origins (none by default).
3. Starlette's ``GZipMiddleware`` for text assets and JSON.
4. ``RootPathMiddleware`` when ``ROOT_PATH`` is set (a proxy may keep or strip the prefix).
5. ``app.guard.HeavyRequestGate``: heavy-but-legal requests run in a low-priority side process.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import guard
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

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers:
                    if name not in headers:
                        headers[name] = value
                if "cache-control" not in headers:
                    status = message.get("status", 200)
                    headers["Cache-Control"] = cache if status < 400 else NO_CACHE
            await send(message)

        await self.app(scope, receive, send_with_headers)


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
            if path != root and not path.startswith(root + "/"):
                scope = dict(scope)
                scope["root_path"] = root
                scope["path"] = root + path
                if "raw_path" in scope and scope["raw_path"] is not None:
                    scope["raw_path"] = root.encode() + scope["raw_path"]
        await self.app(scope, receive, send)


def install(app: FastAPI, settings: Settings) -> None:
    """Add GZip, CORS (when configured) and the security headers, in that order (outermost last)."""
    if not guard.IN_SIDE_PROCESS:
        app.add_middleware(
            guard.HeavyRequestGate,
            settings_json=settings.model_dump_json(),
            max_body_bytes=settings.max_body_bytes,
            root_path=settings.root_path,
        )
    if settings.root_path:
        app.add_middleware(RootPathMiddleware, root_path=settings.root_path)
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=1)
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
