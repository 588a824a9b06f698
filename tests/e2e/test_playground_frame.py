"""The rebuilt playground: one round trip per edit and per training frame, every view repainted
from the frame, and the first picture painted before Plotly has even loaded."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_playground import KNOWN, network, open_page, painted, state_hash, surface_pixels, wait_until

pytestmark = pytest.mark.e2e

API = re.compile(r"/api/")


def api_calls(page) -> list[str]:
    calls: list[str] = []
    def seen(r) -> None:
        if API.search(r.url):
            calls.append(f"{r.method} {r.url.split('/api/', 1)[1]}")

    page.on("request", seen)
    return calls


def settled(page) -> None:
    """The page is idle: the dataset tiles' thumbnails are in and Plotly's charts have joined."""
    wait_until(page, lambda: page.evaluate("() => !!window.__playground.chartsJoined"), "the charts")
    page.evaluate("() => window.__playground.thumbnails")
    painted(page)


def snapshot(page) -> dict:
    """What each view shows: pixels of the surface and of a hidden neuron, the numbers, the curves."""
    return page.evaluate("""() => {
      const q = (s) => document.querySelector(s);
      const neuron = (l, j) => `[data-testid="neuron"][data-layer="${l}"][data-index="${j}"]`;
      const lines = [...document.querySelectorAll('[data-testid="response-curve"] path.js-line')];
      return {
        surface: q('[data-testid="surface-canvas"]').toDataURL(),
        neuron: q(neuron(0, 0) + " canvas").toDataURL(),
        output: q(neuron(1, 0) + " canvas").toDataURL(),
        badge: q(neuron(1, 0) + ' [data-testid="activation"]').dataset.value,
        edge: q('[data-testid="edge"][data-layer="0"][data-to="0"][data-from="1"] .e-vis').getAttribute("stroke-width"),
        probe: q('[data-testid="probe-output"]').textContent,
        loss: q('[data-testid="train-loss"]').textContent,
        z: q('[data-testid="inspector-z-value"]').dataset.value,
        curve: lines.map((p) => p.getAttribute("d")).join("|"),
      };
    }""")


def test_a_weight_edit_repaints_every_view_in_one_round_trip(page):
    open_page(page, "/" + state_hash(KNOWN))
    settled(page)
    page.locator('[data-testid="edge"][data-layer="0"][data-to="0"][data-from="1"]').dispatch_event("click")
    painted(page)
    before = snapshot(page)
    calls = api_calls(page)
    page.get_by_test_id("weight-input").fill("2.5")
    painted(page)
    after = snapshot(page)
    assert network(page)["layers"][0]["weights"][0][1] == 2.5
    changed = {k for k in before if before[k] != after[k]}
    assert changed == set(before), f"not repainted: {set(before) - changed}"
    assert calls == ["POST evaluate"], calls


def test_the_frame_shows_what_the_api_computes(page, server_url):
    open_page(page, "/" + state_hash(KNOWN))
    data = {"dataset": {"name": "xor", "n": 500, "noise": 0, "seed": 0, "train_fraction": 0.5}}
    body = {"network": KNOWN, "data": data, "probe": {"point": [1, 1], "neuron": {"layer": 1, "index": 0}}}
    frame = page.request.post(server_url + "/api/evaluate", data=body).json()
    shown = float(page.get_by_test_id("accuracy").get_attribute("data-value"))
    assert shown == pytest.approx(frame["metrics"]["test_accuracy"], abs=1e-12)
    assert page.get_by_test_id("train-loss").text_content() == f"{frame['metrics']['train_loss']:.4f}"
    z = float(page.get_by_test_id("inspector-z-value").get_attribute("data-value"))
    assert z == pytest.approx(frame["probe"]["neuron"]["z"], abs=1e-12)


def test_training_is_one_request_a_frame(page):
    open_page(page)
    settled(page)
    calls = api_calls(page)
    page.get_by_test_id("play").click()
    epoch_now = lambda: int(page.get_by_test_id("epoch").get_attribute("data-epoch"))  # noqa: E731
    wait_until(page, lambda: epoch_now() >= 5, "five epochs")
    page.get_by_test_id("play").click()
    painted(page)
    epoch = int(page.get_by_test_id("epoch").get_attribute("data-epoch"))
    assert set(calls) == {"POST train"}, calls
    assert len(calls) == epoch  # one epoch a frame: one request each
    # the loss chart appends the epochs it has not drawn yet
    wait_until(page, lambda: page.evaluate(
        "() => document.querySelector('[data-testid=loss-chart]').data?.[0]?.x?.length") == epoch, "the loss chart")


def test_the_page_paints_before_plotly_arrives(page):
    release = []
    page.route("**/vendor/plotly/plotly.min.js*", lambda route: release.append(route))
    page.goto("/")
    page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
    wait_until(page, lambda: page.evaluate("() => window.__playground.firstPaint !== null"), "the first paint")
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
    assert int(page.get_by_test_id("surface-points").get_attribute("data-count")) > 100
    assert surface_pixels(page) != page.evaluate("() => document.createElement('canvas').toDataURL()")
    assert page.get_by_test_id("train-loss").text_content() != "—"
    assert page.get_by_test_id("probe-output").text_content() != "—"
    assert page.locator('[data-testid="loss-chart"] .chart-wait').is_visible()
    wait_until(page, lambda: len(release) == 1, "the page asks for Plotly after its first paint")
    release[0].continue_()
    curves = page.locator('[data-testid="response-curve"] path.js-line')
    wait_until(page, lambda: curves.count() >= 1, "the curves join")
    assert page.locator(".chart-wait").count() == 0
