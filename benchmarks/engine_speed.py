"""Engine speed (issue 9): the yardstick Y and every engine-side row of the issue's table, in one run.

    python benchmarks/engine_speed.py [--repeats 200] [--http-seconds 5] [--no-http]

Prints each median in ms and in Y (the yardstick's median epoch, ``shared/bench/yardstick.py``,
timed in the same run) beside its target, and the load average.  Epochs: 250 spiral training
points (250 test), SGD, mse, with the train and test loss of every epoch (the API's path:
``app.nn.compiled.train``; the numpy reference ``app.nn.training.train`` is shown beside it).
The page's training frame: ``POST /api/train`` of the default 2-4-2-1 network on xor (Adam, one
epoch of batch 10, surface 100² + 24² per neuron in uint8), in process (parse + validate + train +
surface + encode + serialise) and over HTTP to a uvicorn server with one worker.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "bench"))
sys.path.insert(0, "/work/shared/bench")

import app  # noqa: E402,F401  (sets single-threaded BLAS before numpy loads)
from app.nn import compiled, datasets, init, surface, training  # noqa: E402
from app.nn.optimizers import Optimizer  # noqa: E402

DEEP = [2, 8, 8, 8, 8, 8, 8, 1]
SMALL = [2, 4, 2, 1]
SURFACE = {"x_range": [-6, 6], "y_range": [-6, 6], "resolution": 100, "neurons": True, "neuron_resolution": 24,
           "encoding": "uint8"}
XOR = {"dataset": {"name": "xor", "n": 500, "noise": 0, "seed": 0, "train_fraction": 0.5}}


def median_ms(fn, repeats: int, warmup: int = 10) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def net_of(sizes, out="tanh"):
    return init.build(sizes, ["tanh"] * (len(sizes) - 2) + [out], "xavier", 0, ["x1", "x2"])


def frame_body(sizes, probe: bool = False) -> dict:
    net = net_of(sizes, "sigmoid").to_dict()
    return {"network": net, "data": XOR, "task": "classification",
            "optimizer": {"name": "adam", "learning_rate": 0.03}, "batch_size": 10, "epochs": 1, "seed": 0,
            "epoch": 0, "surface": SURFACE,
            # the page's frame today also carries the probe: its trace, the response curve, one neuron's arithmetic
            **({"probe": {"point": [1.0, 1.0], "axis": 0, "range": [-6.0, 6.0], "points": 121,
                          "neuron": {"layer": len(sizes) - 2, "index": 0}}} if probe else {})}


def in_process_frame(raw: bytes):
    """What the server does for one frame, without the HTTP: parse + validate, train, surface, serialise."""
    import asyncio

    from pydantic import TypeAdapter

    from app.api import training as train_api
    from app.api.lane import HeavyLane
    from app.api.schemas import TrainIn, TrainOut
    from app.config import get_settings

    settings = get_settings()
    lane = HeavyLane(settings.train_budget_seconds, settings.port)  # a frame runs inline: no pool is started
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=settings, lane=lane)))
    out = TypeAdapter(TrainOut)
    loop = asyncio.new_event_loop()

    def run() -> bytes:
        body = TrainIn.model_validate_json(raw, context={"settings": settings})
        return out.dump_json(out.validate_python(loop.run_until_complete(train_api.train(body, request))))

    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_frames(bodies: dict[str, bytes], seconds: float) -> dict[str, float]:
    """Median ms of POST /api/train, back to back on one keep-alive connection, one uvicorn worker."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), WEB_CONCURRENCY="1", LOG_LEVEL="warning")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--workers", "1",
                             "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(300):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        result = {}
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
        for name, raw in bodies.items():
            times = []
            end = time.perf_counter() + seconds
            for i in range(10**9):
                t = time.perf_counter()
                conn.request("POST", "/api/train", raw, headers)
                r = conn.getresponse()
                r.read()
                assert r.status == 200, r.status
                if i >= 10:
                    times.append((time.perf_counter() - t) * 1000)
                if time.perf_counter() > end:
                    break
            result[name] = statistics.median(times)
        return result
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=200)
    ap.add_argument("--http-seconds", type=float, default=5.0)
    ap.add_argument("--no-http", action="store_true")
    args = ap.parse_args()
    from yardstick import measure_y

    compiled.warm_up()
    y_ms = measure_y()
    (trx, trl), (tex, tel) = datasets.generate("spiral", n=500, seed=0).split(0.5, 0)
    deep, small = net_of(DEEP), net_of(SMALL)

    def epoch(net, bs, engine):
        cfg = training.TrainConfig(batch_size=bs, epochs=1, loss="mse")
        return lambda: engine(net, Optimizer("sgd", 0.03), trx, trl, tex, tel, cfg)

    rows = []  # (what, ms, target in Y or None)

    def row(what, fn, target, repeats=args.repeats):
        rows.append((what, median_ms(fn, repeats), target))

    row("epoch, batch 10, 2-8x6-1 tanh, + train/test loss", epoch(deep, 10, compiled.train), 0.64)
    row("  (numpy reference)", epoch(deep, 10, training.train), None, 50)
    row("epoch, batch 10, 2-4-2-1, + train/test loss", epoch(small, 10, compiled.train), 0.085)
    row("  (numpy reference)", epoch(small, 10, training.train), None, 50)
    row("epoch, batch 1, deep, + train/test loss", epoch(deep, 1, compiled.train), 0.6)
    row("  (numpy reference)", epoch(deep, 1, training.train), None, 10)
    row("epoch, full batch, deep, + train/test loss", epoch(deep, 250, compiled.train), 0.08)
    row("  (numpy reference)", epoch(deep, 250, training.train), None, 50)
    row("100x100 grid, every neuron's output, deep (float32)",
        lambda: surface.compute(deep, resolution=100, neurons=True, neuron_resolution=100), 1.0)
    row("  (float64)", lambda: surface.compute(deep, resolution=100, neurons=True, neuron_resolution=100,
                                               dtype=__import__("numpy").float64), None, 50)
    bodies = {"2-4-2-1": json.dumps(frame_body(SMALL)).encode(), "deep": json.dumps(frame_body(DEEP)).encode()}
    row("training frame 2-4-2-1 xor, Adam, 100² + 24²/neuron, in process", in_process_frame(bodies["2-4-2-1"]), 0.45)
    row("training frame, deep net, in process", in_process_frame(bodies["deep"]), 1.2)
    with_probe = {k: json.dumps(frame_body(v, True)).encode() for k, v in (("2-4-2-1", SMALL), ("deep", DEEP))}
    row("  + the probe (the page's frame today), 2-4-2-1", in_process_frame(with_probe["2-4-2-1"]), None)
    row("  + the probe, deep", in_process_frame(with_probe["deep"]), None)
    if not args.no_http:
        for name, ms in http_frames(bodies, args.http_seconds).items():
            target = 0.45 if name == "2-4-2-1" else 1.2
            rows.append((f"training frame {name}, over HTTP, 1 uvicorn worker", ms, target))

    print(f"Y = {y_ms:.3f} ms (yardstick epoch, same run); medians of {args.repeats} repeats; "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    width = max(len(r[0]) for r in rows)
    for what, ms, target in rows:
        tgt = "" if target is None else f"target <= {target:g} Y  {'ok' if ms / y_ms <= target else 'OVER'}"
        print(f"{what:<{width}}  {ms:8.3f} ms  {ms / y_ms:6.3f} Y   {tgt}")


if __name__ == "__main__":
    main()
