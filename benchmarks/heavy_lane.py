"""Heavy work against the heavy lane: is /healthz still fast, and is TRAIN_BUDGET_SECONDS kept?

    python benchmarks/heavy_lane.py [--seconds 20] [--clients 8]

Starts the Dockerfile's CMD with 2 workers and TRAIN_BUDGET_SECONDS=1, then ``--clients`` threads
send heavy-but-legal requests back to back, honouring Retry-After on a 429 (1000 epochs of 1800
spiral points at batch 1 on a 2-16-16-1 net, alternating with a 200² surface of 10 layers of
64) while the main thread asks ``/healthz`` one at a time. Prints the /healthz p50/p99 beside
its quiet p50, the training calls' times and statuses, the answers by status, and Y.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "deploy"))
sys.path.insert(0, "/work/shared/bench")

from deploy_helpers import start_like_docker, stop  # noqa: E402
from dockerfile import Dockerfile  # noqa: E402
from test_deploy_abuse import SURFACE, _post, heavy_train, wide_network  # noqa: E402

BUDGET = 1.0


def healthz(url: str, n: int, pause: float = 0.02) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        with urllib.request.urlopen(url + "/healthz", timeout=30) as r:
            r.read()
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(pause)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    from yardstick import measure_y

    y_ms = measure_y()
    proc, url = start_like_docker(Dockerfile.read(ROOT / "Dockerfile"),
                                  {"WEB_CONCURRENCY": "2", "TRAIN_BUDGET_SECONDS": str(BUDGET), "LOG_LEVEL": "warning"})
    try:
        time.sleep(3)  # the pool's children start
        quiet = statistics.median(healthz(url, 50))
        stop_at = time.monotonic() + args.seconds
        trains: list[tuple[float, int, str]] = []
        statuses: list[int] = []
        bodies = [("/api/train", heavy_train(wide_network(16, 2))),
                  ("/api/surface", {"network": wide_network(64, 8), **SURFACE, "resolution": 200})]

        def client(i: int) -> None:
            k = i
            while time.monotonic() < stop_at:
                path, body = bodies[k % 2]
                k += 1
                started = time.perf_counter()
                status, answer = _post(url + path, body)
                statuses.append(status)
                if status == 429:
                    time.sleep(2)  # Retry-After, as a polite client does
                if path == "/api/train" and status == 200:
                    trains.append((time.perf_counter() - started, len(answer["history"]), answer["status"]))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        time.sleep(1)
        busy = []
        while time.monotonic() < stop_at - 1:
            busy += healthz(url, 10)
        for t in threads:
            t.join()
    finally:
        stop(proc)
    busy.sort()
    p50, p99 = statistics.median(busy), busy[int(0.99 * (len(busy) - 1))]
    print(f"Y = {y_ms:.2f} ms; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"{args.clients} heavy clients for {args.seconds:.0f} s, TRAIN_BUDGET_SECONDS={BUDGET:g}, 2 workers")
    print(f"/healthz p50: quiet {quiet:.1f} ms ({quiet / y_ms:.2f} Y); under heavy load {p50:.1f} ms "
          f"({p50 / y_ms:.2f} Y), p99 {p99:.1f} ms, {len(busy)} asked")
    answered = {s: statuses.count(s) for s in sorted(set(statuses))}
    print(f"heavy answers by status: {answered}")
    if trains:
        t = sorted(x[0] for x in trains)
        print(f"training calls: {len(trains)}; client's time min {t[0]:.2f} s, median {statistics.median(t):.2f} s, "
              f"max {t[-1]:.2f} s (budget {BUDGET:g} s + waiting for a slot); statuses "
              f"{sorted({x[2] for x in trains})}")


if __name__ == "__main__":
    main()
