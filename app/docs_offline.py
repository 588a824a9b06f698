"""Offline API docs: ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), with no CDN and no inline script.

The Swagger UI and ReDoc bundles come from the ``fastapi-offline`` package (its ``static/``
folder) and are served by the app under ``/vendor/docs/``; the small start-up script of
Swagger UI is a file of ours under ``/vendor/docs-init/`` (FastAPI's own docs page starts
Swagger UI with an inline script, which the Content-Security-Policy forbids). ReDoc starts
by itself on its ``<redoc spec-url>`` element. Every URL carries the root path.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from importlib.metadata import version
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from app import __version__

VENDOR_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
INIT_DIR = Path(__file__).resolve().parent / "docs_static"
VENDOR_VERSION = version("fastapi-offline")

# ReDoc's sidebar footer shows a logo loaded from Redocly's CDN; offline we draw nothing there.
REDOC_REMOTE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
BLANK_SVG = "data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27/%3E"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{base}/static/img/favicon.svg?v={app_v}" type="image/svg+xml">
<link rel="stylesheet" href="{base}/vendor/docs-init/docs.css?v={app_v}">
{head}</head>
<body>
<nav class="docs-back"><a href="{base}/">&larr; Neuron Playground</a></nav>
{body}
</body>
</html>
"""


def _base(request: Request) -> str:
    return escape(request.scope.get("root_path", "").rstrip("/"), quote=True)


def swagger_page(base: str, title: str) -> str:
    v = escape(VENDOR_VERSION)
    return _PAGE.format(
        title=escape(title),
        base=base,
        app_v=__version__,
        head=f'<link rel="stylesheet" href="{base}/vendor/docs/swagger-ui.css?v={v}">\n',
        body=(
            f'<div id="swagger-ui" data-openapi-url="{base}/openapi.json"></div>\n'
            f'<script src="{base}/vendor/docs/swagger-ui-bundle.js?v={v}"></script>\n'
            f'<script src="{base}/vendor/docs-init/swagger-init.js?v={__version__}"></script>'
        ),
    )


def redoc_page(base: str, title: str) -> str:
    v = escape(VENDOR_VERSION)
    return _PAGE.format(
        title=escape(title),
        base=base,
        app_v=__version__,
        head="",
        body=(
            "<noscript>ReDoc needs JavaScript to show the API reference.</noscript>\n"
            f'<redoc spec-url="{base}/openapi.json"></redoc>\n'
            f'<script src="{base}/vendor/docs/redoc.standalone.js?v={v}"></script>'
        ),
    )


@lru_cache(maxsize=1)
def redoc_bundle() -> bytes:
    """ReDoc's standalone bundle with its one remote image reference replaced by a blank data: URL."""
    return (VENDOR_DIR / "redoc.standalone.js").read_text(encoding="utf-8").replace(
        REDOC_REMOTE_LOGO, BLANK_SVG
    ).encode("utf-8")


def install(app: FastAPI) -> None:
    """Add ``/docs``, ``/redoc`` and their assets (create the app with ``docs_url=None, redoc_url=None``)."""

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def swagger_ui(request: Request) -> HTMLResponse:
        return HTMLResponse(swagger_page(_base(request), f"{app.title} - Swagger UI"))

    @app.get("/redoc", include_in_schema=False, response_class=HTMLResponse)
    def redoc(request: Request) -> HTMLResponse:
        return HTMLResponse(redoc_page(_base(request), f"{app.title} - ReDoc"))

    @app.get("/vendor/docs/redoc.standalone.js", include_in_schema=False)
    def redoc_js() -> Response:
        return Response(redoc_bundle(), media_type="text/javascript; charset=utf-8")

    app.mount("/vendor/docs-init", StaticFiles(directory=INIT_DIR), name="docs-init")
    app.mount("/vendor/docs", StaticFiles(directory=VENDOR_DIR), name="docs-vendor")
