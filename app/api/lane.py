"""The heavy lane: expensive engine calls run in a bounded, low-priority process pool.

A router validates its request first (so a bad request gets its 4xx at once, whatever it looks
like), estimates the compute from the *validated* request (``estimate_*_ms``), then calls
``await lane.run(cost_ms, fn, *args)`` with a picklable engine function (``app.api.compute``):

- under ``INLINE_MS`` (the playground's frames, a few ms): run right on the event loop; a hop to
  the thread pool costs more than that under load;
- under ``HEAVY_MS``: run in the thread pool;
- otherwise the heavy lane: a ``concurrent.futures.ProcessPoolExecutor`` (spawned children at
  ``nice 19``, so the light requests of every worker get the CPU first, and this worker's event
  loop and GIL stay free).

Fair across workers (one machine, any number of uvicorn workers): admission is counted
machine-wide with ``flock`` on small files in a folder of ``/dev/shm`` (a tmpfs, writable on a
read-only root filesystem; else the temporary directory) named after the port
(``MachineSlots``): ``RUN_SLOTS`` files (one per core) bound the heavy computations running at
once, ``RUN_SLOTS + QUEUE`` ticket files bound those admitted (running or waiting). A worker
whose own requests are all heavy still runs them in any free machine slot, and a request is
refused (429 + ``Retry-After``) only when the machine's whole lane is full. The kernel drops a
lock when its holder exits, so a crashed worker never leaks a slot.

Bounded waiting: a heavy request waits for a run slot at most ``wait_seconds`` =
``(QUEUE / RUN_SLOTS + 1) × (TRAIN_BUDGET_SECONDS + 1 s)``, then gets 429: long enough for every
request admitted before it to finish (a train call stops at its budget; a surface or forward
pass at the largest sizes the limits allow takes under a second; the extra second covers a
child's start-up and the answer's serialisation). ``/api/train``'s budget counts from the moment
it starts computing, and the engine stops within one mini-batch of it (``status:
"budget_exceeded"``). So a heavy answer comes at most ``wait_seconds + TRAIN_BUDGET_SECONDS`` + its
surface after it arrived: 11 s with the defaults (budget 2 s, QUEUE = 2 × RUN_SLOTS), well inside
a browser's or a client library's timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import math
import multiprocessing
import os
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Response
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

INLINE_MS = 20.0  # estimated compute under which a call runs on the event loop
HEAVY_MS = 100.0  # estimated compute over which a call goes to the process pool
RUN_SLOTS = os.cpu_count() or 1  # heavy computations at once, machine-wide (niced: they use idle cores)
QUEUE = 2 * RUN_SLOTS  # heavy requests waiting at once, machine-wide
POLL_S = 0.01  # how often a waiting request looks for a free run slot
RETRY_AFTER_S = 2

# -- the cost model: measured on the 2-core machine, numpy engine; tests/unit/test_lane.py holds
# every estimate to within 0.5-2x of the measured time, from the playground's frame to the largest.
NS_PER_MAC = 0.03  # one multiply-add in a matrix product (BLAS)
NS_PER_VALUE = 2.5  # one neuron's value for one row: bias, activation (tanh), their temporaries
MS_PER_LAYER_CALL = 0.005  # numpy's per-call overhead of one layer, forward
MS_PER_STEP = 0.012  # one mini-batch step's fixed Python overhead
MS_PER_BATCH_LAYER = 0.009  # one mini-batch through one layer, forward and backward (overhead)
NS_PER_PARAM_STEP = 5.0  # one parameter's optimiser update (Adam: a few element-wise passes)
NS_PER_LIST_VALUE = 160.0  # one number of a JSON list answer (tolist, validation, serialisation)
NS_PER_GRID_CELL = {"float32": 4.0, "uint8": 4.0, "json": 100.0}  # one encoded grid cell
MS_PER_POINT = 0.0005  # generating and preparing one data point
MS_PER_GRID = 0.02  # one grid of a surface answer, whatever its size (base64, its dict)


def _shape(net) -> tuple[int, int, int]:
    """(multiply-adds per input row, layers, neurons) of a validated ``Network``."""
    macs = sum(lyr.weights.size for lyr in net.layers)
    return macs, len(net.layers), sum(lyr.weights.shape[0] for lyr in net.layers)


def _forward_ms(rows: float, macs: int, neurons: int, layers: int) -> float:
    return rows * (macs * NS_PER_MAC + neurons * NS_PER_VALUE) / 1e6 + layers * MS_PER_LAYER_CALL


def estimate_forward_ms(net, rows: int, backward: bool = False) -> float:
    """/api/forward (every layer's z and a as lists) or, with ``backward``, /api/gradients."""
    macs, layers, neurons = _shape(net)
    if backward:
        return 3 * _forward_ms(rows, macs, neurons, layers) + rows * MS_PER_POINT
    values = rows * (2 * neurons + net.n_inputs)
    return _forward_ms(rows, macs, neurons, layers) + values * NS_PER_LIST_VALUE / 1e6


def estimate_surface_ms(net, spec) -> float:
    macs, layers, neurons = _shape(net)
    cells = spec.resolution**2
    ms = _forward_ms(cells, macs, neurons, layers)
    if spec.neurons:
        nres = spec.neuron_resolution**2
        ms += _forward_ms(nres, macs, neurons, layers)
        cells += nres * (neurons + net.n_inputs)
    grids = net.n_outputs + (neurons + net.n_inputs if spec.neurons else 0)
    return ms + cells * NS_PER_GRID_CELL.get(spec.encoding, 100.0) / 1e6 + grids * MS_PER_GRID


# the compiled kernel (app.nn.compiled, small layers and batches): scalar loops, no per-call overhead
KERNEL_NS_PER_MAC = 1.6  # one multiply-add, forward or backward, with its activation
KERNEL_NS_PER_PARAM_STEP = 1.5  # one parameter's optimiser update
KERNEL_MS_FIXED = 0.3  # the call's set-up and the shaping of its answer


def estimate_train_ms(net, rows: int, test_rows: int, epochs: int, batch_size: int, surface=None) -> float:
    """An /api/train call of ``epochs`` epochs over ``rows`` training points (+ its surface), by the
    path ``app.nn.compiled.train`` takes for it."""
    from app.nn import compiled, training

    macs, layers, neurons = _shape(net)
    if compiled.worth_it(net, training.TrainConfig(batch_size=batch_size)):
        steps = math.ceil(rows / max(1, min(batch_size, rows)))
        per_epoch = (KERNEL_NS_PER_MAC * macs * (4 * rows + test_rows)
                     + steps * net.params.size * KERNEL_NS_PER_PARAM_STEP) / 1e6
        ms = KERNEL_MS_FIXED + max(epochs, 1) * per_epoch + (rows + test_rows) * MS_PER_POINT
        return ms + (estimate_surface_ms(net, surface) if surface is not None else 0.0)
    steps = math.ceil(rows / max(1, min(batch_size, rows)))
    per_epoch = (
        6 * _forward_ms(rows, macs, neurons, layers)  # forward and backward (about twice its cost) over every point
        + steps * (MS_PER_STEP + layers * MS_PER_BATCH_LAYER + net.params.size * NS_PER_PARAM_STEP / 1e6)
        + _forward_ms(rows + test_rows, macs, neurons, layers)  # the loss and accuracy after the epoch
    )
    ms = max(epochs, 1) * per_epoch + (rows + test_rows) * MS_PER_POINT
    return ms + (estimate_surface_ms(net, surface) if surface is not None else 0.0)


# -- machine-wide slots ------------------------------------------------------------------------------
class MachineSlots:
    """Counting semaphores shared by every process of one machine: ``flock`` on numbered files.

    With no writable folder at all (``folder`` None) the count is this process's own."""

    def __init__(self, folder: Path | None, run_slots: int, queue: int) -> None:
        self.folder, self.run_slots, self.tickets = folder, run_slots, run_slots + queue
        self.local: set[tuple[str, int]] = set()

    def _try(self, kind: str, count: int) -> int | tuple | None:
        """A held slot of ``kind`` (an open, exclusively locked file descriptor), or None."""
        if self.folder is None:
            free = next(((kind, i) for i in range(count) if (kind, i) not in self.local), None)
            if free is not None:
                self.local.add(free)
            return free
        for i in range(count):
            fd = os.open(self.folder / f"{kind}-{i}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        return None

    def ticket(self):
        return self._try("ticket", self.tickets)

    def run_slot(self):
        return self._try("run", self.run_slots)

    def release(self, held) -> None:
        if isinstance(held, tuple):
            self.local.discard(held)
        elif held is not None:
            os.close(held)  # closing the descriptor drops the lock


def lane_folder(port: int) -> Path | None:
    """The slots' folder: in /dev/shm (a tmpfs, writable even on a read-only root filesystem) or
    the temporary directory; one per port, so that every worker of one server shares it."""
    name = f"neuron-playground-lane-{os.getuid()}-{port}"
    for base in ("/dev/shm", tempfile.gettempdir()):
        folder = Path(base) / name
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            os.close(os.open(folder / "ticket-0", os.O_RDWR | os.O_CREAT, 0o600))
            return folder
        except OSError:
            continue
    return None


# -- the pool ---------------------------------------------------------------------------------------
# A child computes on one core: BLAS's own threads would take the other cores from the light requests.
CHILD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _child_init() -> None:
    with contextlib.suppress(OSError):
        os.nice(19)
    import app.api.compute  # noqa: F401 - imported once, before the first request


def _ready() -> bool:
    return True


def _child_call(fn, args: tuple, model) -> tuple[str, Any]:
    """Run ``fn`` in the child and serialise its answer there with the response ``model`` (a large
    answer would otherwise cost the worker its validation); an HTTPException comes back as data."""
    try:
        result = fn(*args)
    except HTTPException as exc:
        return "http", (exc.status_code, exc.detail, exc.headers)
    if model is None:
        return "ok", result
    adapter = _adapters.get(model) or _adapters.setdefault(model, TypeAdapter(model))
    return "json", adapter.dump_json(adapter.validate_python(result))


_adapters: dict = {}


def busy(msg: str) -> HTTPException:
    return HTTPException(
        status_code=429, headers={"Retry-After": str(RETRY_AFTER_S)},
        detail=[{"loc": ["body"], "msg": msg, "type": "server_busy"}],
    )


class HeavyLane:
    """One per app (per worker process): its pool, and the machine-wide slots it shares."""

    def __init__(self, budget_seconds: float, port: int, run_slots: int = RUN_SLOTS, queue: int = QUEUE) -> None:
        self.wait_seconds = (queue / run_slots + 1) * (budget_seconds + 1.0)
        self.slots = MachineSlots(lane_folder(port), run_slots, queue)
        self.pool_size = run_slots
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            for key, value in CHILD_ENV.items():  # spawned children inherit the environment
                os.environ.setdefault(key, value)
            self._pool = ProcessPoolExecutor(self.pool_size, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_child_init)
            for _ in range(self.pool_size):  # start every child now, not one heavy request at a time
                self._pool.submit(_ready)
        return self._pool

    def warm(self) -> None:
        """Start the children now, when serving for real (uvicorn runs the lifespan in its main
        thread); an in-process test client (another thread) starts them at its first heavy request."""
        if threading.current_thread() is threading.main_thread():
            _ = self.pool

    def shutdown(self, wait: bool = True) -> None:
        """Stop the children (after the call they run: a train call stops at its budget)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)

    async def run(self, cost_ms: float, fn, *args, model=None):
        """``fn(*args)`` where its estimated cost says (see the module docstring): its result, or
        from the pool a ready JSON ``Response`` serialised with the response ``model``."""
        if cost_ms < INLINE_MS:
            return fn(*args)
        if cost_ms < HEAVY_MS:
            return await run_in_threadpool(fn, *args)
        return await self.run_heavy(fn, *args, model=model)

    async def run_heavy(self, fn, *args, model=None):
        arrived = time.monotonic()
        ticket = self.slots.ticket()
        if ticket is None:
            raise busy("the server is busy with other heavy requests; retry in a few seconds or ask for less work")
        slot = None
        try:
            while (slot := self.slots.run_slot()) is None:
                if time.monotonic() - arrived > self.wait_seconds:
                    raise busy("the heavy requests before this one took too long to leave a free slot; retry later")
                await asyncio.sleep(POLL_S)
            try:
                kind, value = await asyncio.wrap_future(self.pool.submit(_child_call, fn, args, model))
            except BrokenProcessPool:  # a child died (killed, out of memory): start afresh next time
                self.shutdown(wait=False)
                raise HTTPException(status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)}, detail=[
                    {"loc": ["body"], "msg": "the heavy-request process failed; retry", "type": "server_busy"}
                ]) from None
        finally:
            self.slots.release(slot)
            self.slots.release(ticket)
        if kind == "http":
            status, detail, headers = value
            raise HTTPException(status_code=status, detail=detail, headers=headers)
        return Response(value, media_type="application/json") if kind == "json" else value


def lane_of(request) -> HeavyLane:
    return request.app.state.lane
