"""Request-size guard: bodies over the configured limit get a 413 before they are read whole."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_length(scope: Scope) -> int | None:
    """The request's Content-Length: None when absent, -1 when it is not a number."""
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


class BodySizeLimitMiddleware:
    """Pure ASGI middleware: refuses a body larger than ``max_bytes`` with 413 and a JSON detail.

    It checks ``Content-Length`` first and then counts the bytes actually received, so a
    chunked upload without a length cannot slip past.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = content_length(scope)
        if length is not None:
            if length < 0:
                await self._refuse(send, 400, "invalid Content-Length header")
                return
            if length > self.max_bytes:
                await self._refuse(send, 413, self._too_big())
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send, 413, self._too_big())

    def _too_big(self) -> str:
        return f"request body is larger than the limit of {self.max_bytes} bytes (MAX_BODY_BYTES)"

    @staticmethod
    async def _refuse(send: Send, status: int, message: str) -> None:
        body = json.dumps({"detail": [{"loc": ["body"], "msg": message, "type": "body_too_large"}]}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
