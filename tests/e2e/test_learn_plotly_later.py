"""The lessons do not wait for Plotly: with /vendor/plotly held back, every lesson's text, numbers,
diagrams and quiz are painted, each chart's panel shows a placeholder of its final size, input
still updates the numbers, and once Plotly is let through every chart is drawn (with the latest
data) where the placeholder was. If Plotly cannot load at all, the panel says so."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.e2e

PLOTLY = "**/vendor/plotly/plotly.min.js*"
SEED = 4242
# lesson -> (the labs that must settle, the charts, one number that must be painted)
LESSONS = {
    "neuron": (["neuron-lab"], ["neuron-plot"], "neuron-z"),
    "activations": (["act-lab", "softmax-lab"], ["act-plot"], "softmax-sum"),
    "weights": (["weights-lab"], ["weights-plot"], "probe-out-0"),
    "network": (["net-lab", "collapse-lab"], ["collapse-plot"], "collapse-stack"),
    "training": (["train-lab"], ["train-plot"], "train-loss"),
}


def api(page: Page, path: str, body: dict) -> dict:
    r = page.request.post(path, data=json.dumps(body), headers={"content-type": "application/json"})
    assert r.ok, r.text()
    return r.json()


def hold_plotly(page: Page) -> list[Route]:
    """Hold every request for plotly.min.js until the test lets it through."""
    held: list[Route] = []
    page.route(PLOTLY, lambda route: held.append(route))
    return held


def wait_until(page: Page, check, what: str, tries: int = 200) -> None:
    """Poll from the test (the page's CSP forbids eval, so no wait_for_function)."""
    for _ in range(tries):
        if check():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"timed out waiting for {what}")


def open_without_plotly(page: Page, lesson: str) -> list[Route]:
    labs, charts, number = LESSONS[lesson]
    held = hold_plotly(page)
    page.goto(f"/learn/{lesson}?seed={SEED}")
    for lab in labs:
        expect(page.get_by_test_id(lab)).to_have_attribute("aria-busy", "false")
    expect(page.get_by_test_id("quiz-questions")).to_have_attribute("aria-busy", "false")
    expect(page.get_by_test_id("quiz-questions").locator("li.quiz-q").first).to_be_visible()
    expect(page.get_by_test_id("learn-error")).to_be_hidden()
    expect(page.get_by_test_id(number)).not_to_have_text("…")
    float(page.get_by_test_id(number).get_attribute("data-value"))
    # the page asked for Plotly (after painting) and is still waiting for it
    wait_until(page, lambda: bool(held), "the request for Plotly")
    assert page.evaluate("typeof window.Plotly") == "undefined"
    for chart in charts:
        plot = page.get_by_test_id(chart)
        expect(plot).to_have_attribute("data-chart", "waiting")
        wait = plot.get_by_test_id("chart-wait")
        expect(wait).to_be_visible()
        expect(wait).to_have_text("Loading the chart…")
        assert plot.locator(".main-svg").count() == 0
        # the placeholder fills the chart's panel: the chart will take exactly its place
        pbox, wbox = plot.bounding_box(), wait.bounding_box()
        assert pbox["height"] >= 300
        assert (wbox["width"], wbox["height"]) == (pbox["width"], pbox["height"])
    return held


def let_through(page: Page, held: list[Route]) -> None:
    for route in held:
        route.continue_()
    page.unroute(PLOTLY)


def expect_drawn(page: Page, chart: str) -> None:
    plot = page.get_by_test_id(chart)
    # Plotly is 4.8 MB to parse and run: on a busy 2-core machine that can take several seconds
    expect(plot).to_have_attribute("data-chart", "drawn", timeout=60_000)
    expect(plot.locator(".main-svg").first).to_be_visible()
    expect(plot.get_by_test_id("chart-wait")).to_have_count(0)


@pytest.mark.parametrize("lesson", list(LESSONS))
def test_lesson_paints_before_plotly_and_the_charts_join(page: Page, lesson: str) -> None:
    held = open_without_plotly(page, lesson)
    boxes = {c: page.get_by_test_id(c).bounding_box() for c in LESSONS[lesson][1]}
    before = page.get_by_test_id("quiz").bounding_box()
    if lesson == "network":  # the diagram is painted too
        expect(page.get_by_test_id("net-svg").locator("circle")).to_have_count(9)
        float(page.get_by_test_id("net-output").get_attribute("data-value"))
    let_through(page, held)
    for chart in LESSONS[lesson][1]:
        expect_drawn(page, chart)
        assert page.get_by_test_id(chart).bounding_box() == boxes[chart]  # no layout jump
    assert page.get_by_test_id("quiz").bounding_box() == before


def test_input_before_plotly_is_drawn_when_it_arrives(page: Page) -> None:
    held = open_without_plotly(page, "neuron")
    expect(page.get_by_test_id("neuron-svg").locator("circle")).to_have_count(5)
    expect(page.get_by_test_id("neuron-z")).to_have_text("0.39")
    # two edits while the chart waits: the numbers follow at once
    page.get_by_test_id("weight-0").fill("1")
    page.get_by_test_id("weight-0").fill("1.5")
    page.get_by_test_id("bias").fill("-1")
    expect(page.get_by_test_id("neuron-sum")).to_have_text("1.5×0.8 + 0.3×0.7 + 0.2×0.9 − 1")
    expect(page.get_by_test_id("neuron-lab")).to_have_attribute("aria-busy", "false")
    want = api(page, "/api/neuron",
               {"inputs": [0.8, 0.7, 0.9], "weights": [1.5, 0.3, 0.2], "bias": -1, "activation": "sigmoid"})
    assert float(page.get_by_test_id("neuron-z").get_attribute("data-value")) == want["z"]
    expect(page.get_by_test_id("neuron-plot")).to_have_attribute("data-chart", "waiting")
    let_through(page, held)
    expect_drawn(page, "neuron-plot")
    # the chart shows the latest neuron: its marker sits at the new z
    marker = page.evaluate("[...document.querySelector('[data-testid=neuron-plot]').data[1].x]")
    assert marker == [want["z"]]
    # and it keeps following input now that Plotly is here
    page.get_by_test_id("bias").fill("0")
    expect(page.get_by_test_id("neuron-lab")).to_have_attribute("aria-busy", "false")
    z = float(page.get_by_test_id("neuron-z").get_attribute("data-value"))
    marker = page.evaluate("[...document.querySelector('[data-testid=neuron-plot]').data[1].x]")
    assert marker == [z]


def test_without_plotly_the_chart_panel_says_so(page: Page) -> None:
    page.route(PLOTLY, lambda route: route.abort())
    page.goto(f"/learn/weights?seed={SEED}")
    expect(page.get_by_test_id("weights-lab")).to_have_attribute("aria-busy", "false")
    plot = page.get_by_test_id("weights-plot")
    expect(plot).to_have_attribute("data-chart", "failed", timeout=30_000)
    expect(plot.get_by_test_id("chart-wait")).to_contain_text("could not load")
    # the rest of the lesson works
    page.get_by_test_id("weights-bias").fill("1.5")
    expect(page.get_by_test_id("weights-sentence")).to_contain_text("b = 1.5")
    expect(page.get_by_test_id("learn-error")).to_be_hidden()
    # the browser's own "failed to load resource" line is expected here
    page.console_errors[:] = [e for e in page.console_errors if "Failed to load resource" not in e]
