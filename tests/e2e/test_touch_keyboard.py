"""Touch and keyboard on the playground (issue 11), in a real headless Chromium.

Touch: a browser context with ``has_touch`` and Playwright's ``tap`` (a real touch sequence:
pointer events, then the compatibility mouse events and the click); drags through the DevTools
protocol's ``Input.dispatchTouchEvent``. Keyboard: the diagram is one tab stop with the arrow keys
inside it; + / − nudge. Screen readers: the metrics' live region and the surface's text summary.
"""

from __future__ import annotations

import base64
import json

import pytest
from playground_page import open_page as open_playground
from playground_page import painted, state, wait_until

pytestmark = pytest.mark.e2e

# 2 inputs -> 3 tanh -> 1 sigmoid (the same hand-made network as test_playground.py)
KNOWN = {
    "features": ["x1", "x2"],
    "layers": [
        {"activation": "tanh", "weights": [[0.8, -0.5], [-1.2, 0.3], [0.4, 0.9]], "biases": [0.1, -0.2, 0.05]},
        {"activation": "sigmoid", "weights": [[1.5, -0.7, 2.1]], "biases": [-0.3]},
    ],
}
_STATE = json.dumps({"v": 1, "network": KNOWN, "start": KNOWN}).encode()
HASH = "#s=j" + base64.urlsafe_b64encode(_STATE).decode().rstrip("=")


def _page(browser, server_url, **ctx):
    context = browser.new_context(base_url=server_url, **ctx)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    return context, pg, errors


@pytest.fixture
def touch(browser, server_url):
    """A page in a touch-screen context (1280×800, has_touch): fails on any console error."""
    context, pg, errors = _page(browser, server_url, viewport={"width": 1280, "height": 800}, has_touch=True)
    yield pg
    context.close()
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


def open_page(page, path: str = "/" + HASH) -> None:
    open_playground(page, path)


def plot_point(page, fx: float, fy: float) -> tuple[float, float]:
    """The page coordinates of a point of the plot, as fractions of its square from the top left."""
    box = page.get_by_test_id("surface-canvas").bounding_box()
    return box["x"] + box["width"] * fx, box["y"] + box["height"] * fy


def tap_plot(page, fx: float, fy: float) -> None:
    # to the middle of the screen: at the top edge the sticky header would take the tap
    page.get_by_test_id("surface-canvas").evaluate("el => el.scrollIntoView({block: 'center'})")
    page.touchscreen.tap(*plot_point(page, fx, fy))
    painted(page)


def point_count(page) -> int:
    return int(page.get_by_test_id("surface-points").get_attribute("data-count"))


# ---------------------------------------------------------------------------------------- touch


def test_a_finger_beside_a_thin_edge_selects_it_and_the_editor_edits_it(touch):
    open_page(touch)
    edge = touch.locator('[data-testid="edge"][data-layer="1"][data-to="0"][data-from="2"]')
    edge.scroll_into_view_if_needed()
    box = edge.bounding_box()
    # the middle of the curve, 9 px below it: a finger is not a mouse pointer
    touch.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + 9)
    painted(touch)
    assert state(touch, "view.selected") == {"kind": "edge", "layer": 1, "index": 0, "from": 2}
    assert "Weight" in touch.get_by_test_id("weight-editor").text_content()
    # what the edge's tooltip says (hover only) is in view after the tap
    assert touch.get_by_test_id("edge-detail").text_content().startswith("Selected: Weight H1.3 → Output = 2.1")
    field = touch.get_by_test_id("weight-input")
    assert float(field.input_value()) == pytest.approx(2.1)
    field.tap()
    field.fill("-3")
    painted(touch)
    assert state(touch, "network.layers[1].weights[0][2]") == -3
    # where wide hit areas overlap, the edge whose curve is nearest the finger wins (x1 → H1.2's
    # middle lies inside x1 → H1.3's hit area, drawn later)
    for to, frm in [(1, 0)]:
        box = touch.locator(f'[data-testid="edge"][data-layer="0"][data-to="{to}"][data-from="{frm}"]').bounding_box()
        touch.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        painted(touch)
        assert state(touch, "view.selected") == {"kind": "edge", "layer": 0, "index": to, "from": frm}


def test_a_tap_moves_the_probe_and_a_finger_drags_it_without_scrolling_the_page(touch):
    open_page(touch)
    tap_plot(touch, 0.75, 0.25)
    x1, x2 = state(touch, "view.probe")
    assert x1 == pytest.approx(3, abs=0.2) and x2 == pytest.approx(3, abs=0.2)
    # a drag: touch start, moves, end (the DevTools protocol's touch input, as a finger sends it)
    cdp = touch.context.new_cdp_session(touch)
    scroll = touch.evaluate("() => [scrollX, scrollY]")
    (ax, ay), (bx, by) = plot_point(touch, 0.25, 0.75), plot_point(touch, 0.5, 0.5)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": ax, "y": ay}]})
    for k in range(1, 9):
        t = k / 8
        at = {"x": ax + (bx - ax) * t, "y": ay + (by - ay) * t}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [at]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    painted(touch)
    x1, x2 = state(touch, "view.probe")
    assert x1 == pytest.approx(0, abs=0.3) and x2 == pytest.approx(0, abs=0.3)
    assert touch.evaluate("() => [scrollX, scrollY]") == scroll, "dragging the probe scrolled the page"
    # the probe's plot says so too
    assert "Probe at (" in touch.get_by_test_id("surface-summary").text_content()


