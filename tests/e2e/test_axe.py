"""axe-core (axe-playwright-python) on every HTML page the app serves, on a laptop (1280×800) and a
phone (390×844): zero violations, after the page has painted (the lessons: after their live numbers
and charts have arrived). Plus the playground in the states a lesson does not show at load: trained
(the confusion matrix), multi-class, the 3-D view, the presets menu open."""

from __future__ import annotations

import pytest
from playground_page import open_painted

from app.pages_learn import LESSONS

pytestmark = pytest.mark.e2e

PAGES = ["/", "/learn", "/challenges", "/#challenge=xor-by-hand"] + [f"/learn/{lesson.name}" for lesson in LESSONS]
VIEWPORTS = [(1280, 800), (390, 844)]


@pytest.fixture(scope="module")
def axe():
    sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    return sync.Axe()


def violations(axe, page) -> list[dict]:
    return axe.run(page).response["violations"]


def describe(where: str, found: list[dict]) -> str:
    out = []
    for v in found:
        out.append(f"{where}: {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:6]:
            summary = " ".join((node.get("failureSummary") or "").split())
            out.append(f"    {node['target']} {node['html'][:160]}\n      {summary[:400]}")
        if len(v["nodes"]) > 6:
            out.append(f"    … and {len(v['nodes']) - 6} more")
    return "\n".join(out)


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_has_no_axe_violations(browser, server_url, axe, size):
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, base_url=server_url)
    try:
        page = ctx.new_page()
        report = []
        for path in PAGES:
            open_painted(page, path)
            found = violations(axe, page)
            if found:
                report.append(describe(f"{path} at {size[0]}×{size[1]}", found))
        assert not report, "axe-core found violations:\n" + "\n".join(report)
    finally:
        ctx.close()


def test_playground_states_have_no_axe_violations(page, axe):
    """Trained (confusion matrix with shaded cells), Add-points mode, multi-class, 3-D, menus open."""
    report = []

    def check(what: str) -> None:
        page.evaluate("() => window.__playground.whenPainted()")
        found = violations(axe, page)
        if found:
            report.append(describe(what, found))

    open_painted(page, "/")
    page.get_by_test_id("step").click()
    for _ in range(30):
        page.get_by_test_id("step").click()
    check("trained a few steps")
    page.get_by_test_id("mode-add").click()
    check("Add points mode")
    page.get_by_test_id("problem").select_option("multiclass")
    for _ in range(10):
        page.get_by_test_id("step").click()
    check("multi-class")
    page.get_by_test_id("view-3d").click()
    check("3-D view")
    page.get_by_test_id("view-2d").click()
    page.get_by_test_id("presets").click()
    check("presets menu open")
    page.get_by_test_id("presets").click()
    page.get_by_test_id("file-menu").click()
    check("export menu open")
    assert not report, "axe-core found violations:\n" + "\n".join(report)
