"""Slow clients (issue 10): 500 slowloris connections at once, and /healthz beside them.

    python benchmarks/slow_clients.py [--connections 500] [--workers 2] [--seconds 30]

Starts the server as the Dockerfile does (``python -m app``, default deadlines: 10 s for the
headers, 10 s of body stall), on 127.0.0.1 only, then opens ``--connections`` connections at once:
half trickle their request headers one byte a second, half send headers promising a 1,000-byte
body and then one byte. Meanwhile a client asks ``/healthz`` every 20 ms on a kept-alive
connection. Bounded: every connection and the prober stop after ``--seconds``.

Prints how many slow connections the server closed and after how long (408s counted), the
``/healthz`` latencies (p50 / p99) before and during the attack, each in ms and in Y (the
yardstick, measured in the same run), the target beside (p99 ≤ 50 ms on a quiet machine), and
the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, "/work/shared/bench")
sys.path.insert(0, str(ROOT.parent / "shared" / "bench"))
HOST = "127.0.0.1"  # loopback only


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "HOST": HOST, "PORT": str(port), "WEB_CONCURRENCY": str(workers), "LOG_LEVEL": "warning",
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--proxy-headers"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not start")


async def slow_client(port: int, kind: str, stop_at: float) -> tuple[str, float | None, bool]:
    """(kind, seconds until the server closed it or None, whether it answered 408)."""
    opened = time.monotonic()
    reader, writer = await asyncio.open_connection(HOST, port)
    if kind == "headers":
        pending = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 200
    else:
        writer.write(b"POST /api/softmax HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{")
        pending = b""
    closed_after, got_408 = None, False
    try:
        while time.monotonic() < stop_at:
            if pending:
                writer.write(pending[:1])
                pending = pending[1:]
            try:
                data = await asyncio.wait_for(reader.read(4096), timeout=1.0)
            except TimeoutError:
                continue
            if data.startswith(b"HTTP/1.1 408"):
                got_408 = True
            if not data or got_408:
                if got_408:
                    await reader.read()  # then the close
                closed_after = time.monotonic() - opened
                break
    except (ConnectionError, OSError):
        closed_after = time.monotonic() - opened
    finally:
        writer.close()
    return kind, closed_after, got_408


async def probe(port: int, until: float, every: float = 0.02) -> list[float]:
    """/healthz latencies in ms, one request every ``every`` s on a kept-alive connection."""
    reader, writer = await asyncio.open_connection(HOST, port)
    times = []
    while time.monotonic() < until:
        started = time.perf_counter()
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        await reader.readexactly(length)
        times.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(every)
    writer.close()
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def scenario(port: int, connections: int, seconds: float):
    await probe(port, time.monotonic() + 1)  # warm-up (first requests import and compile)
    baseline = await probe(port, time.monotonic() + 3)
    stop_at = time.monotonic() + seconds
    kinds = ["headers" if i % 2 == 0 else "body" for i in range(connections)]
    slow = [asyncio.create_task(slow_client(port, kind, stop_at)) for kind in kinds]
    await asyncio.sleep(0.5)  # all open
    during = await probe(port, stop_at)
    results = await asyncio.gather(*slow, return_exceptions=True)
    return baseline, during, results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=30.0, help="how long the slow clients try (bounded)")
    args = ap.parse_args()
    connections = min(args.connections, 2000)

    from yardstick import measure_y

    y_ms = measure_y()
    port = free_port()
    proc = start_server(port, args.workers)
    try:
        baseline, during, results = asyncio.run(scenario(port, connections, min(args.seconds, 120.0)))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    y_after = measure_y()
    y = statistics.median([y_ms, y_after])

    print(f"yardstick Y = {y:.2f} ms (before {y_ms:.2f}, after {y_after:.2f})")
    print(f"{connections} slow connections against {args.workers} worker(s), for up to {args.seconds:g} s; "
          "deadlines: headers 10 s, body stall 10 s")
    failed = [r for r in results if isinstance(r, BaseException)]
    for kind, what in (("headers", "trickling headers"), ("body", "stalled body   ")):
        rows = [r for r in results if not isinstance(r, BaseException) and r[0] == kind]
        closed = [r[1] for r in rows if r[1] is not None]
        n408 = sum(r[2] for r in rows)
        if closed:
            print(f"  {what}: {len(closed)}/{len(rows)} closed by the server, after median "
                  f"{statistics.median(closed):.1f} s (min {min(closed):.1f}, max {max(closed):.1f}); "
                  f"408 answers: {n408}")
        else:
            print(f"  {what}: 0/{len(rows)} closed by the server")
    if failed:
        print(f"  {len(failed)} slow clients could not connect: {failed[0]!r}")
    for label, times in (("before", baseline), ("during", during)):
        p50, p99 = statistics.median(times), pct(times, 0.99)
        print(f"  /healthz {label}: {len(times)} requests, p50 {p50:.2f} ms = {p50 / y:.2f} Y, "
              f"p99 {p99:.2f} ms = {p99 / y:.2f} Y   (target p99 <= 50 ms = {50 / y:.1f} Y)")
    print("load average: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
