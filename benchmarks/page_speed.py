"""Playground page speed in a real headless Chromium against a real uvicorn server.

Prints medians beside the targets of issue 3:

* weight edit -> fully repainted page (diagram, neuron heatmaps, decision surface, curves,
  inspector, loss numbers): target <= 50 ms median for the default network;
* training animation: frames per second (target >= 20) and epochs per frame (target >= 1).

Usage: ``python benchmarks/page_speed.py [--url http://127.0.0.1:8000] [--edits 60] [--seconds 6]``
(without ``--url`` it starts its own uvicorn on a free port, one worker).
"""

from __future__ import annotations

import argparse
import contextlib
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
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

EDIT_JS = """async ([value, metrics]) => {
  const app = window.__playground;
  const slider = document.querySelector('[data-testid="weight-slider"]');
  const t0 = performance.now();
  slider.value = String(value);
  slider.dispatchEvent(new Event('input', { bubbles: true }));
  await app.whenPainted({ metrics });
  return performance.now() - t0;
}"""

STATS_JS = """() => {
  const app = window.__playground;
  return { t: performance.now(), frames: app.trainer.stats.frames, epoch: app.state.epoch,
           responses: app.trainer.stats.responses };
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(url: str | None) -> Iterator[str]:
    if url:
        yield url.rstrip("/")
        return
    port = _free_port()
    env = {**os.environ, "WEB_CONCURRENCY": "1", "LOG_LEVEL": "warning"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="an already running server (default: start one)")
    ap.add_argument("--edits", type=int, default=60, help="weight edits to time")
    ap.add_argument("--seconds", type=float, default=6.0, help="seconds of training to time")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=800)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    with server(args.url) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/")
        page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
        page.evaluate("() => window.__playground.whenPainted()")
        page.wait_for_timeout(1500)  # let the dataset thumbnails load first

        # --- weight edit -> fully repainted page (the output neuron's first weight) ---
        page.locator('[data-testid="edge"][data-layer="2"][data-to="0"][data-from="0"]').dispatch_event("click")
        page.evaluate("() => window.__playground.whenPainted()")

        def time_edits(metrics: bool) -> list[float]:
            out = []
            for k in range(args.edits + 5):
                value = round(-2.0 + 4.0 * ((k * 7) % 41) / 40, 3)
                ms = page.evaluate(EDIT_JS, [value, metrics])
                if k >= 5:  # warm-up
                    out.append(ms)
            return out

        times = time_edits(False)
        full = time_edits(True)
        edit_med = statistics.median(times)
        edit_p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        full_med = statistics.median(full)
        full_p90 = sorted(full)[int(0.9 * (len(full) - 1))]

        # --- training animation ---
        page.get_by_test_id("play").click()
        page.wait_for_timeout(1000)  # warm-up
        samples = [page.evaluate(STATS_JS)]
        windows = max(3, int(args.seconds))
        for _ in range(windows):
            page.wait_for_timeout(args.seconds * 1000 / windows)
            samples.append(page.evaluate(STATS_JS))
        page.get_by_test_id("play").click()
        fps, epf = [], []
        for a, b in zip(samples, samples[1:], strict=False):
            frames = b["frames"] - a["frames"]
            fps.append(frames / ((b["t"] - a["t"]) / 1000))
            epf.append((b["epoch"] - a["epoch"]) / frames if frames else 0.0)
        browser.close()

    fps_med = statistics.median(fps)
    epf_med = statistics.median(epf)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"Playground page speed ({args.width}x{args.height}, default network 2-4-2-1 on xor, {base})")
    print(f"  machine: {os.cpu_count()} CPUs, load average {load} (browser and server share them)")
    print(
        f"  weight edit -> repainted page:       median {edit_med:6.1f} ms  (p90 {edit_p90:.1f} ms, "
        f"n={len(times)})  target <= 50 ms   {verdict(edit_med <= 50)}"
    )
    print("    (diagram, neuron heatmaps and values, decision surface, response curve, inspector)")
    print(
        f"  ... and the loss/accuracy numbers:   median {full_med:6.1f} ms  (p90 {full_p90:.1f} ms, "
        f"n={len(full)})  target <= 50 ms   {verdict(full_med <= 50)}"
    )
    print(
        f"  training frames per second:          median {fps_med:6.1f}     "
        f"({len(fps)} windows)          target >= 20      {verdict(fps_med >= 20)}"
    )
    print(
        f"  epochs per frame:                    median {epf_med:6.2f}                         "
        f"target >= 1       {verdict(epf_med >= 1)}"
    )
    if errors:
        print("page errors:", *errors, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
