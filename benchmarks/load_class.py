"""A class on one machine: locust, headless, against the server started as the Dockerfile starts it.

    python benchmarks/load_class.py [--scenario 1|2|3|both|all] [--seconds 60] [--workers N]

Starts the Dockerfile's exact CMD (``python -m app --proxy-headers``, with its ENV; PORT on a free
loopback port, WEB_CONCURRENCY unset unless --workers: one worker per CPU), warms it up, then runs
locust in a subprocess with this file as the locustfile:

- scenario 1, a class: 30 students each sending 5 weight-edit frames a second (``/api/evaluate`` of
  the default network: metrics, 100×100 output grid and every neuron at 24×24, uint8, the probe's
  trace and curve, as the playground asks after an edit) and 5 students training at 10 frames a
  second (``/api/train``: 1 epoch of xor + that frame, optimiser state carried from frame to
  frame, as the playground does);
  target: zero errors, p99 ≤ 100 ms.
- scenario 2: the same class plus 10 abusive clients, back to back, each request one of: a 2 MB
  body (413 expected), 5000-deep nested JSON (4xx expected), a heavy-but-legal /api/train
  (1000 epochs of a 5000-point spiral on a 7-feature 8-8-8 network: stopped by TRAIN_BUDGET_SECONDS),
  a heavy-but-legal /api/surface (200×200, 10 layers of 64, every neuron); the heavy ones run in
  the machine's heavy lane (app/api/lane.py: a niced process pool, slots shared by the workers) or
  get 429 when it is full; target: the class's requests keep p99 ≤ 250 ms and zero errors.
- scenario 3, "30 students all training": 30 students each send the page's training frame (the
  playground's default 2-4-2-1 on xor, Adam, 1 epoch, surface 100² + 24² per neuron, uint8 grids,
  the body of static/js/playground/requests.js) as fast as the answers come back; run with
  ``--workers 2``. Prints per-student frames a second (min, median), server CPU ms per frame, the
  server's own time (Server-Timing) p50/p95/p99, errors, ``/healthz`` p50 beside it, the yardstick Y
  and what the load generator itself used of the machine; targets ≥ 20 frames/s each, p99 ≤ 50 ms.

Prints throughput, p50/p95/p99 and errors per endpoint beside the targets. Locust's percentiles
are its own (exact to the millisecond below 100 ms, two significant digits above).
The default network: features x1, x2, two hidden layers of 4 tanh, one sigmoid output.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NETWORK_REQUEST = {
    "layer_sizes": [2, 4, 4, 1],
    "activation": "tanh",
    "output_activation": "sigmoid",
    "seed": 0,
    "features": ["x1", "x2"],
}
SURFACE = {"x_range": [-6, 6], "y_range": [-6, 6], "resolution": 100, "neurons": True,
           "neuron_resolution": 24, "encoding": "uint8"}
DATASET = {"dataset": {"name": "xor", "n": 500, "noise": 0, "seed": 0, "train_fraction": 0.5}}
# the page's probe (its default point, the output neuron inspected): part of every frame it asks for
PROBE = {"point": [1, 1], "axis": 0, "range": [-6, 6], "points": 121, "neuron": {"layer": 2, "index": 0}}


def train_frame_body(network: dict, state: dict | None, epoch: int) -> dict:
    """The playground's training frame: one epoch of xor with Adam, and the frame's surface and probe."""
    return {"network": network, "data": DATASET, "task": "classification",
            "optimizer": {"name": "adam", "learning_rate": 0.03, "momentum": 0.9, "beta1": 0.9, "beta2": 0.999},
            "batch_size": 10, "epochs": 1, "seed": 0, "regularization": {"kind": "none", "rate": 0},
            "optimizer_state": state, "epoch": epoch, "surface": SURFACE, "probe": PROBE}
TARGETS = {"1": ("scenario 1: a class of 35", 100.0), "2": ("scenario 2: the class + 10 abusive clients", 250.0),
           "3": ("scenario 3: 30 students all training", 50.0)}
CLASS_ENDPOINTS = ("weight edit: POST /api/evaluate", "training: POST /api/train", "all training: POST /api/train")
ALL_TRAINING = CLASS_ENDPOINTS[2]
STUDENTS = 30
FRAME_TARGET = 20.0  # frames a second per student
DEFAULT_2421 = {"layer_sizes": [2, 4, 2, 1], "activation": "tanh", "output_activation": "sigmoid", "seed": 0,
                "features": ["x1", "x2"]}
SERVER_PREFIX = "  in the server: "  # rows of the server's own time (its Server-Timing header)


# ----------------------------------------------------------------------------------- locustfile
# Imported by locust (in its own process); the driver below never imports locust itself.
if __name__ != "__main__":
    import gevent
    from locust import FastHttpUser, constant, constant_throughput, events, task

    def _post(user, path: str, body, name: str, expect=(200,), raw: bytes | None = None):
        data = raw if raw is not None else json.dumps(body).encode()
        with user.client.post(path, data=data, headers={"Content-Type": "application/json"}, name=name,
                              catch_response=True) as r:
            if r.status_code not in expect:
                r.failure(f"HTTP {r.status_code}: {r.text[:200] if r.text else ''}")
                return None
            r.success()
        if name in CLASS_ENDPOINTS:  # the server's own time (Server-Timing "app"), as a separate row
            timing = r.headers.get("server-timing", "") or ""
            for part in timing.split(","):
                metric, _, dur = part.strip().partition(";dur=")
                if metric == "app" and dur:
                    events.request.fire(request_type="SERVER", name=SERVER_PREFIX + name, response_time=float(dur),
                                        response_length=0, exception=None, context={})
        return r

    @events.init_command_line_parser.add_listener
    def _args(parser) -> None:
        parser.add_argument("--network-json", default="", help="the default network, as JSON")
        parser.add_argument("--frames-file", default="", help="where each all-training student writes its count")

    def _network(user) -> dict:
        return copy.deepcopy(json.loads(user.environment.parsed_options.network_json))

    class Student(FastHttpUser):
        """Drags weights: 5 frames a second, each the surface of the edited network."""

        fixed_count = 30
        wait_time = constant_throughput(5)

        def on_start(self) -> None:
            self.rng = random.Random(id(self))
            self.network = _network(self)
            gevent.sleep(self.rng.uniform(0, 0.2))  # students are not in lockstep: spread the phases

        @task
        def weight_edit(self) -> None:
            layer = self.rng.choice(self.network["layers"])
            row = self.rng.randrange(len(layer["weights"]))
            col = self.rng.randrange(len(layer["weights"][row]))
            layer["weights"][row][col] = round(max(-5.0, min(5.0, layer["weights"][row][col]
                                                             + self.rng.uniform(-0.2, 0.2))), 4)
            body = {"network": self.network, "data": DATASET, "task": "classification", "surface": SURFACE,
                    "probe": PROBE, "gradients": False}  # the page's one request per edit
            _post(self, "/api/evaluate", body, CLASS_ENDPOINTS[0])

    class Trainer(FastHttpUser):
        """Presses play: 10 frames a second, each one epoch of xor plus the surface."""

        fixed_count = 5
        wait_time = constant_throughput(10)

        def on_start(self) -> None:
            self.network = _network(self)
            self.state, self.epoch = None, 0
            gevent.sleep(random.uniform(0, 0.1))

        @task
        def train_frame(self) -> None:
            body = train_frame_body(self.network, self.state, self.epoch)
            r = _post(self, "/api/train", body, CLASS_ENDPOINTS[1])
            if r is not None:
                out = r.json()
                if out.get("status") != "ok":
                    return
                self.network, self.state, self.epoch = out["network"], out["optimizer_state"], out["epoch"]
                if self.epoch >= 300:  # start over, as a student pressing reset
                    self.network, self.state, self.epoch = _network(self), None, 0

    class AllTrainer(FastHttpUser):
        """Scenario 3: presses play and trains as fast as the answers come back (the page's frame)."""

        fixed_count = STUDENTS
        wait_time = constant(0)

        def on_start(self) -> None:
            self.network = _network(self)
            self.state, self.epoch, self.frames, self.started = None, 0, 0, time.monotonic()

        @task
        def train_frame(self) -> None:
            body = train_frame_body(self.network, self.state, self.epoch)
            r = _post(self, "/api/train", body, ALL_TRAINING)
            if r is None:
                return
            self.frames += 1
            out = r.json()
            if out.get("status") == "ok":
                self.network, self.state, self.epoch = out["network"], out["optimizer_state"], out["epoch"]
            if self.epoch >= 300:
                self.network, self.state, self.epoch = _network(self), None, 0

        def on_stop(self) -> None:
            path = self.environment.parsed_options.frames_file
            if path:
                with open(path, "a") as f:
                    f.write(f"{self.frames} {time.monotonic() - self.started:.3f}\n")

    class Abuser(FastHttpUser):
        """Back to back: oversized bodies, deep nesting, heavy-but-legal training and surfaces."""

        fixed_count = 10
        wait_time = constant(0)

        def on_start(self) -> None:
            rng = random.Random(0)
            big = [[rng.uniform(-1, 1) for _ in range(64)] for _ in range(64)]
            layers = [{"activation": "tanh", "weights": [r[:7] for r in big[:64]], "biases": [0.0] * 64}]
            layers += [{"activation": "tanh", "weights": big, "biases": [0.0] * 64} for _ in range(8)]
            layers += [{"activation": "sigmoid", "weights": [big[0]], "biases": [0.0]}]
            features = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
            self.heavy_surface = {"network": {"features": features, "layers": layers},
                                  "x_range": [-6, 6], "y_range": [-6, 6], "resolution": 200, "neurons": True,
                                  "neuron_resolution": 24, "encoding": "uint8"}
            net = {"features": features, "layers": [
                {"activation": "tanh", "weights": [r[:7] for r in big[:8]], "biases": [0.0] * 8},
                {"activation": "tanh", "weights": [r[:8] for r in big[:8]], "biases": [0.0] * 8},
                {"activation": "tanh", "weights": [r[:8] for r in big[:8]], "biases": [0.0] * 8},
                {"activation": "sigmoid", "weights": [big[0][:8]], "biases": [0.0]}]}
            self.heavy_train = {"network": net, "data": {"dataset": {"name": "spiral", "n": 5000, "noise": 10,
                                                                      "seed": 1, "train_fraction": 0.9}},
                                "optimizer": {"name": "adam", "learning_rate": 0.01}, "batch_size": 1,
                                "epochs": 1000, "seed": 0}
            self.oversized = b'{"logits": [' + b"0.5, " * 500_000 + b"0.5]}"  # 2.5 MB
            self.nested = b"[" * 5000 + b"]" * 5000

        @task
        def oversized_body(self) -> None:
            _post(self, "/api/softmax", None, "abuse: 2.5 MB body (413 expected)", (413,), raw=self.oversized)

        @task
        def deep_nesting(self) -> None:
            _post(self, "/api/forward", None, "abuse: nested JSON (4xx expected)", (400, 422), raw=self.nested)

        @task
        def heavy_train(self) -> None:
            _post(self, "/api/train", self.heavy_train, "abuse: heavy /api/train (200/429)", (200, 422, 429))

        @task
        def heavy_surface(self) -> None:
            _post(self, "/api/surface", self.heavy_surface, "abuse: heavy /api/surface (200/429)", (200, 422, 429))


# ----------------------------------------------------------------------------------- the driver
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int | None) -> tuple[subprocess.Popen, str]:
    """The Dockerfile's CMD with its ENV (read from the Dockerfile itself), on a loopback port."""
    sys.path.insert(0, str(ROOT / "tests" / "deploy"))
    from dockerfile import Dockerfile

    d = Dockerfile.read(ROOT / "Dockerfile")
    port = _free_port()
    env = {**os.environ, **d.env, "HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "warning"}
    env.pop("WEB_CONCURRENCY", None)
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    cmd = [sys.executable if a == "python" else a for a in d.cmd]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def post_json(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def warm_up(url: str, network: dict) -> None:
    """A few of each class request on every worker, so imports and first calls are not measured."""
    for _ in range(20):
        post_json(url + "/api/surface", {"network": network, **SURFACE})
        post_json(url + "/api/train", {"network": network, "data": DATASET, "epochs": 1, "surface": SURFACE})


def run_locust(url: str, scenario: str, seconds: int, network: dict, workdir: Path) -> tuple[list[dict], float]:
    """Locust's rows, and the CPU seconds locust itself used."""
    users = {"1": ["Student", "Trainer"], "2": ["Student", "Trainer", "Abuser"], "3": ["AllTrainer"]}[scenario]
    count = {"1": 35, "2": 45, "3": STUDENTS}[scenario]
    prefix = workdir / f"scenario{scenario}"
    cmd = [sys.executable, "-m", "locust", "-f", str(Path(__file__).resolve()), "--headless",
           "--host", url, "--users", str(count), "--spawn-rate", str(count), "--run-time", f"{seconds}s",
           "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5",
           "--network-json", json.dumps(network), "--frames-file", f"{prefix}_frames.txt", *users]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(f"{prefix}_stats.csv", newline="") as f:
        return list(csv.DictReader(f)), client_cpu


def healthz_p50(url: str, n: int = 40) -> float:
    """Median time of ``GET /healthz`` (ms), asked one at a time."""
    times = []
    for _ in range(n):
        started = time.perf_counter()
        with urllib.request.urlopen(url + "/healthz", timeout=10) as r:
            r.read()
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)
    return statistics.median(times)


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(children.get(current, []))
    return total


def report(scenario: str, rows: list[dict], seconds: int, server_cpu: float, load: tuple) -> bool:
    title, p99_target = TARGETS[scenario]
    rows = [r for r in rows if r["Name"] != "Aggregated"]
    server = {r["Name"].strip().removeprefix(SERVER_PREFIX.strip()).strip(): r for r in rows if r["Type"] == "SERVER"}
    rows = [r for r in rows if r["Type"] != "SERVER"]
    rows.sort(key=lambda r: (r["Name"] in CLASS_ENDPOINTS, r["Name"]))
    total = sum(int(r["Request Count"]) for r in rows)
    print(f"\n{title}, {seconds} s — target for the class: 0 errors, p99 ≤ {p99_target:.0f} ms")
    per_request = 1000 * server_cpu / max(total, 1)
    print(f"server CPU: {server_cpu:.1f} s = {server_cpu / seconds:.2f} cores, {per_request:.2f} ms per request;"
          f" machine load average before/after: {load[0]:.1f} / {load[1]:.1f} on {os.cpu_count()} CPUs")
    head = f"{'endpoint':42} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}" \
           f" {'errors':>7}  verdict"
    print(head)
    print("-" * len(head))
    ok = True
    for row in rows:
        name = row["Name"]
        n, errors = int(row["Request Count"]), int(row["Failure Count"])
        p50, p95, p99 = (float(row[k]) for k in ("50%", "95%", "99%"))
        verdict = ""
        if name in CLASS_ENDPOINTS:
            good = errors == 0 and p99 <= p99_target and n > 0
            ok &= good
            verdict = "ok" if good else "MISSED"
        print(f"{name:42} {n:9d} {float(row['Requests/s']):7.1f} {p50:7.0f} {p95:7.0f} {p99:7.0f} "
              f"{float(row['Max Response Time']):7.0f} {errors:7d}  {verdict}")
        if name in server:
            own = server[name]
            print(f"{SERVER_PREFIX + 'time to answer':42} {'':9} {'':7} {float(own['50%']):7.0f} "
                  f"{float(own['95%']):7.0f} {float(own['99%']):7.0f} {float(own['Max Response Time']):7.0f}")
    return ok


def _probe(url: str, delay: float, out: list) -> None:
    time.sleep(delay)
    out.append(healthz_p50(url))


def report_all_training(rows: list[dict], seconds: int, server_cpu: float, client_cpu: float, frames_file: Path,
                        health: tuple[float, float], y_ms: float, load: tuple) -> bool:
    """Scenario 3's figures beside its targets, in ms and in Y."""
    title, p99_target = TARGETS["3"]
    row = next((r for r in rows if r["Name"] == ALL_TRAINING and r["Type"] != "SERVER"), None)
    own = next((r for r in rows if r["Type"] == "SERVER" and r["Name"].strip().endswith(ALL_TRAINING)), None)
    rates = []
    if frames_file.exists():
        for line in frames_file.read_text().split("\n"):
            if line.strip():
                count, elapsed = line.split()
                rates.append(int(count) / max(float(elapsed), 1e-9))
    frames = int(row["Request Count"]) if row else 0
    errors = int(row["Failure Count"]) if row else 0
    cores = os.cpu_count() or 1
    print(f"\n{title}, {seconds} s; Y = {y_ms:.2f} ms (yardstick, this run); machine load average "
          f"before/after: {load[0]:.1f} / {load[1]:.1f} on {cores} CPUs")
    print(f"students: {len(rates)} (of {STUDENTS}); frames: {frames}; errors: {errors}")
    fps_min = min(rates) if rates else 0.0
    fps_med = statistics.median(rates) if rates else 0.0
    good_fps = fps_min >= FRAME_TARGET
    print(f"frames a second per student: min {fps_min:.1f}, median {fps_med:.1f}   target ≥ {FRAME_TARGET:.0f} each"
          f"   {'ok' if good_fps else 'MISSED'}")
    per_frame = 1000 * server_cpu / max(frames, 1)
    print(f"server CPU: {server_cpu:.1f} s = {server_cpu / seconds:.2f} of {cores} cores; {per_frame:.2f} ms"
          f" = {per_frame / y_ms:.2f} Y per frame")
    good_p99 = False
    if own:
        p50, p95, p99 = (float(own[k]) for k in ("50%", "95%", "99%"))
        good_p99 = p99 <= p99_target
        print(f"server's own time (Server-Timing): p50 {p50:.0f} ms ({p50 / y_ms:.2f} Y), p95 {p95:.0f} ms, "
              f"p99 {p99:.0f} ms ({p99 / y_ms:.2f} Y)   target p99 ≤ {p99_target:.0f} ms   "
              f"{'ok' if good_p99 else 'MISSED'}")
    if row:
        print(f"client's time: p50 {float(row['50%']):.0f} ms, p95 {float(row['95%']):.0f} ms, "
              f"p99 {float(row['99%']):.0f} ms, max {float(row['Max Response Time']):.0f} ms")
    print(f"/healthz p50, one at a time: {health[0]:.1f} ms before, {health[1]:.1f} ms during the load")
    print(f"the load generator (locust, one process) used {client_cpu:.1f} s of CPU = {client_cpu / seconds:.2f} "
          f"of the {cores} cores, on the same machine as the server")
    return good_fps and good_p99 and errors == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", choices=["1", "2", "3", "both", "all"], default="both")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=None, help="WEB_CONCURRENCY (default: unset = CPU count)")
    args = ap.parse_args()
    scenarios = {"both": ["1", "2"], "all": ["1", "2", "3"]}.get(args.scenario, [args.scenario])

    y_ms = None
    if "3" in scenarios:
        sys.path.insert(0, str(ROOT.parent / "shared" / "bench"))
        sys.path.insert(0, "/work/shared/bench")
        from yardstick import measure_y

        y_ms = measure_y()
    proc, url = start_server(args.workers)
    try:
        network = post_json(url + "/api/networks", DEFAULT_NETWORK_REQUEST)
        warm_up(url, network)
        workers = args.workers or f"unset (CPU count: {os.cpu_count() or 1})"
        print(f"server: python -m app --proxy-headers at {url}, WEB_CONCURRENCY={workers}")
        verdicts = []
        with tempfile.TemporaryDirectory() as tmp:
            for scenario in scenarios:
                net = post_json(url + "/api/networks", DEFAULT_2421) if scenario == "3" else network
                if scenario == "3":
                    warm_up(url, net)
                quiet_health = healthz_p50(url) if scenario == "3" else 0.0
                load_before, cpu_before = os.getloadavg()[0], tree_cpu_seconds(proc.pid)
                health: list[float] = []
                prober = threading.Thread(target=_probe, args=(url, args.seconds / 3, health), daemon=True)
                if scenario == "3":
                    prober.start()
                rows, client_cpu = run_locust(url, scenario, args.seconds, net, Path(tmp))
                cpu = tree_cpu_seconds(proc.pid) - cpu_before
                load = (load_before, os.getloadavg()[0])
                if scenario == "3":
                    prober.join(5)
                    during = health[0] if health else float("nan")
                    verdicts.append(report_all_training(rows, args.seconds, cpu, client_cpu,
                                                        Path(tmp) / "scenario3_frames.txt", (quiet_health, during),
                                                        y_ms, load))
                else:
                    verdicts.append(report(scenario, rows, args.seconds, cpu, load))
        print("\nall targets met" if all(verdicts) else "\nsome targets MISSED")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
