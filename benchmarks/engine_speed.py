"""Engine speed against TensorFlow Playground's figures (issue 2).  Prints medians beside targets.

    python benchmarks/engine_speed.py [--repeats 200]

Network: 2-8-8-8-8-8-8-1 tanh (features x1, x2), 250 spiral training points.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app  # noqa: E402,F401  (sets single-threaded BLAS before numpy loads)
from app.nn import datasets, init, surface, training  # noqa: E402
from app.nn.optimizers import Optimizer  # noqa: E402


def median_ms(fn, repeats: int, warmup: int = 20) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=200)
    args = ap.parse_args()

    net = init.build([2, 8, 8, 8, 8, 8, 8, 1], ["tanh"] * 7, "xavier", 0, ["x1", "x2"])
    data = datasets.generate("spiral", n=500, seed=0)
    (trx, trl), (tex, tel) = data.split(0.5, 0)
    print(f"network 2-8-8-8-8-8-8-1 tanh, {len(trl)} spiral training points, {args.repeats} repeats, medians\n")

    rows = []

    def epoch(bs, history):
        opt = Optimizer("sgd", 0.03)
        cfg = training.TrainConfig(batch_size=bs, epochs=1, loss="mse")
        if history:
            return lambda: training.train(net, opt, trx, trl, tex, tel, cfg)
        return lambda: training.train_epochs_only(net, opt, trx, trl, cfg)

    rows.append(("one epoch, batch 10 (training steps)", median_ms(epoch(10, False), args.repeats), 1.7))
    rows.append(("one epoch, batch 10, + train/test loss", median_ms(epoch(10, True), args.repeats), None))
    rows.append(("one epoch, full batch (training step)", median_ms(epoch(250, False), args.repeats), 0.3))
    rows.append(("one epoch, full batch, + train/test loss", median_ms(epoch(250, True), args.repeats), None))
    rows.append((
        "100x100 grid, every neuron's output",
        median_ms(lambda: surface.compute(net, resolution=100, neurons=True, neuron_resolution=100), args.repeats),
        2.0,
    ))
    rows.append((
        "100x100 output + 24x24 grid of every neuron",
        median_ms(lambda: surface.compute(net, resolution=100, neurons=True, neuron_resolution=24), args.repeats),
        None,
    ))
    width = max(len(r[0]) for r in rows)
    for name, ms, target in rows:
        verdict = "" if target is None else ("  ok" if ms <= target else "  OVER TARGET")
        tgt = "" if target is None else f"target <= {target:.1f} ms"
        print(f"{name:<{width}}  {ms:7.3f} ms   {tgt}{verdict}")
    print("\nTensorFlow Playground (Node 20, same machine class): ~1.7 ms an epoch at batch 10, ~23 ms a 100x100 grid")


if __name__ == "__main__":
    main()