def test_taps_add_points_of_the_chosen_class_and_remove_mode_takes_them_away(touch):
    open_page(touch, "/")
    touch.get_by_test_id("mode-add").tap()
    painted(touch)
    # the class chooser: a tap picks the class of the next points
    pick = touch.get_by_test_id("add-class-1")
    pick.tap()
    painted(touch)
    assert state(touch, "view.addClass") == 1
    assert pick.get_attribute("aria-pressed") == "true"
    before = point_count(touch)
    tap_plot(touch, 0.9, 0.1)
    assert point_count(touch) == before + 1
    train = state(touch, "points.train")
    assert train["labels"][-1] == 1
    assert train["points"][-1][0] == pytest.approx(4.8, abs=0.2)
    # one tap, one point (no second action from the tap's mouse events)
    tap_plot(touch, 0.1, 0.9)
    assert point_count(touch) == before + 2
    # removing by touch: a visible mode, then a tap on the point
    remove = touch.get_by_test_id("mode-remove")
    assert remove.is_visible()
    remove.tap()
    painted(touch)
    assert remove.get_attribute("aria-pressed") == "true"
    tap_plot(touch, 0.9, 0.1)
    assert point_count(touch) == before + 1
    assert [4.8, 4.8] not in [[round(x, 1), round(y, 1)] for x, y in state(touch, "points.train.points")]


def test_a_tap_on_a_neuron_shows_what_a_hover_shows_until_a_tap_elsewhere(touch):
    open_page(touch)
    neuron = touch.locator('[data-testid="neuron"][data-layer="0"][data-index="1"]')
    neuron.tap()
    painted(touch)
    assert state(touch, "view.selected") == {"kind": "neuron", "layer": 0, "index": 1}
    assert touch.locator("#surface-title").text_content() == "Neuron H1.2"
    touch.locator(".diagram-legend").tap()
    painted(touch)
    assert touch.locator("#surface-title").text_content() == "Output"


def test_a_tap_that_removes_an_input_leaves_no_hover_preview_behind(touch):
    """A tap's compatibility mouse events (mouseenter without a mouseleave) used to show the tapped
    input's picture in the big plot, and keep it there after the input was gone."""
    open_page(touch)
    touch.locator('[data-testid="feature"][data-feature="x2"]').tap()
    painted(touch)
    assert state(touch, "network.features") == ["x1"]
    assert state(touch, "hover") is None
    assert touch.locator("#surface-title").text_content() == "Output"


def test_only_the_plot_in_probe_mode_keeps_a_finger_from_scrolling_the_page(touch):
    open_page(touch)
    action = "el => getComputedStyle(el).touchAction"
    canvas = touch.get_by_test_id("surface-canvas")
    assert canvas.evaluate(action) == "none"
    assert touch.locator("body").evaluate(action) == "auto"
    assert touch.get_by_test_id("network-diagram").evaluate(action) == "auto"
    touch.get_by_test_id("mode-add").tap()
    painted(touch)
    assert canvas.evaluate(action) == "manipulation"  # a tap adds a point, a swipe still scrolls


# ------------------------------------------------------------------------------------- keyboard


