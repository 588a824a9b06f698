"""The heavy lane: its cost model against measured time, and its machine-wide slots."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from app.api import compute, lane
from app.api.errors import not_finite
from app.api.schemas import ForwardIn, ForwardOut, FrameParts, GradientsOut, SurfaceIn, SurfaceOut, TrainIn, TrainOut
from app.nn import datasets, init, losses, training
from app.nn.optimizers import Optimizer

FACTOR = (0.5, 2.0)  # every estimate/measured ratio lies within this factor of the run's median ratio
SURFACE = {"x_range": [-6, 6], "y_range": [-6, 6], "resolution": 100, "neurons": True, "neuron_resolution": 24,
           "encoding": "uint8"}


def _net(sizes) -> dict:
    acts = ["tanh"] * (len(sizes) - 2) + ["sigmoid"]
    return init.build(list(sizes), acts, "xavier", 0, ["x1", "x2"]).to_dict()


def _train_case(sizes, name, n, frac, batch, epochs, surface=None):
    body = TrainIn.model_validate({"network": _net(sizes), "data": {"dataset": {
        "name": name, "n": n, "seed": 0, "train_fraction": frac}}, "batch_size": batch, "epochs": epochs,
        "surface": surface})
    net, spec = body.network.net, body.data.dataset
    (trx, trl), (tex, tel) = datasets.generate(spec.name, spec.n, spec.noise, spec.seed).split(frac, spec.seed)
    cost = lane.estimate_train_ms(net, len(trx), len(tex), body.epochs, body.batch_size, body.surface)
    cfg = training.TrainConfig(batch_size=batch, epochs=epochs, loss=losses.default_for("sigmoid", "classification"))
    parts = FrameParts(surface=body.surface)
    return cost, compute.train_answer, (net, Optimizer("adam", 0.03), (trx, trl, tex, tel), cfg, parts), TrainOut


def _surface_case(sizes, **spec):
    body = SurfaceIn.model_validate({"network": _net(sizes), **SURFACE, **spec})
    net = body.network.net
    return lane.estimate_surface_ms(net, body), compute.surface_answer, (net, body), SurfaceOut


def _forward_case(sizes, rows, backward=False):
    inputs = np.random.default_rng(0).uniform(-6, 6, (rows, 2)).round(3).tolist()
    body = ForwardIn.model_validate({"network": _net(sizes), "inputs": inputs})
    net = body.network.net
    cost = lane.estimate_forward_ms(net, rows, backward)
    if backward:
        y = training.encode_targets(np.zeros(rows), "classification", 1, "sigmoid")
        return cost, compute.gradients_answer, (net, body.inputs, y, "bce"), GradientsOut
    return cost, compute.forward_answer, (net, body.inputs, True), ForwardOut


CASES = {
    "the playground's training frame (2-4-2-1, xor, surface)": lambda: _train_case(
        [2, 4, 2, 1], "xor", 500, 0.5, 10, 1, SURFACE),
    "the training frame of a deep net (2-8x6-1)": lambda: _train_case([2, *[8] * 6, 1], "xor", 500, 0.5, 10, 1,
                                                                       SURFACE),
    "20 epochs, deep net, batch 10": lambda: _train_case([2, *[8] * 6, 1], "spiral", 500, 0.5, 10, 20),
    "2 epochs of 1800 spiral points, batch 1": lambda: _train_case([2, 16, 16, 1], "spiral", 2000, 0.9, 1, 2),
    "1 epoch, 10 layers of 64, batch 10": lambda: _train_case([2, *[64] * 9, 1], "spiral", 2000, 0.5, 10, 1),
    "10 full-batch epochs, 10 layers of 64": lambda: _train_case([2, *[64] * 9, 1], "spiral", 2000, 0.5, 1000, 10),
    "the playground's surface": lambda: _surface_case([2, 4, 2, 1]),
    "a 200² surface of 10 layers of 64": lambda: _surface_case([2, *[64] * 9, 1], resolution=200),
    "a json surface": lambda: _surface_case([2, 8, 8, 1], encoding="json", resolution=60),
    "the page's probe and curve (forward, 122 rows)": lambda: _forward_case([2, 4, 2, 1], 122),
    "forward of 5000 rows, 5 layers of 48": lambda: _forward_case([2, *[48] * 5, 1], 5000),
    "gradients of 2000 rows, 5 layers of 48": lambda: _forward_case([2, *[48] * 5, 1], 2000, backward=True),
}


def cpu_ms(fn, args, model, repeat=5) -> float:
    """The least CPU time of a lane child's work (``fn(*args)`` and the answer's serialisation)
    over ``repeat`` runs, in milliseconds: CPU time, so other load on the machine does not count.
    Runs in a lane child: one BLAS thread, as in production."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        lane._child_call(fn, args, model)
        best = min(best, time.process_time() - started)
    return best * 1000


@pytest.fixture(scope="module")
def pool():
    heavy = lane.HeavyLane(1.0, port=0, run_slots=1, queue=1)
    yield heavy.pool
    heavy.shutdown()


