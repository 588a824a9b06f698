"""HTTP speed on one uvicorn worker: /api/forward for one point vs /healthz (issue 2).

    python benchmarks/http_speed.py [--seconds 10] [--connections 16] [--runs 3]

Starts `uvicorn app.main:app` with one worker on a free port and drives it with wrk (a C load
generator: `apt-get install wrk`), alternating the two endpoints in the same run.  Prints the
median requests per second of each over the runs and their ratio; target: forward ≥ 70 % of healthz.
The default network is the playground's: features x1, x2, two hidden layers of 4 tanh, sigmoid output.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: int, connections: int, script: str | None) -> tuple[float, int]:
    cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, int(m.group(1)) if m else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    from app.nn import init

    net = init.build([2, 4, 4, 1], ["tanh", "tanh", "sigmoid"], "xavier", 0, ["x1", "x2"]).to_dict()
    body = json.dumps({"network": net, "inputs": [[0.5, -1.5]]})
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                  f"wrk.body = {json.dumps(body)}\n")

    port = free_port()
    env = {**os.environ, "WEB_CONCURRENCY": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1", "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # warm up both paths
        wrk(base + "/healthz", 2, args.connections, None)
        wrk(base + "/api/forward", 2, args.connections, lua.name)
        health, forward, errors = [], [], 0
        for _ in range(args.runs):
            h, e1 = wrk(base + "/healthz", args.seconds, args.connections, None)
            f, e2 = wrk(base + "/api/forward", args.seconds, args.connections, lua.name)
            health.append(h)
            forward.append(f)
            errors += e1 + e2
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.unlink(lua.name)
    h, f = statistics.median(health), statistics.median(forward)
    print(f"one uvicorn worker, wrk 1 thread {args.connections} connections, {args.runs} runs of "
          f"{args.seconds} s each, medians")
    print(f"GET  /healthz       {h:9.0f} req/s   runs: {', '.join(f'{x:.0f}' for x in health)}")
    print(f"POST /api/forward   {f:9.0f} req/s   runs: {', '.join(f'{x:.0f}' for x in forward)}")
    verdict = "ok" if f >= 0.7 * h else "UNDER TARGET"
    print(f"forward / healthz   {f / h:9.1%}       target >= 70 %  {verdict}")
    print(f"non-2xx responses   {errors}")


if __name__ == "__main__":
    main()
