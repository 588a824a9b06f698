"""Every screen in a real Chromium: phones (390×844), tablets (768×1024), a projector (1024×768),
laptops and Chromebooks (1280×800, 1366×768) and a wide screen (1920×1080).

- no page is wider than the screen (``scrollWidth <= innerWidth``): the playground and every lesson;
- at 1024×768 and 1366×768 the data column, the diagram and the decision surface sit side by side,
  the surface and the loss chart inside the first viewport (no scrolling);
- on a phone one column, the diagram in its own box that scrolls sideways, nodes that do not overlap;
- the inspector's arithmetic is a few readable lines at every size (never one character per line).
"""

from __future__ import annotations

import pytest
from playground_page import open_painted

from app.pages_learn import LESSONS

pytestmark = pytest.mark.e2e

VIEWPORTS = [(390, 844), (768, 1024), (1024, 768), (1280, 800), (1366, 768), (1920, 1080)]
PAGES = ["/", "/learn", "/challenges", "/#challenge=xor-by-hand"] + [f"/learn/{lesson.name}" for lesson in LESSONS]


@pytest.fixture
def at(browser, server_url):
    """``at(w, h)`` -> a fresh page of that viewport; closes its contexts afterwards."""
    contexts = []

    def make(width: int, height: int):
        ctx = browser.new_context(viewport={"width": width, "height": height}, base_url=server_url)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def rect(page, selector: str) -> dict:
    r = page.evaluate(
        "(s) => { const e = document.querySelector(s); if (!e) return null; const b = e.getBoundingClientRect();"
        " return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width, height: b.height}; }",
        selector,
    )
    assert r is not None, f"no {selector} on the page"
    return r


