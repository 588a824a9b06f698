"""First paint of the lesson pages (/learn/*) in a real headless Chromium against a real uvicorn.

For every lesson, cold cache (a fresh browser context) and warm cache (the same context, second
visit), it times from the start of the navigation to
* content: the frame in which the lesson's text, numbers, diagrams and quiz are all painted from
  the API (nothing is aria-busy any more and the quiz has its questions);
* charts: the frame in which every Plotly chart of the lesson is drawn.
Medians over --runs runs, in ms and in Y (the yardstick's epoch, measured in the same run, before
and after), with the load average. With --compare REV (default 17aa154, the lessons before Plotly
left the critical path) the same is measured for that commit's code in the same run, the two
servers visited alternately.

Usage: ``python benchmarks/learn_first_paint.py [--runs 5] [--lessons neuron,weights] [--compare none]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, "/work/shared/bench")
sys.path.insert(0, str(ROOT.parent / "shared" / "bench"))
from yardstick import measure_y  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
LESSONS = ["neuron", "activations", "weights", "network", "training"]

# Installed before any page script: on every frame, note when the content and the charts are in.
PROBE = """(() => {
  const r = (window.__firstPaint = { content: null, charts: null, plotly: null, fetch: null });
  const busy = () => document.querySelector('[aria-busy="true"]') !== null;
  function frame() {
    const quiz = document.querySelector('[data-testid="quiz-questions"] li');
    if (quiz && r.content === null && !busy()) r.content = performance.now();
    const plots = [...document.querySelectorAll(".plot")];
    if (quiz && r.charts === null && plots.length && plots.every((p) => p.querySelector(".main-svg"))) {
      r.charts = performance.now();
    }
    if (r.plotly === null && window.Plotly) r.plotly = performance.now();
    if (r.content === null || r.charts === null) requestAnimationFrame(frame);
    else {
      const e = performance.getEntriesByType("resource").find((x) => x.name.includes("/vendor/plotly/"));
      if (e) r.fetch = [e.startTime, e.responseEnd];
    }
  }
  requestAnimationFrame(frame);
})();"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(root: Path) -> Iterator[str]:
    """`python -m app` (one worker) serving the code in root."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(root), "WEB_CONCURRENCY": "1", "LOG_LEVEL": "warning"}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--port", str(port), "--workers", "1"], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server in {root} did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """The files of commit rev in a temporary folder (git archive: no worktree is touched)."""
    with tempfile.TemporaryDirectory(prefix="learn-paint-") as tmp:
        tar = Path(tmp) / "src.tar"
        subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(tar), rev], check=True)
        with tarfile.open(tar) as t:
            t.extractall(Path(tmp) / "src", filter="data")
        yield Path(tmp) / "src"


def visit(page, url: str, timeout_s: float = 60) -> dict[str, float]:
    """Navigate, then the times (ms from the navigation's start) the probe saw."""
    page.goto(url, wait_until="commit")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        r = page.evaluate("window.__firstPaint || null")
        if r and r["content"] is not None and r["charts"] is not None:
            start, end = r["fetch"] or (float("nan"), float("nan"))
            return {"content": r["content"], "charts": r["charts"], "plotly asked": start,
                    "plotly fetched": end, "plotly ready": r["plotly"]}
        time.sleep(0.05)
    raise RuntimeError(f"{url}: not painted in {timeout_s} s")


def measure(browser, base: str, lesson: str) -> dict[str, dict[str, float]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(PROBE)
    page = context.new_page()
    url = f"{base}/learn/{lesson}?seed=4242"
    out = {"cold": visit(page, url)}
    page.goto("about:blank")
    out["warm"] = visit(page, url)
    context.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lessons", default=",".join(LESSONS))
    ap.add_argument("--compare", default="17aa154", help="a commit to measure beside this code, or 'none'")
    args = ap.parse_args()
    lessons = [s for s in args.lessons.split(",") if s]

    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    y0 = measure_y()
    with contextlib.ExitStack() as stack:
        variants = {"now": stack.enter_context(server(ROOT))}
        if args.compare != "none":
            old_root = stack.enter_context(checkout(args.compare))
            variants[f"before ({args.compare})"] = stack.enter_context(server(old_root))
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        stack.callback(browser.close)
        times: dict[tuple[str, str, str, str], list[float]] = {}
        for base in variants.values():  # one untimed visit each: server and disk caches warm
            measure(browser, base, lessons[0])
        for _ in range(args.runs):
            for lesson in lessons:
                for name, base in variants.items():
                    for cache, got in measure(browser, base, lesson).items():
                        for what, ms in got.items():
                            times.setdefault((name, lesson, cache, what), []).append(ms)
    y1 = measure_y()
    load_after = os.getloadavg()
    y = statistics.median([y0, y1])

    def cell(v: float) -> str:
        return f"{v:7.0f} ms = {v / y:5.1f} Y"

    print("Lesson first paint, headless Chromium 1280x800 (--disable-gpu), uvicorn 1 worker, "
          f"medians of {args.runs} runs")
    print(f"Y = {y:.2f} ms (yardstick before {y0:.2f} ms, after {y1:.2f} ms)")
    print(f"load average before {' '.join(f'{v:.2f}' for v in load_before)}, "
          f"after {' '.join(f'{v:.2f}' for v in load_after)} (2 cores)")
    head = f"{'lesson':12} {'cache':5} {'version':22} {'content painted':>20} {'all charts drawn':>20}"
    print(head)
    print("-" * len(head))
    med = {k: statistics.median(v) for k, v in times.items()}
    for lesson in lessons:
        for cache in ("cold", "warm"):
            for name in variants:
                c, p = med[(name, lesson, cache, "content")], med[(name, lesson, cache, "charts")]
                print(f"{lesson:12} {cache:5} {name:22} {cell(c):>20} {cell(p):>20}")
    print("-" * len(head))
    for cache in ("cold", "warm"):
        for name in variants:
            c = statistics.median(med[(name, lesson, cache, "content")] for lesson in lessons)
            p = statistics.median(med[(name, lesson, cache, "charts")] for lesson in lessons)
            print(f"{'all (median)':12} {cache:5} {name:22} {cell(c):>20} {cell(p):>20}")
    print()
    print("Where Plotly's time goes (median over the lessons, ms from the navigation's start):")
    for cache in ("cold", "warm"):
        for name in variants:
            parts = [f"{what} {statistics.median(med[(name, lesson, cache, what)] for lesson in lessons):6.0f}"
                     for what in ("plotly asked", "plotly fetched", "plotly ready")]
            print(f"  {cache:5} {name:22} " + ", ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
