"""Playground page speed in real headless Chromium against a real uvicorn (1 and 2 workers).

In one run: the yardstick Y (``../shared/bench/yardstick.py``, before and after), then for each
worker count and for the 2-4-2-1 and the 2-8-8-8-8-8-8-1 tanh networks on circle:

* weight edit -> repainted page: the slider's input event until the frame that shows the new
  diagram, neuron heatmaps, surface, probe, response curve, inspector and metrics is on screen
  (the page's ``whenPainted()``: every request answered, the views drawn, the next frame painted);
* training at one epoch a frame: wall time per epoch and painted frames a second;

and the complete first paint (diagram, every heatmap, surface, metrics: the page's own
``firstPaint`` mark, ms since navigation start) with a cold cache (a new browser context each
time) and a warm one (reloads), plus when the Plotly charts joined.

Every figure is printed in ms and in Y beside its target (issue 8). The page's own code path:
no request interception. Usage: ``python benchmarks/page_speed.py [--edits 40] [--seconds 5]``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent / "shared" / "bench"))
from yardstick import measure_y  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
NETS = {"2-4-2-1": [2, 4, 2, 1], "2-8x6-1": [2, 8, 8, 8, 8, 8, 8, 1]}
TARGETS = {  # in Y (issue 8)
    ("edit", "2-4-2-1"): 3.0, ("edit", "2-8x6-1"): 10.0,
    ("epoch", "2-4-2-1"): 2.9, ("epoch", "2-8x6-1"): 11.0,
    "cold": 95.0, "warm": 64.0,
}

EDIT_JS = """async (value) => {
  const app = window.__playground;
  const slider = document.querySelector('[data-testid="weight-slider"]');
  const t0 = performance.now();
  slider.value = String(value);
  slider.dispatchEvent(new Event('input', { bubbles: true }));
  await app.whenPainted();
  return performance.now() - t0;
}"""
STATS_JS = """() => ({ t: performance.now(), epoch: window.__playground.state.epoch,
                     frames: window.__playground.trainingStats().frames })"""
FIRST_JS = """async () => {
  const app = window.__playground;
  while (!app.chartsJoined || !app.firstPaint) await new Promise((r) => setTimeout(r, 20));
  return [app.firstPaint, app.chartsJoined];
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(workers: int) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "LOG_LEVEL": "warning"}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--port", str(port), "--workers", str(workers)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def post(base: str, path: str, body: dict) -> dict:
    req = urllib.request.Request(base + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def link(base: str, sizes: list[int]) -> str:
    net = post(base, "/api/networks", {"layer_sizes": sizes, "activation": "tanh", "output_activation": "tanh",
                                       "seed": 0, "features": ["x1", "x2"]})
    state = {"v": 1, "network": net, "start": net, "data": {"name": "circle", "n": 500, "noise": 0, "seed": 0,
                                                            "trainFraction": 0.5}}
    return "/#s=j" + base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def open_page(page, url: str) -> None:
    page.goto(url)
    page.locator('#playground[data-loading="false"]').wait_for(timeout=60_000)
    page.evaluate(FIRST_JS)  # Plotly in, so the edits time the whole page, curves included
    page.wait_for_timeout(800)  # the dataset thumbnails load when the page is idle
    page.evaluate("() => window.__playground.whenPainted()")


def edits(page, n: int) -> float:
    page.evaluate("() => window.__playground.handlers.onSelect({kind: 'edge', layer: 0, index: 0, from: 0})")
    page.evaluate("() => window.__playground.whenPainted()")
    times = [page.evaluate(EDIT_JS, 0.25 + 0.5 * (k % 2) + k * 1e-3) for k in range(n + 3)]
    return statistics.median(times[3:])


def training(page, seconds: float) -> tuple[float, float]:
    page.evaluate("() => window.__playground.handlers.onTrain({epochsPerFrame: 1})")
    page.get_by_test_id("play").click()
    page.wait_for_timeout(1000)
    a = page.evaluate(STATS_JS)
    page.wait_for_timeout(seconds * 1000)
    b = page.evaluate(STATS_JS)
    page.get_by_test_id("play").click()
    page.evaluate("() => window.__playground.whenPainted()")
    dt = b["t"] - a["t"]
    return dt / max(1, b["epoch"] - a["epoch"]), (b["frames"] - a["frames"]) / dt * 1000


def first_paints(browser, base: str, runs: int) -> tuple[list[float], list[float], list[float]]:
    cold, warm, charts = [], [], []
    for _ in range(runs):
        ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        page = ctx.new_page()
        page.goto(base + "/")
        fp, ch = page.evaluate(FIRST_JS)
        cold.append(fp)
        charts.append(ch)
        page.wait_for_timeout(300)
        page.reload()
        warm.append(page.evaluate(FIRST_JS)[0])
        ctx.close()
    return cold, warm, charts


def row(label: str, ms: float, y: float, target: float | None, extra: str = "", ok: bool | None = None) -> str:
    if target is None:
        return f"  {label:<46} {ms:8.1f} ms {ms / y:7.2f} Y {'':>14} {extra}"
    ok = ms / y <= target if ok is None else ok
    return f"  {label:<46} {ms:8.1f} ms {ms / y:7.2f} Y  target <= {target:5.1f} Y  {'ok' if ok else 'MISSED'} {extra}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--loads", type=int, default=5, help="cold and warm first paints per worker count")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--nets", default=",".join(NETS), help="networks to time: " + ", ".join(NETS))
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    y0 = measure_y()
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for workers in (int(w) for w in args.workers.split(",")):
            with server(workers) as base:
                cold, warm, charts = first_paints(browser, base, args.loads)
                res = {"workers": workers, "cold": statistics.median(cold), "warm": statistics.median(warm),
                       "charts": statistics.median(charts)}
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                errors: list[str] = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                for name, sizes in NETS.items():
                    if name not in args.nets.split(","):
                        continue
                    open_page(page, base + link(base, sizes))
                    res[("edit", name)] = edits(page, args.edits)
                    res[("epoch", name)], res[("fps", name)] = training(page, args.seconds)
                page.close()
                if errors:
                    print("page errors:", errors, file=sys.stderr)
                    return 1
                results.append(res)
        browser.close()
    y1 = measure_y()
    y = (y0 + y1) / 2
    print(f"Y (yardstick epoch, same run) = {y:.2f} ms  (before {y0:.2f}, after {y1:.2f}); "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print("Chromium headless 1280x800 --disable-gpu, real uvicorn, medians")
    for res in results:
        print(f"\n{res['workers']} worker(s)")
        for name in (n for n in NETS if ("edit", n) in res):
            print(row(f"weight edit -> repainted page, {name}", res[("edit", name)], y, TARGETS[("edit", name)]))
            ms, fps = res[("epoch", name)], res[("fps", name)]
            capped = name == "2-4-2-1" and fps >= 58
            print(row(f"training, 1 epoch/frame, {name}: per epoch", ms, y, TARGETS[("epoch", name)],
                      f"({1000 / ms:.1f} epochs/s, {fps:.1f} painted frames/s)",
                      ok=(ms / y <= TARGETS[("epoch", name)]) or capped))
        print(row("complete first paint, cold cache", res["cold"], y, TARGETS["cold"]))
        print(row("complete first paint, warm cache", res["warm"], y, TARGETS["warm"]))
        print(row("  charts (Plotly) joined, cold cache", res["charts"], y, None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