def test_the_diagram_is_one_tab_stop_and_arrow_keys_move_the_selection(page):
    open_page(page)
    diagram = page.get_by_test_id("network-diagram")
    stops = diagram.locator('[tabindex="0"]')
    assert stops.count() == 1
    # Tab from the last layer control before the items enters the diagram at the selected item
    assert state(page, "view.selected") == {"kind": "neuron", "layer": 1, "index": 0}
    page.locator('[data-testid="layer-activation"]').last.focus()
    page.keyboard.press("Tab")
    active = """() => { const a = document.activeElement;
      const d = a.dataset;
      return [d.testid, d.feature || d.layer, d.index || d.to, d.from] }"""
    assert page.evaluate(active) == ["neuron", "1", "0", None]
    walk = [
        ("ArrowLeft", ["edge", "1", "0", "0"]),  # into the neuron's weights
        ("ArrowDown", ["edge", "1", "0", "1"]),  # the next one
        ("ArrowLeft", ["neuron", "0", "1", None]),  # the weight's source
        ("ArrowUp", ["neuron", "0", "0", None]),  # within the layer
        ("ArrowLeft", ["edge", "0", "0", "0"]),
        ("ArrowLeft", ["feature", "x1", None, None]),
        ("ArrowDown", ["feature", "x2", None, None]),
        ("ArrowRight", ["edge", "0", "0", "1"]),  # the input's first outgoing weight
        ("ArrowRight", ["neuron", "0", "0", None]),  # the weight's target
        ("End", ["neuron", "0", "2", None]),
        ("ArrowRight", ["edge", "1", "0", "2"]),
    ]
    for key, where in walk:
        page.keyboard.press(key)
        assert page.evaluate(active) == where, key
    painted(page)
    assert state(page, "view.selected") == {"kind": "edge", "layer": 1, "index": 0, "from": 2}
    assert stops.count() == 1
    assert page.evaluate("() => document.activeElement.getAttribute('tabindex')") == "0"
    # Tab leaves the diagram; Shift+Tab comes back to where the selection is
    page.keyboard.press("Tab")
    assert not page.evaluate("() => document.getElementById('diagram').contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(active) == ["edge", "1", "0", "2"]
    # and Tab from before the diagram lands on that edge too (not on the SVG that holds it)
    page.locator('[data-testid="layer-activation"]').last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate(active) == ["edge", "1", "0", "2"]


def test_nudge_keys_pressed_twice_on_an_edge_nudge_it_twice(page):
    open_page(page)
    edge = page.locator('[data-testid="edge"][data-layer="0"][data-to="1"][data-from="0"]')
    edge.focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    painted(page)
    assert state(page, "network.layers[0].weights[1][0]") == pytest.approx(-1.0)
    assert page.evaluate("() => document.activeElement.dataset.testid") == "edge"
    page.keyboard.press("PageDown")
    page.keyboard.press("-")
    painted(page)
    assert state(page, "network.layers[0].weights[1][0]") == pytest.approx(-2.1)
    # the editor shows the value; Enter goes there, Escape back to the same edge
    assert float(page.get_by_test_id("weight-input").input_value()) == pytest.approx(-2.1)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "weight-input"
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.dataset.from") == "0"


def test_nudging_a_selected_edge_keeps_it_focused(page):
    """The focus bug: the selected edge was moved to the SVG's end to draw it on top, which
    blurred it, so the second key went nowhere (issue 11: "↑ twice on an edge nudges once")."""
    open_page(page)
    edge = page.locator('[data-testid="edge"][data-layer="0"][data-to="1"][data-from="0"]')
    edge.focus()
    page.evaluate("""() => window.__playground.handlers.onSelect({kind: "edge", layer: 0, index: 1, from: 0}, false)""")
    painted(page)
    assert page.evaluate("() => document.activeElement.dataset.testid") == "edge"


# -------------------------------------------------------------------------------- screen readers


def test_metrics_are_announced_in_a_polite_live_region(page):
    open_page(page)
    live = page.get_by_test_id("metrics-live")
    assert live.get_attribute("aria-live") == "polite"
    wait_until(page, lambda: "train loss" in live.text_content(), "the metrics are announced")
    first = live.text_content()
    assert first.startswith("Epoch 0:") and "accuracy" in first
    page.get_by_test_id("step").click()
    wait_until(page, lambda: live.text_content().startswith("Epoch 1:"), "the new metrics are announced")
    assert live.text_content() != first


def test_the_surface_has_a_text_summary(page):
    open_page(page)
    surface = page.get_by_test_id("decision-surface")
    assert surface.get_attribute("role") == "img"
    summary = page.get_by_test_id("surface-summary")
    assert surface.get_attribute("aria-describedby") == summary.get_attribute("id")
    text = summary.text_content()
    assert text.startswith("Decision surface over x₁ and x₂ from −6 to 6.")
    assert "class 0 covers" in text and "class 1 covers" in text and "of the plane" in text
    assert "accuracy" in text and "Probe at (1.00, 1.00)" in text
    page.get_by_test_id("probe-x1").fill("-2")
    painted(page)
    wait_until(page, lambda: "Probe at (−2.00, 1.00)" in summary.text_content(), "the summary follows the probe")


def test_training_is_announced_sparingly_and_the_pause_at_once(page):
    open_page(page)
    live = page.get_by_test_id("metrics-live")
    wait_until(page, lambda: live.text_content().startswith("Epoch 0:"), "the first announcement")
    page.get_by_test_id("play").click()
    heard = set()
    for _ in range(30):  # 3 s of training frames
        heard.add(live.text_content())
        page.wait_for_timeout(100)
    page.get_by_test_id("play").click()
    heard.discard("")
    assert len(heard) <= 2, f"announced every frame: {sorted(heard)}"
    painted(page)
    epoch = state(page, "epoch")
    assert epoch > 0
    wait_until(page, lambda: live.text_content().startswith(f"Epoch {epoch}:"), "the pause is announced")
