"""Heavy requests go to a low-priority side process, so they cannot slow the class down.

A legal request can still be expensive: a 200×200 surface of a 10×64 network, 1000 epochs of
a 5000-point dataset with batch size 1, a forward pass of 10 000 rows through the largest network.
``HeavyRequestGate`` estimates the compute of every ``POST`` to the gated endpoints from its JSON
body (network size × points × epochs, plus a per-mini-batch overhead) before the app runs it:

- a light request (the playground's frames: a few milliseconds) runs as usual, in the worker;
- a heavy one (estimated over ``HEAVY_MS``) runs in a side process of the worker, one at a
  time, at the lowest CPU priority (``nice 19``): the kernel gives the workers' light requests
  the CPU first, and the worker's own event loop and GIL stay free. Its answer is the same bytes
  the app would give (the side process runs the same app with the same settings);
- a body over ``LARGE_BYTES`` (a 64-wide network, thousands of inline points) is heavy without
  being parsed in the worker at all;
- when ``QUEUE`` heavy requests already wait for that process, the next gets ``429 Too Many
  Requests`` with ``Retry-After`` at once (a large one before its body is even read).

``/api/train`` keeps its own wall-clock budget (``TRAIN_BUDGET_SECONDS``) in the side process,
so a heavy training call still returns in time, with ``status: "budget_exceeded"``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.limits import content_length

log = logging.getLogger("app.guard")

GATED_PATHS = ("/api/train", "/api/surface", "/api/forward", "/api/gradients")
HEAVY_MS = 150.0  # estimated compute above which a request is heavy
QUEUE = 3  # heavy requests admitted per worker (one running, the rest waiting)
SMALL_BYTES = 4096  # forward and gradients bodies up to this size are light without parsing
BOUNDED_BY_BODY = ("/api/forward", "/api/gradients")  # endpoints whose work the body's size bounds
LARGE_BYTES = 256 * 1024  # bodies above this go to the heavy lane unparsed (the playground's are ~1 KB)
# The cost model, measured on a 2-core machine (float64 numpy, single-threaded BLAS), rounded up.
NS_PER_MAC = 0.7  # one multiply-add in a matrix product
MS_PER_STEP = 0.01  # one optimiser step (Python overhead)
MS_PER_BATCH_LAYER = 0.01  # one mini-batch through one layer, forward and backward (overhead)
MS_PER_EPOCH = 0.3  # the per-epoch evaluation and bookkeeping
MS_PER_GRID_CELL = 0.00005  # encoding one output cell

IN_SIDE_PROCESS = False  # True inside the side process: its app has no gate of its own


# -- the cost model ------------------------------------------------------------------------------
def _network_shape(network: Any) -> tuple[int, int, int] | None:
    """(multiply-adds per input row, layers, neurons) of a network object, or None if malformed."""
    if not isinstance(network, dict) or not isinstance(network.get("layers"), list):
        return None
    macs = neurons = 0
    for layer in network["layers"]:
        weights = layer.get("weights") if isinstance(layer, dict) else None
        if not isinstance(weights, list) or not weights or not isinstance(weights[0], list):
            return None
        macs += len(weights) * len(weights[0])
        neurons += len(weights)
    return macs, len(network["layers"]), neurons


def _surface_ms(spec: Any, macs: int, neurons: int) -> float:
    if not isinstance(spec, dict):
        return 0.0
    res = _num(spec.get("resolution"), 100)
    cells = res * res
    evaluated = cells
    if spec.get("neurons"):
        nres = _num(spec.get("neuron_resolution"), 24)
        cells += nres * nres * (neurons + 2)
        evaluated += nres * nres
    return evaluated * macs * NS_PER_MAC / 1e6 + cells * MS_PER_GRID_CELL


def _num(value: Any, default: float) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def _train_rows(data: Any) -> int:
    if not isinstance(data, dict):
        return 0
    spec = data.get("dataset")
    if isinstance(spec, dict):
        from app.nn import datasets

        info = datasets.INFOS.get(spec.get("name"))
        n = _num(spec.get("n"), info.default_n if info else 500)
        return int(n * min(1.0, max(0.0, _num(spec.get("train_fraction"), 0.5))))
    train = data.get("train")
    points = train.get("points") if isinstance(train, dict) else None
    return len(points) if isinstance(points, list) else 0


def estimate_ms(path: str, body: Any) -> float:
    """Estimated compute of a gated request in milliseconds (0 when the body is not understood:
    the app then answers it, usually with a 4xx)."""
    if not isinstance(body, dict):
        return 0.0
    shape = _network_shape(body.get("network"))
    if shape is None:
        return 0.0
    macs, layers, neurons = shape
    if path == "/api/surface":
        return _surface_ms(body, macs, neurons)
    if path in ("/api/forward", "/api/gradients"):
        inputs = body.get("inputs")
        rows = len(inputs) if isinstance(inputs, list) else 0
        return rows * macs * (3 if path == "/api/gradients" else 1) * NS_PER_MAC / 1e6
    if path == "/api/train":
        rows = _train_rows(body.get("data"))
        epochs = _num(body.get("epochs"), 1)
        batch = max(1.0, _num(body.get("batch_size"), 10))
        steps = epochs * math.ceil(rows / batch)
        compute = (
            epochs * rows * macs * 4 * NS_PER_MAC / 1e6
            + steps * (MS_PER_STEP + layers * MS_PER_BATCH_LAYER)
            + epochs * MS_PER_EPOCH
        )
        return compute + _surface_ms(body.get("surface"), macs, neurons)
    return 0.0


# -- the side process ------------------------------------------------------------------------------
# A plain child process (`python -m app.guard`), not multiprocessing: nothing of the server's main
# module is re-imported. Requests and answers travel over its stdin and stdout as length-prefixed
# pickles (the parent is the only writer; the child's print()s and logs go to stderr).
SIDE_TIMEOUT_S = 120.0


class SideProcess:
    """One low-priority child per worker, answering one buffered request at a time.

    The exchange is blocking I/O run in a thread (``run_sync``), so it works from any event loop.
    """

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        root = str(Path(__file__).resolve().parent.parent)
        return subprocess.Popen([sys.executable, "-m", "app.guard"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                cwd=root)

    def _read(self, stream, size: int, deadline: float) -> bytes:
        chunks, left = [], size
        fd = stream.fileno()
        while left:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError("the side process took too long")
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError("the side process closed its output")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def call_blocking(self, settings_json: str, scope: dict, body: bytes) -> tuple[int, list, bytes]:
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = self._start()
            proc = self.proc
            payload = pickle.dumps((settings_json, scope, body), protocol=pickle.HIGHEST_PROTOCOL)
            deadline = time.monotonic() + SIDE_TIMEOUT_S
            try:
                proc.stdin.write(len(payload).to_bytes(8, "big") + payload)
                proc.stdin.flush()
                size = int.from_bytes(self._read(proc.stdout, 8, deadline), "big")
                return pickle.loads(self._read(proc.stdout, size, deadline))
            except (OSError, EOFError, TimeoutError, pickle.UnpicklingError) as exc:
                log.error("guard: the side process failed (%r); it will be restarted", exc)
                self.close()
                return _json_answer(503, "the server's side process for heavy requests failed; retry", True)

    async def call(self, settings_json: str, scope: dict, body: bytes) -> tuple[int, list, bytes]:
        return await run_in_threadpool(self.call_blocking, settings_json, scope, body)

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.kill()
                proc.wait(timeout=5)
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    stream.close()


def _side_main() -> None:
    """The child's loop: read a request, run the app on it, write the answer."""
    import app.guard  # this file runs as __main__ here: flag the module that app.security imports

    app.guard.IN_SIDE_PROCESS = True
    from app import tuning

    tuning.tune_process()
    with contextlib.suppress(OSError):  # not allowed: still apart from the worker's GIL
        os.nice(19)
    channel_in = sys.stdin.buffer
    channel_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the channel
    apps: dict[str, Any] = {}
    loop = asyncio.new_event_loop()
    while True:
        head = channel_in.read(8)
        if len(head) < 8:
            return  # the worker went away
        settings_json, scope, body = pickle.loads(channel_in.read(int.from_bytes(head, "big")))
        app = apps.get(settings_json)
        if app is None:
            from app.config import Settings
            from app.main import create_app

            app = apps[settings_json] = create_app(Settings.model_validate_json(settings_json))
        try:
            answer = loop.run_until_complete(_call_buffered(app, scope, body))
        except Exception as exc:  # noqa: BLE001 - the app's own error handler normally answers
            log.exception("guard: side process request failed")
            answer = _json_answer(500, f"internal error: {type(exc).__name__}")
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        channel_out.write(len(data).to_bytes(8, "big") + data)
        channel_out.flush()


