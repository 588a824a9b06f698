"""Slow clients and small answers, against a real server started as the Dockerfile starts it.

The server runs with 2 workers and 1-second request deadlines (the defaults are 10 s: checked in
the settings), and is reached with raw sockets: trickled headers are cut off, a stalled or short
body gets 408, and a small answer arrives in one piece (TCP_NODELAY on every accepted socket).
"""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest
from deploy_helpers import start_like_docker, stop

from app import http_protocol
from app.config import Settings

DEADLINE = 1.0


@pytest.fixture(scope="module")
def server(dockerfile):
    env = {"WEB_CONCURRENCY": "2", "REQUEST_HEADER_TIMEOUT": str(DEADLINE), "REQUEST_BODY_TIMEOUT": str(DEADLINE)}
    proc, url = start_like_docker(dockerfile, env)
    yield int(url.rsplit(":", 1)[1])
    stop(proc)


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return sock


def _read_until_closed(sock: socket.socket, limit: float = 10.0) -> tuple[bytes, float]:
    """Everything the server sends until it closes, and when it closed (seconds from now)."""
    started = time.monotonic()
    sock.settimeout(limit)
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            return data, time.monotonic() - started
        data += chunk


def _read_answer(sock: socket.socket) -> tuple[bytes, float]:
    """One whole HTTP answer (Content-Length framed), and the gap between its first and last byte."""
    buf, first = b"", None
    while True:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        if first is None:
            first = time.perf_counter()
        buf += chunk
        head, sep, body = buf.partition(b"\r\n\r\n")
        if sep:
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            if len(body) >= length:
                return buf, time.perf_counter() - first


def test_the_default_deadlines_are_ten_seconds(dockerfile):
    fields = Settings.model_fields
    assert fields["request_header_timeout"].default == 10.0
    assert fields["request_body_timeout"].default == 10.0
    assert not {"REQUEST_HEADER_TIMEOUT", "REQUEST_BODY_TIMEOUT"} & set(dockerfile.env)


def test_trickled_headers_are_cut_off(server):
    sock = _connect(server)
    started = time.monotonic()
    sock.settimeout(0.3)
    closed_at = None
    for byte in b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 40:
        try:
            sock.send(bytes([byte]))
            if sock.recv(1) == b"":
                closed_at = time.monotonic() - started
                break
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            closed_at = time.monotonic() - started
            break
    sock.close()
    assert closed_at is not None, "a connection trickling its headers was never closed"
    assert closed_at >= DEADLINE * 0.9  # not before its deadline


@pytest.mark.parametrize("sent", [b"", b'{"logits": [1'], ids=["no-body-byte", "part-of-the-body"])
def test_a_stalled_body_gets_408_and_a_close(server, sent):
    sock = _connect(server)
    sock.sendall(b"POST /api/softmax HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000\r\n\r\n" + sent)
    data, after = _read_until_closed(sock)
    sock.close()
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), data[:200]
    detail = json.loads(body)["detail"][0]
    assert detail["loc"] == ["body"] and "REQUEST_BODY_TIMEOUT" in detail["msg"]
    assert after >= DEADLINE * 0.9


def test_a_chunked_body_that_stalls_gets_408(server):
    sock = _connect(server)
    sock.sendall(b"POST /api/quiz/neuron/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n5\r\n{\"see")
    data, _ = _read_until_closed(sock)
    sock.close()
    assert data.startswith(b"HTTP/1.1 408"), data[:200]


def test_normal_requests_are_served_beside_slow_connections(server):
    slow = [_connect(server) for _ in range(50)]
    for sock in slow:
        sock.send(b"GET /healthz HTTP/1.1\r\nHo")
    sock = _connect(server)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    answer, _ = _read_answer(sock)
    assert answer.startswith(b"HTTP/1.1 200")
    for s in [*slow, sock]:
        s.close()


def test_small_answers_come_in_one_piece_with_two_workers(server):
    """Nagle's algorithm meets delayed ACK: without TCP_NODELAY the body of a small answer on a
    kept-alive connection waits for the client's delayed ACK, >= 40 ms on Linux (uvicorn#3149).
    A correctness check of the socket option with a wide margin, not a speed test."""
    sock = _connect(server)
    gaps = []
    for _ in range(6):
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        answer, gap = _read_answer(sock)
        assert answer.startswith(b"HTTP/1.1 200")
        gaps.append(gap)
    sock.close()
    assert sorted(gaps[1:])[2] < 0.030, f"first-to-last byte gaps (s): {gaps}"


def test_the_connection_count_is_bounded(dockerfile):
    proc, url = start_like_docker(dockerfile, {"WEB_CONCURRENCY": "1", "LIMIT_CONCURRENCY": "4"})
    port = int(url.rsplit(":", 1)[1])
    try:
        idle = [_connect(port) for _ in range(4)]
        time.sleep(0.3)
        sock = _connect(port)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        answer, _ = _read_answer(sock)
        assert answer.startswith(b"HTTP/1.1 503")
        for s in [*idle, sock]:
            s.close()
    finally:
        stop(proc)


# -- the protocol classes themselves -------------------------------------------------------------
class _Transport(asyncio.Transport):
    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self.sock = sock
        self.closed = False

    def get_extra_info(self, name, default=None):
        return {"socket": self.sock, "peername": ("127.0.0.1", 1), "sockname": ("127.0.0.1", 2)}.get(name, default)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("name", ["h11", "httptools"])
def test_connection_made_sets_tcp_nodelay(name):
    cls = http_protocol.PROTOCOLS[name]
    if cls is None:
        pytest.skip("httptools is not installed")
    import uvicorn
    from uvicorn.server import ServerState

    async def app(scope, receive, send):  # pragma: no cover - never called
        pass

    config = uvicorn.Config(app, log_level="warning")
    config.load()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        accepted, _ = listener.accept()
        with client, accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            loop = asyncio.new_event_loop()
            try:
                protocol = cls(config=config, server_state=ServerState(), app_state={}, _loop=loop)
                protocol.connection_made(_Transport(accepted))
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
                protocol.connection_lost(None)
            finally:
                loop.close()
