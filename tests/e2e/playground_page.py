"""Helpers the end-to-end tests share: waiting on the playground's façade (``window.__playground``)
and polling from Python (Playwright's ``wait_for_function`` needs eval, which the page's CSP forbids)."""

from __future__ import annotations

import time


def painted(page) -> None:
    """Until the page's current frame is answered, drawn and on screen."""
    page.evaluate("() => window.__playground.whenPainted()")


def state(page, expr: str):
    """A part of the store's state, e.g. ``state(page, "view.probe")``."""
    return page.evaluate(f"() => JSON.parse(JSON.stringify(window.__playground.state.{expr}))")


def open_page(page, path: str = "/") -> None:
    """Open the playground at ``path`` and wait for its first painted frame."""
    page.goto(path)
    page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
    painted(page)


def wait_until(page, check, what: str, tries: int = 200) -> None:
    """Poll a Python predicate every 25 ms, ``tries`` times."""
    for _ in range(tries):
        if check():
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"never happened: {what}")


def wait_js(page, js: str, what: str, timeout: float = 20.0) -> None:
    """Poll a JS predicate until it holds, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(js):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def open_painted(page, path: str) -> None:
    """Any page of the app, drawn: the playground (or a challenge link) with its charts and panel, a
    lesson with its live numbers and charts; then two animation frames (ResizeObservers have run)."""
    page.goto(path)
    if path == "/" or path.startswith("/#"):
        wait_js(page, "() => !!(window.__playground && window.__playground.firstPaint)", "the first paint")
        # and its charts (Plotly arrives after the first paint): a page closed while Plotly is still
        # downloading is not what a student sees
        wait_js(page, "() => !!window.__playground.chartsJoined", "the charts")
        if "challenge=" in path:  # its panel, drawn from the challenge's definition
            page.get_by_test_id("challenge-goal").wait_for(timeout=20_000)
        painted(page)
    else:
        wait_js(page, "() => !document.querySelector('[aria-busy=\"true\"]')", "the lesson's live numbers")
        wait_js(page, "() => !document.querySelector('.plot-wait')", "the lesson's charts")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