async def _call_buffered(app: ASGIApp, scope: dict, body: bytes) -> tuple[int, list, bytes]:
    sent = False
    status, headers, chunks = 500, [], []

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, headers, b"".join(chunks)


# -- the gate --------------------------------------------------------------------------------------
class HeavyRequestGate:
    """Pure ASGI middleware; see the module docstring."""

    def __init__(self, app: ASGIApp, settings_json: str, max_body_bytes: int, root_path: str = "") -> None:
        self.app = app
        self.settings_json = settings_json
        self.max_body_bytes = max_body_bytes
        self.root_path = root_path.rstrip("/")
        self.side = SideProcess()
        self.admitted = 0

    def _route_path(self, scope: Scope) -> str:
        path = scope.get("path", "")
        root = scope.get("root_path", "") or self.root_path
        return path[len(root) :] if root and path.startswith(root + "/") else path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or self._route_path(scope) not in GATED_PATHS:
            await self.app(scope, receive, send)
            return
        length = content_length(scope) or -1
        if length > self.max_body_bytes:
            await self.app(scope, receive, send)  # the body-size limit answers 413
            return
        if length > LARGE_BYTES and self.admitted >= QUEUE:
            await _busy(send)  # refused before reading it
            return

        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = message.get("more_body", False)
            if size > self.max_body_bytes:
                break
        body = b"".join(chunks)

        cost = 0.0
        if more:
            pass  # over MAX_BODY_BYTES: the app answers 413
        elif size > LARGE_BYTES:
            cost = math.inf  # a big network or dataset: not even parsed in the worker
        elif size <= SMALL_BYTES and self._route_path(scope) in BOUNDED_BY_BODY:
            # Work proportional to rows × weights, both inside a body of at most 4 KiB (under 1000
            # numbers): well under a millisecond, whatever the JSON says. No need to parse it here.
            cost = 0.0
        else:
            try:
                cost = estimate_ms(self._route_path(scope), json.loads(body))
            except (ValueError, RecursionError, TypeError, AttributeError, KeyError):
                cost = 0.0
        if cost < HEAVY_MS:
            # the estimate travels with the request (request.state.estimated_ms): a light one may
            # run on the event loop rather than in the thread pool
            scope.setdefault("state", {})["estimated_ms"] = cost
            await self.app(scope, _replay(body, more, receive), send)
            return
        if self.admitted >= QUEUE:
            await _busy(send)
            return
        self.admitted += 1
        try:
            status, headers, payload = await self._run_aside(scope, body)
        finally:
            self.admitted -= 1
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def _run_aside(self, scope: Scope, body: bytes) -> tuple[int, list, bytes]:
        plain = {
            k: scope[k]
            for k in ("type", "asgi", "http_version", "method", "scheme", "path", "raw_path", "query_string",
                      "root_path", "headers", "client", "server")
            if k in scope
        }
        return await self.side.call(self.settings_json, plain, body)


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    done = False

    async def replayed() -> Message:
        nonlocal done
        if not done:
            done = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replayed


def _json_answer(status: int, msg: str, retry: bool = False) -> tuple[int, list, bytes]:
    body = json.dumps({"detail": [{"loc": ["body"], "msg": msg, "type": "server_busy"}]}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry:
        headers.append((b"retry-after", b"2"))
    return status, headers, body


async def _busy(send: Send) -> None:
    status, headers, body = _json_answer(
        429, "the server is busy with other heavy requests; retry in a few seconds or ask for less work", True
    )
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


if __name__ == "__main__":
    _side_main()