OVERFLOW = """() => ({
  scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('svg'))
    .slice(0, 8)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id} right=${e.getBoundingClientRect().right}`),
})"""


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_page_is_wider_than_the_screen(at, size):
    page = at(*size)
    problems = []
    for path in PAGES:
        open_painted(page, path)
        got = page.evaluate(OVERFLOW)
        if got["scrollWidth"] > got["innerWidth"]:
            problems.append(f"{path}: {got['scrollWidth']} px wide on a {got['innerWidth']} px screen; "
                            f"sticking out: {got['wide']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_projector_and_chromebook_show_data_diagram_and_surface_side_by_side(at, size):
    page = at(*size)
    open_painted(page, "/")
    assert page.evaluate("() => window.scrollY") == 0
    data, diagram, surface = rect(page, ".col-data"), rect(page, "#diagram"), rect(page, "#surface")
    loss = rect(page, "#loss-chart")
    # three columns, left to right, each starting in the first screen
    assert data["right"] <= diagram["left"] + 1, (data, diagram)
    assert diagram["right"] <= surface["left"] + 1, (diagram, surface)
    for sel in (".col-data", ".col-net", ".col-out"):
        top = rect(page, sel)["top"]
        assert 0 <= top < size[1] / 3, f"{sel} starts at {top:.0f} px: the columns are not side by side"
    # the decision surface entirely in the first viewport, and big enough to read
    assert surface["bottom"] <= size[1], f"the surface ends at {surface['bottom']:.0f} px on a {size[1]} px screen"
    assert surface["right"] <= size[0]
    assert min(surface["width"], surface["height"]) >= 240, surface
    # the loss chart in view too
    assert loss["top"] >= 0 and loss["bottom"] <= size[1], f"loss chart at {loss['top']:.0f}-{loss['bottom']:.0f} px"
    assert loss["height"] >= 60 and loss["width"] >= 200, loss
    # the diagram's nodes do not overlap at this size either
    assert_nodes_apart(page)


def node_rects(page) -> list[dict]:
    return page.evaluate(
        "() => [...document.querySelectorAll('#diagram .node')].map((e) => { const b = e.getBoundingClientRect();"
        " return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, name: e.getAttribute('aria-label')}; })"
    )


def assert_nodes_apart(page) -> None:
    nodes = node_rects(page)
    assert len(nodes) >= 9, nodes  # 7 input features + the neurons
    overlaps = [
        (a["name"], b["name"])
        for i, a in enumerate(nodes)
        for b in nodes[i + 1:]
        if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    ]
    assert not overlaps, f"overlapping nodes: {overlaps[:5]}"


def test_phone_one_column_and_a_sideways_scrolling_diagram(at):
    page = at(390, 844)
    open_painted(page, "/")
    cols = [rect(page, s) for s in (".col-data", ".col-net", ".col-out")]
    for upper, lower in zip(cols, cols[1:], strict=False):
        assert lower["top"] >= upper["bottom"] - 1, f"columns side by side on a phone: {cols}"
    for c in cols:
        assert c["left"] >= 0 and c["right"] <= 390, cols
        assert c["width"] >= 330, f"a column {c['width']:.0f} px wide on a 390 px phone"
    # the default network (7 features, two hidden layers, output) is wider than the phone: its box scrolls
    box = page.evaluate(
        "() => { const d = document.querySelector('#diagram'); let e = d.parentElement;"
        " while (e && !['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) e = e.parentElement;"
        " if (!e || e === document.documentElement || e === document.body) return null;"
        " return {scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, diagram: d.getBoundingClientRect().width,"
        " right: e.getBoundingClientRect().right}; }"
    )
    assert box is not None, "the diagram is not inside a box of its own that scrolls sideways"
    assert box["scrollWidth"] > box["clientWidth"], box
    assert box["diagram"] >= 400, f"the diagram squeezed into {box['diagram']:.0f} px"
    assert box["right"] <= 390, box
    assert_nodes_apart(page)
    # the feature labels sit left of their nodes, inside the diagram
    d = rect(page, "#diagram")
    labels = page.evaluate(
        "() => [...document.querySelectorAll('#diagram .feat-label')].map((e) => e.getBoundingClientRect().left)"
    )
    assert labels and min(labels) >= d["left"] - 1, (labels, d)
    # scrolling the box sideways brings the output neuron into view
    page.evaluate(
        "() => { const d = document.querySelector('#diagram'); let e = d.parentElement;"
        " while (!['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) e = e.parentElement;"
        " e.scrollLeft = e.scrollWidth; }"
    )
    last = node_rects(page)[-1]
    assert last["right"] <= 390, last


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_inspector_arithmetic_reads_as_lines_not_letters(at, size):
    page = at(*size)
    open_painted(page, "/")
    # a hidden neuron with several inputs makes a long sum
    page.locator("#diagram .node:not(.input-node)").first.click()
    page.evaluate("() => window.__playground.whenPainted()")
    for sel in ("#insp-z", "#insp-a"):
        got = page.evaluate(
            "(s) => { const e = document.querySelector(s); const b = e.getBoundingClientRect();"
            " return {w: b.width, h: b.height, lh: parseFloat(getComputedStyle(e).lineHeight), text: e.textContent}; }",
            sel,
        )
        assert got["text"].strip(), f"{sel} is empty"
        lines = got["h"] / got["lh"]
        assert got["w"] >= 180, f"{sel} squeezed into {got['w']:.0f} px at {size}"
        assert lines <= 4.5, f"{sel} takes {lines:.1f} lines at {size}: {got['text']!r}"


@pytest.mark.parametrize("size", [(390, 844), (768, 1024)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_header_links_all_visible_on_small_screens(at, size):
    page = at(*size)
    for path in ("/", "/learn/training"):
        open_painted(page, path)
        links = page.evaluate(
            "() => [...document.querySelectorAll('.site-header a')].map((a) => { const b = a.getBoundingClientRect();"
            " return {text: a.textContent.trim(), left: b.left, right: b.right, h: b.height}; })"
        )
        for link in links:
            assert link["left"] >= 0 and link["right"] <= size[0], f"{path}: header link cut off: {link}"
            assert link["h"] < 48, f"{path}: header link wraps: {link}"