def test_estimates_are_within_a_factor_of_two_of_the_measured_time(pool):
    """The model's shape against this machine: every case's estimate/measured ratio within 2x of the
    run's median ratio (a shared VM's speed moves every case together, by ±30 % from run to run: the
    CPU-time ratios of one run in CI were all 0.5-0.8), and the median itself within 3x of 1 (the
    model's constants were measured on this machine class: the routing thresholds are in ms)."""
    import statistics

    rows = []
    for name, make in CASES.items():
        cost, fn, args, model = make()
        measured = pool.submit(cpu_ms, fn, args, model).result(timeout=300)
        rows.append((name, cost, measured, cost / measured))
    median = statistics.median(r[3] for r in rows)
    report = [f"{n}: estimate {c:.2f} ms, measured {m:.2f} ms, ratio {r:.2f} ({r / median:.2f} of the median)"
              for n, c, m, r in rows]
    bad = [line for line, row in zip(report, rows, strict=True)
           if not FACTOR[0] <= row[3] / median <= FACTOR[1]]
    assert 1 / 3 <= median <= 3, f"the median ratio is {median:.2f}: recalibrate app/api/lane.py\n" + "\n".join(report)
    assert not bad, "\n".join(["estimates off by more than 2x (recalibrate app/api/lane.py):", *bad, "all:", *report])


def test_the_playground_frames_are_inline_and_the_big_ones_heavy():
    for name in ("the playground's training frame (2-4-2-1, xor, surface)", "the playground's surface",
                 "the page's probe and curve (forward, 122 rows)"):
        assert CASES[name]()[0] < lane.INLINE_MS, name
    # (2 epochs of 1800 points at batch 1 used to be heavy; compiled, it is a few milliseconds)
    assert CASES["2 epochs of 1800 spiral points, batch 1"]()[0] < lane.HEAVY_MS
    for name in ("10 full-batch epochs, 10 layers of 64", "a 200² surface of 10 layers of 64",
                 "forward of 5000 rows, 5 layers of 48"):
        assert CASES[name]()[0] > lane.HEAVY_MS, name


# -- machine-wide slots: flock, shared by every process of the machine ----------------------------
def _hold_tickets(folder, run_slots, queue, ready, release) -> None:
    slots = lane.MachineSlots(folder, run_slots, queue)
    held = [slots.ticket() for _ in range(run_slots + queue)]
    assert None not in held
    ready.set()
    release.wait(30)


def test_slots_are_counted_across_processes(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    other = ctx.Process(target=_hold_tickets, args=(tmp_path, 1, 2, ready, release))
    other.start()
    try:
        assert ready.wait(30)
        mine = lane.MachineSlots(tmp_path, 1, 2)
        assert mine.ticket() is None  # another worker holds the machine's every ticket
        assert mine.run_slot() is not None  # (but no run slot)
    finally:
        release.set()
        other.join(30)
    fd = mine.ticket()  # its locks went with it
    assert fd is not None
    mine.release(fd)


def _run(coro):
    """asyncio.run in a thread of its own (another test may have left an event loop in this one)."""
    with ThreadPoolExecutor(1) as one:
        return one.submit(asyncio.run, coro).result()


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def test_a_busy_worker_waits_for_a_machine_slot_instead_of_refusing(tmp_path, monkeypatch):
    """Two workers (two lanes over the same slots), one run slot, one waiting place: the second
    heavy request waits for the first and runs; a third, with no ticket left, gets 429 at once."""
    monkeypatch.setattr(lane, "lane_folder", lambda port: tmp_path)
    first, second = (lane.HeavyLane(5.0, port=1, run_slots=1, queue=1) for _ in range(2))

    async def scenario():
        a = asyncio.create_task(first.run_heavy(_sleep, 1.0))
        await asyncio.sleep(0.5)  # a holds the run slot (its child may still be starting)
        b = asyncio.create_task(second.run_heavy(_sleep, 0.0))
        await asyncio.sleep(0.05)
        with pytest.raises(lane.HTTPException) as refused:
            await first.run_heavy(_sleep, 0.0)
        return await a, await b, refused.value

    try:
        a, b, refused = _run(scenario())
    finally:
        first.shutdown()
        second.shutdown()
    assert (a, b) == ("done", "done")
    assert refused.status_code == 429 and refused.headers["Retry-After"]


def test_waiting_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(lane, "lane_folder", lambda port: tmp_path)
    heavy = lane.HeavyLane(0.01, port=1, run_slots=1, queue=1)
    heavy.wait_seconds = 0.2
    slot = heavy.slots.run_slot()  # a run slot held elsewhere, for ever
    try:
        with pytest.raises(lane.HTTPException) as refused:
            _run(heavy.run_heavy(_sleep, 0.0))
    finally:
        heavy.slots.release(slot)
        heavy.shutdown()
    assert refused.value.status_code == 429


def _overflows() -> None:
    raise not_finite(["network", "layers", 2], "layer 2's values")


def test_a_4xx_found_in_a_child_comes_back_as_the_same_4xx(tmp_path, monkeypatch):
    monkeypatch.setattr(lane, "lane_folder", lambda port: tmp_path)
    heavy = lane.HeavyLane(1.0, port=1, run_slots=1, queue=1)
    try:
        with pytest.raises(lane.HTTPException) as raised:
            _run(heavy.run_heavy(_overflows))
    finally:
        heavy.shutdown()
    assert raised.value.status_code == 422
    assert raised.value.detail == not_finite(["network", "layers", 2], "layer 2's values").detail
