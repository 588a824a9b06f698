"""TensorFlow Playground's real build against our page, in the same run, with the same definitions.

TFP (github.com/tensorflow/playground, built with its own ``npm run build``) is served as a static
site by a Python ThreadingHTTPServer on a free loopback port and timed in real headless Chromium
(no request interception), beside our page (``benchmarks/page_speed.py``'s own functions, one
uvicorn worker) and the yardstick Y, all in one run:

* weight edit -> repainted page, 2-4-2-1 on circle and 2-8-8-8-8-8-8-1 tanh: TFP's own edit path
  (hover a link, click, the hover card's number input gets an ``input`` event, which sets the
  weight and runs ``updateUI()``), timed from before the event until a ``requestAnimationFrame``
  followed by ``setTimeout(0)`` -- the frame showing the change has been rendered; our page's
  ``whenPainted()`` ends the same way (views drawn in a frame, then a task posted after it);
* training at one epoch a frame (TFP's play button: one ``oneStep()`` per d3 timer tick, i.e. per
  animation frame): ``#iter-number`` sampled over ``--seconds`` after 1 s warm-up -> ms per epoch,
  and animation frames a second (a rAF counter);
* complete first paint (main heatmap canvas drawn, every neuron canvas drawn, network SVG has
  nodes), found by a rAF poll injected with ``add_init_script``, recorded in the ``setTimeout(0)``
  after the frame that shows it (our ``firstPaint`` is recorded the same way), ms since navigation
  start; cold cache = a new browser context each run, warm = a reload; median of ``--loads``.

TensorFlow Playground is not part of this project: build it in a temporary folder first
(none of its code is committed here), e.g.::

    git clone https://github.com/tensorflow/playground /tmp/tfp    # or the search tool's fetch
    cd /tmp/tfp && npm ci --no-audit --no-fund && npm run build    # -> /tmp/tfp/dist

Usage: ``python benchmarks/tfp_compare.py --tfp-dir /tmp/tfp/dist [--ours .] [--edits 40] ...``
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import os
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "bench"))
from yardstick import measure_y  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
NETS = {"2-4-2-1": "4,2", "2-8x6-1": "8,8,8,8,8,8"}
HASH = ("activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&regularizationRate=0"
        "&noise=0&networkShape={shape}&seed=0.12345&showTestData=false&discretize=false&percTrainData=50&x=true"
        "&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false"
        "&collectStats=false&problem=classification&initZero=false&hideText=false")

# Polls every animation frame from navigation start; once the page shows its heatmap and network,
# records the time in the task posted after that frame (the frame has been rendered by then).
FIRST_PAINT_INIT = """(() => {
  const drawn = (c) => { if (!c || !c.width) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i]) return true; return false; };
  const ready = () => drawn(document.querySelector('#heatmap canvas'))
    && document.querySelectorAll('#svg g.node').length > 0
    && [...document.querySelectorAll('#network div.canvas canvas')].every(drawn);
  const poll = () => { if (document.readyState !== 'loading' && ready())
      setTimeout(() => { window.__tfpFirstPaint = performance.now(); }, 0);
    else requestAnimationFrame(poll); };
  requestAnimationFrame(poll);
})()"""
FIRST_JS = """async () => { while (window.__tfpFirstPaint == null) await new Promise((r) => setTimeout(r, 20));
  return window.__tfpFirstPaint; }"""
PAINTED_JS = "() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))"
# The point half-way along the hover path of the link x1 -> first hidden neuron (our edits' edge).
LINK_POINT_JS = """() => {
  const line = document.getElementById('linkx-1');
  const hover = [...document.querySelectorAll('#svg path.link-hover')]
    .find((p) => p.getAttribute('d') === line.getAttribute('d'));
  hover.scrollIntoView({ block: 'center' });
  const pt = hover.getPointAtLength(hover.getTotalLength() / 2).matrixTransform(hover.getScreenCTM());
  const hit = document.elementFromPoint(pt.x, pt.y);
  return { x: pt.x, y: pt.y, hit: hit === hover };
}"""
EDIT_JS = """async (value) => {
  const input = document.querySelector('#hovercard input');
  const t0 = performance.now();
  input.value = String(value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
}"""
FRAMES_JS = """() => { window.__frames = 0;
  const tick = () => { window.__frames++; requestAnimationFrame(tick); }; requestAnimationFrame(tick); }"""
STATS_JS = """() => ({ t: performance.now(), frames: window.__frames,
  iter: +document.querySelector('#iter-number').textContent.replace(/,/g, '') })"""


@contextlib.contextmanager
def static_server(root: Path):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def tfp_open(page, url: str) -> None:
    page.goto(url)
    page.evaluate(FIRST_JS)
    page.wait_for_timeout(800)
    page.evaluate(PAINTED_JS)


def tfp_edits(page, n: int) -> tuple[float, list[str]]:
    pt = page.evaluate(LINK_POINT_JS)
    if not pt["hit"]:
        raise RuntimeError("the link's hover path is not under its own mid-point")
    page.mouse.move(pt["x"], pt["y"])  # mouseenter: the hover card for this weight
    page.mouse.click(pt["x"], pt["y"])  # click on the svg: the card's input box opens
    if not page.locator("#hovercard input").is_visible():
        raise RuntimeError("the hover card's input did not open")
    page.evaluate(PAINTED_JS)
    widths = []
    times = []
    for k in range(n + 3):
        times.append(page.evaluate(EDIT_JS, round(0.25 + 0.5 * (k % 2) + k * 1e-3, 3)))
        if k < 2:
            widths.append(page.evaluate("() => document.getElementById('linkx-1').style.strokeWidth"))
    return statistics.median(times[3:]), widths


def tfp_training(page, seconds: float) -> tuple[float, float]:
    page.mouse.move(5, 5)  # leave the link: the hover card closes
    page.evaluate(FRAMES_JS)
    page.click("#play-pause-button")
    page.wait_for_timeout(1000)
    a = page.evaluate(STATS_JS)
    page.wait_for_timeout(seconds * 1000)
    b = page.evaluate(STATS_JS)
    page.click("#play-pause-button")
    dt = b["t"] - a["t"]
    if b["iter"] <= a["iter"]:
        raise RuntimeError("TFP did not train")
    return dt / (b["iter"] - a["iter"]), (b["frames"] - a["frames"]) / dt * 1000


def tfp_first_paints(browser, base: str, runs: int) -> tuple[list[float], list[float]]:
    cold, warm = [], []
    for _ in range(runs):
        ctx = browser.new_context(viewport=VIEWPORT)
        ctx.add_init_script(FIRST_PAINT_INIT)
        page = ctx.new_page()
        page.goto(base + "/")
        cold.append(page.evaluate(FIRST_JS))
        page.wait_for_timeout(300)
        page.reload()
        warm.append(page.evaluate(FIRST_JS))
        ctx.close()
    return cold, warm


def measure_tfp(browser, base: str, args) -> dict:
    cold, warm = tfp_first_paints(browser, base, args.loads)
    res = {"cold": statistics.median(cold), "warm": statistics.median(warm), "cold_all": cold, "warm_all": warm}
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.add_init_script(FIRST_PAINT_INIT)
    errors: list[str] = []
    for name, shape in NETS.items():
        page = ctx.new_page()  # a new page per network: a hash change alone does not rebuild TFP
        page.on("pageerror", lambda e: errors.append(str(e)))
        tfp_open(page, base + "/#" + HASH.format(shape=shape))
        nodes = page.evaluate("() => document.querySelectorAll('#svg g.node').length")
        res[("edit", name)], res[("widths", name)] = tfp_edits(page, args.edits)
        res[("epoch", name)], res[("fps", name)] = tfp_training(page, args.seconds)
        res[("nodes", name)] = nodes
        page.close()
    ctx.close()
    res["errors"] = errors
    return res


def measure_ours(browser, root: Path, args) -> dict:
    spec = importlib.util.spec_from_file_location("page_speed", root / "benchmarks" / "page_speed.py")
    ps = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ps)
    os.environ["PYTHONPATH"] = str(root)  # the uvicorn it starts imports this tree's app
    with ps.server(1) as base:
        cold, warm, _ = ps.first_paints(browser, base, args.loads)
        res = {"cold": statistics.median(cold), "warm": statistics.median(warm)}
        page = browser.new_page(viewport=VIEWPORT)
        for name, sizes in ps.NETS.items():
            ps.open_page(page, base + ps.link(base, sizes))
            res[("edit", name)] = ps.edits(page, args.edits)
            res[("epoch", name)], res[("fps", name)] = ps.training(page, args.seconds)
        page.close()
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tfp-dir", type=Path, required=True, help="TFP's built static site (its dist/)")
    ap.add_argument("--ours", default=str(Path(__file__).resolve().parents[1]),
                    help="our tree, timed with its page_speed.py ('' = skip)")
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--loads", type=int, default=5)
    args = ap.parse_args()
    if not (args.tfp_dir / "index.html").is_file() or not (args.tfp_dir / "bundle.js").is_file():
        ap.error(f"{args.tfp_dir} has no index.html and bundle.js: build TFP first (npm run build)")

    from playwright.sync_api import sync_playwright

    load0 = os.getloadavg()
    y0 = measure_y()
    with sync_playwright() as p, static_server(args.tfp_dir) as base:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tfp = measure_tfp(browser, base, args)
        ours = None
        if args.ours:
            try:
                ours = measure_ours(browser, Path(args.ours), args)
            except Exception as e:  # still print TFP's figures
                print(f"our page could not be timed: {e!r}", file=sys.stderr)
        browser.close()
    y1 = measure_y()
    y = (y0 + y1) / 2
    fmt = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"Y (yardstick epoch, same run) = {y:.2f} ms  (before {y0:.2f}, after {y1:.2f}); load average "
          f"{' '.join(f'{v:.2f}' for v in load0)} at start, {fmt} at end")
    print(f"Chromium headless 1280x800 --disable-gpu, medians; TFP {args.tfp_dir} on ThreadingHTTPServer"
          + (f"; ours {args.ours} (page_speed.py, 1 uvicorn worker)" if ours else ""))
    print(f"  {'':<40} {'TFP ms':>9} {'TFP Y':>7}" + (f" {'ours ms':>9} {'ours Y':>7} {'ours/TFP':>8}" if ours else ""))

    def line(label: str, key, extra: str = "") -> None:
        t = tfp[key]
        s = f"  {label:<40} {t:9.1f} {t / y:7.2f}"
        if ours:
            o = ours[key]
            s += f" {o:9.1f} {o / y:7.2f} {o / t:8.2f}"
        print(s + extra)

    for name in NETS:
        line(f"weight edit -> repainted page, {name}", ("edit", name))
        fps = f"  (TFP {tfp[('fps', name)]:.1f} frames/s" + (f", ours {ours[('fps', name)]:.1f}" if ours else "") + ")"
        line(f"training 1 epoch/frame, {name}: /epoch", ("epoch", name), fps)
    line("complete first paint, cold cache", "cold")
    line("complete first paint, warm cache", "warm")
    print(f"TFP checks: network nodes drawn {[tfp[('nodes', n)] for n in NETS]}; edited link's stroke-width "
          f"after the first two edits {[tfp[('widths', n)] for n in NETS]}; first paints cold "
          f"{[round(v) for v in tfp['cold_all']]} warm {[round(v) for v in tfp['warm_all']]} ms")
    if tfp["errors"]:
        print("TFP page errors:", tfp["errors"], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
