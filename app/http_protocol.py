"""uvicorn's HTTP protocols with request-receipt deadlines and ``TCP_NODELAY``.

uvicorn's keep-alive timeout only covers the idle time *between* requests: a client that trickles
its headers one byte a second, or promises a body and never sends it, holds a connection (and a
file descriptor) forever. These subclasses of uvicorn's own protocols (h11 and, when installed,
httptools) add two deadlines, both settings (``app.config``):

- ``REQUEST_HEADER_TIMEOUT``: a request's headers must have arrived this many seconds after the
  connection opened (or after the previous answer on a keep-alive connection), else the
  connection is closed. Trickling bytes does not extend it.
- ``REQUEST_BODY_TIMEOUT``: a body that delivers no byte for this many seconds (including a
  ``Content-Length`` larger than what is sent) gets ``408 Request Timeout`` (JSON error body)
  and the connection is closed.

Every accepted TCP socket also gets ``TCP_NODELAY``. asyncio sets it itself only for sockets it
recognises as TCP, which a socket inherited by uvicorn's worker processes is not: with two or
more workers every small answer then waited ~40 ms for its last bytes (Nagle's algorithm meets
the client's delayed ACK; Kludex/uvicorn#3149).

``python -m app`` passes ``http="app.http_protocol:DeadlineProtocol"`` to uvicorn: the httptools
flavour when httptools is installed (uvicorn's own ``auto`` choice), the h11 one otherwise.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

from app.config import get_settings

log = logging.getLogger("app.http")


def set_nodelay(transport: asyncio.BaseTransport) -> bool:
    """Turn Nagle's algorithm off on a transport's TCP socket; True when it was set."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # already closed by the peer
        return False
    return True


def _timeout_answer(seconds: float) -> bytes:
    body = json.dumps({"detail": [{
        "loc": ["body"], "type": "request_timeout",
        "msg": f"the request body stalled for {seconds:g} s (REQUEST_BODY_TIMEOUT); send it whole, "
               "with a Content-Length that matches it",
    }]}).encode()
    head = (
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode()
    return head + body


class DeadlineMixin:
    """The deadlines, over any uvicorn protocol that keeps ``self.cycle`` (h11 and httptools do)."""

    header_timeout: float | None = None  # None: read from the settings at the first connection
    body_timeout: float | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)  # type: ignore[misc]
        set_nodelay(transport)
        settings = get_settings()
        if self.header_timeout is None:
            self.header_timeout = settings.request_header_timeout
        if self.body_timeout is None:
            self.body_timeout = settings.request_body_timeout
        self._seen_cycle = None
        self._waiting: str | None = None  # "headers", "body" or None (the app has the request)
        self._timer: asyncio.TimerHandle | None = None
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)  # type: ignore[misc]
        self._watch(progress=True)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]

    # -- the state machine ------------------------------------------------------------------------
    def _disarm(self) -> None:
        timer = getattr(self, "_timer", None)
        if timer is not None:
            timer.cancel()
            self._timer = None

    def _arm(self, seconds: float, callback) -> None:
        self._disarm()
        self._timer = self.loop.call_later(seconds, callback)  # type: ignore[attr-defined]

    def _watch(self, progress: bool = False) -> None:
        if self.transport.is_closing():  # type: ignore[attr-defined]
            self._disarm()
            return
        cycle = self.cycle  # type: ignore[attr-defined]
        if cycle is not self._seen_cycle:  # a new request's headers have arrived
            self._seen_cycle = cycle
            self._waiting = None
        if cycle is None or cycle.response_complete:
            if self._waiting != "headers":  # one deadline per request: trickled bytes do not extend it
                self._waiting = "headers"
                self._arm(self.header_timeout, self._headers_late)
        elif cycle.more_body and not cycle.response_started:
            if self._waiting != "body" or progress:  # a stall deadline: every byte restarts it
                self._waiting = "body"
                self._arm(self.body_timeout, self._body_stalled)
        elif self._waiting is not None:
            self._waiting = None
            self._disarm()

    def _headers_late(self) -> None:
        self._timer = None
        if self._waiting == "headers" and not self.transport.is_closing():  # type: ignore[attr-defined]
            log.debug("closed %s: no complete request headers within %g s", self.client, self.header_timeout)  # type: ignore[attr-defined]
            self.transport.close()  # type: ignore[attr-defined]

    def _body_stalled(self) -> None:
        self._timer = None
        cycle = self.cycle  # type: ignore[attr-defined]
        if self._waiting != "body" or cycle is not self._seen_cycle or self.transport.is_closing():  # type: ignore[attr-defined]
            return
        if self.flow.read_paused:  # type: ignore[attr-defined]
            # uvicorn stopped reading (a full buffer the app has not taken yet): not the client's stall
            self._arm(self.body_timeout, self._body_stalled)
            return
        if cycle.more_body and not cycle.response_started:
            log.debug("answered 408 to %s: the body stalled for %g s", self.client, self.body_timeout)  # type: ignore[attr-defined]
            cycle.keep_alive = False
            self.transport.write(_timeout_answer(self.body_timeout))  # type: ignore[attr-defined]
        self.transport.close()  # type: ignore[attr-defined]


class DeadlineH11Protocol(DeadlineMixin, H11Protocol):
    """uvicorn's h11 protocol with the deadlines and TCP_NODELAY."""


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is not installed: h11 it is (uvicorn's own "auto" rule)
    DeadlineHttpToolsProtocol = None
    DeadlineProtocol: type = DeadlineH11Protocol
else:

    class DeadlineHttpToolsProtocol(DeadlineMixin, HttpToolsProtocol):  # type: ignore[no-redef]
        """uvicorn's httptools protocol with the deadlines and TCP_NODELAY."""

    DeadlineProtocol = DeadlineHttpToolsProtocol

PROTOCOLS = {"h11": DeadlineH11Protocol, "httptools": DeadlineHttpToolsProtocol}
