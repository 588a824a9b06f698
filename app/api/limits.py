"""The request limits the API enforces, in one place.

- The body size (``MAX_BODY_BYTES``) is FastAPI's own limit (``include_router(max_body_size=...)``),
  which counts the bytes as they stream in, chunked bodies too; ``too_large_detail`` is the JSON
  error body that ``app.api.errors`` gives its 413.
- ``RequestHeadersMiddleware`` looks at the headers only, before anything reads the body:
  a body that is not ``application/json`` gets 415, so no other web page can make a visitor's
  browser post work without a CORS preflight; a declared ``Content-Length`` over the limit gets
  the JSON 413 at once (FastAPI's limiter would answer that case in plain text).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def content_length(scope: Scope) -> int | None:
    """The request's Content-Length: None when absent, -1 when it is not a number."""
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


def too_large_detail(max_bytes: int) -> list[dict]:
    msg = f"request body is larger than the limit of {max_bytes} bytes (MAX_BODY_BYTES)"
    return [{"loc": ["body"], "msg": msg, "type": "body_too_large"}]


def is_json_media_type(value: bytes) -> bool:
    """``application/json``, with parameters such as ``; charset=utf-8`` allowed."""
    media = value.split(b";", 1)[0].strip().lower()
    return media == b"application/json"


class RequestHeadersMiddleware:
    """Pure ASGI middleware: a request with a body (POST, PUT, PATCH with a non-empty or chunked
    body) whose Content-Type is not ``application/json`` gets 415, one whose Content-Length is over
    ``max_bytes`` 413, before anything reads it. A bodiless request passes: the endpoint answers it
    (422 "Field required" when it needs one)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        ctype = None
        chunked = False
        for key, value in scope.get("headers", []):
            if key == b"content-type":
                ctype = value
            elif key == b"transfer-encoding":
                chunked = True
        length = content_length(scope)
        if not (chunked or length):  # no body
            await self.app(scope, receive, send)
        elif ctype is None or not is_json_media_type(ctype):
            got = "no Content-Type" if ctype is None else f"Content-Type {ctype.decode('latin-1')[:80]!r}"
            await _refuse(send, 415, [{
                "loc": ["header", "content-type"], "type": "unsupported_media_type",
                "msg": f"the body must be JSON sent as Content-Type: application/json, not {got}"}])
        elif length is not None and length > self.max_bytes:
            await _refuse(send, 413, too_large_detail(self.max_bytes))
        else:
            await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, detail: list[dict]) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
