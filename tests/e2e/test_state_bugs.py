"""Issue 11's state bugs in a real headless Chromium against a real uvicorn server.

- a dataset or problem switch after training starts a fresh network from the seed, and Reset
  returns to that fresh network (not to the weights trained on the old data);
- the probe fields follow a click on the surface, and ↑ in a field steps from there;
- a CSV with −1/1 labels is two classes, said in a note; own data get the train/test split and
  a "Clear points" button with an undo;
- an unreachable server is said in plain words, retried, and the message goes when it is back;
- the lessons' class 0 has the playground's class 0 colour (and numbering from 0).
"""

from __future__ import annotations

import pytest
from playground_page import open_page, painted, state, wait_until

pytestmark = pytest.mark.e2e


def fresh_network(page, server_url: str) -> dict:
    """The network /api/networks gives for the page's architecture and seed (a fresh start)."""
    s = page.evaluate("() => JSON.parse(JSON.stringify(window.__playground.state))")
    a = s["arch"]
    out = 1 if s["task"]["kind"] == "regression" or s["task"]["classes"] <= 2 else s["task"]["classes"]
    hidden = [a["activations"][i] if i < len(a["activations"]) else "tanh" for i in range(len(a["hidden"]))]
    spec = {
        "layer_sizes": [len(s["features"]), *a["hidden"], out],
        "activations": [*hidden, a["output"]], "init": a["init"], "seed": a["seed"], "features": s["features"],
    }
    res = page.request.post(server_url + "/api/networks", data=spec)
    assert res.ok, res.text()
    return res.json()


def weights(net: dict) -> list:
    return [(layer["weights"], layer["biases"]) for layer in net["layers"]]


def train_a_little(page, epochs: int = 3) -> None:
    for k in range(1, epochs + 1):
        page.get_by_test_id("step").click()
        page.locator(f'[data-testid="epoch"][data-epoch="{k}"]').wait_for()
    painted(page)


def test_dataset_switch_after_training_starts_fresh_from_the_seed_and_reset_returns_there(page, server_url):
    open_page(page)
    assert state(page, "data.name") == "xor"
    train_a_little(page)
    trained = weights(state(page, "network"))
    page.locator('[data-testid="dataset"][data-name="circle"]').click()
    painted(page)
    assert state(page, "data.name") == "circle"
    assert page.get_by_test_id("epoch").get_attribute("data-epoch") == "0"
    fresh = weights(fresh_network(page, server_url))
    now = weights(state(page, "network"))
    assert now != trained, "the xor-trained weights were carried over to circle"
    assert now == fresh, "not the seed's fresh network"
    # train on circle, then Reset: back to that fresh network, not to the xor weights
    train_a_little(page, 2)
    page.get_by_test_id("reset").click()
    painted(page)
    assert page.get_by_test_id("epoch").get_attribute("data-epoch") == "0"
    assert weights(state(page, "network")) == fresh


def test_problem_switch_after_training_starts_fresh_from_the_seed(page, server_url):
    open_page(page)
    train_a_little(page)
    page.get_by_test_id("problem").select_option("multiclass")
    painted(page)
    assert state(page, "task.classes") >= 3
    assert page.get_by_test_id("epoch").get_attribute("data-epoch") == "0"
    fresh = weights(fresh_network(page, server_url))
    assert weights(state(page, "network")) == fresh
    assert weights(state(page, "start")) == fresh, "Reset would not return to the fresh network"


def test_new_points_of_the_same_dataset_keep_the_weights(page):
    open_page(page)
    train_a_little(page)
    trained = weights(state(page, "network"))
    page.get_by_test_id("regenerate").click()
    painted(page)
    assert weights(state(page, "network")) == trained


def test_probe_fields_follow_a_click_on_the_surface_and_arrow_up_steps_from_there(page):
    open_page(page)
    x1 = page.get_by_test_id("probe-x1")
    x2 = page.get_by_test_id("probe-x2")
    x1.fill("1")  # the user typed in the field: it has the focus when the plot is clicked
    painted(page)
    box = page.get_by_test_id("surface-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.8)
    painted(page)
    probe = state(page, "view.probe")
    assert probe[0] < -2 and probe[1] < -2, probe
    assert float(x1.input_value()) == pytest.approx(probe[0], abs=1e-3)
    assert float(x2.input_value()) == pytest.approx(probe[1], abs=1e-3)
    # the field keeps the focus while the probe moves (a tap on a tablet does not blur it; here a
    # click event on the plot that moves no focus): the fields still follow
    x1.focus()
    box = page.get_by_test_id("decision-surface").bounding_box()
    page.get_by_test_id("decision-surface").dispatch_event(
        "click", {"clientX": box["x"] + box["width"] * 0.35, "clientY": box["y"] + box["height"] * 0.7, "bubbles": True}
    )
    painted(page)
    assert page.evaluate("() => document.activeElement.id") == "probe-x1"
    probe2 = state(page, "view.probe")
    assert probe2 != probe
    assert float(x1.input_value()) == pytest.approx(probe2[0], abs=1e-3), "x₁ field stale"
    assert float(x2.input_value()) == pytest.approx(probe2[1], abs=1e-3), "x₂ field stale"
    probe = probe2
    # ↑ in x₁ steps from the probe the click set (not from the stale value)
    x1.press("ArrowUp")
    painted(page)
    after = state(page, "view.probe")
    assert after[0] == pytest.approx(probe[0] + 0.1, abs=1e-6), (probe, after)
    assert after[1] == pytest.approx(probe[1], abs=1e-9)


def csv_rows(n: int, neg: str = "-1", pos: str = "1") -> str:
    rows = [f"{(k % 7) - 3:.1f},{(k % 5) - 2 + (3 if k % 2 else -3):.1f},{pos if k % 2 else neg}" for k in range(n)]
    return "x1,x2,label\n" + "\n".join(rows)


def test_csv_with_minus_one_one_labels_is_two_classes_with_a_note(page):
    open_page(page)
    page.get_by_test_id("csv-text").fill(csv_rows(20))
    page.get_by_test_id("csv-load").click()
    painted(page)
    assert state(page, "task") == {"kind": "classification", "classes": 2}
    custom = state(page, "data.custom")
    assert sorted(set(custom["train"]["labels"] + custom["test"]["labels"])) == [0, 1]
    note = page.get_by_test_id("csv-note")
    assert note.is_visible()
    assert "2 classes: −1 → class 0, 1 → class 1" in note.text_content()
    # many distinct numbers stay regression, and the note says so
    rows = "\n".join(f"{k / 4:.2f},{-k / 5:.2f},{k * 0.37:.3f}" for k in range(12))
    page.get_by_test_id("csv-text").fill("x1,x2,y\n" + rows)
    page.get_by_test_id("csv-load").click()
    painted(page)
    assert state(page, "task.kind") == "regression"
    assert "regression" in note.text_content() and "12 different numbers" in note.text_content()


def test_own_data_get_the_train_test_split_and_clear_points_with_undo(page):
    open_page(page)
    page.get_by_test_id("csv-text").fill(csv_rows(40, "0", "1"))
    page.get_by_test_id("csv-load").click()
    painted(page)
    ratio = page.get_by_test_id("ratio")
    assert ratio.is_enabled(), "the Training data slider applies to own data"

    def sizes():
        c = state(page, "data.custom")
        return len(c["train"]["points"]), len(c["test"]["points"])

    assert sizes() == (20, 20)  # the default 50 %
    ratio.fill("70")
    ratio.dispatch_event("change")
    painted(page)
    assert sizes() == (28, 12)
    first = state(page, "data.custom")
    ratio.fill("50")
    ratio.dispatch_event("change")
    ratio.fill("70")
    ratio.dispatch_event("change")
    painted(page)
    assert state(page, "data.custom") == first, "the split is deterministic"
    # a point added by clicking joins the split too
    page.get_by_test_id("mode-add").click()
    box = page.get_by_test_id("surface-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    painted(page)
    assert sum(sizes()) == 41 and sizes()[0] == round(41 * 0.7)
    assert page.get_by_test_id("test-loss").text_content() != "—"
    # Clear points, then undo
    clear = page.get_by_test_id("clear-points")
    assert clear.is_visible() and clear.text_content() == "Clear points"
    clear.click()
    painted(page)
    assert sizes() == (0, 0)
    assert int(page.get_by_test_id("surface-points").get_attribute("data-count")) == 0
    assert page.get_by_test_id("train-loss").text_content() == "—"
    assert "Undo clear (41 points)" in clear.text_content()
    clear.click()
    painted(page)
    assert sum(sizes()) == 41
    assert clear.text_content() == "Clear points"
    # a named dataset: no "Clear points"
    page.locator('[data-testid="dataset"][data-name="xor"]').click()
    painted(page)
    assert clear.is_hidden()


def test_unreachable_server_is_said_plainly_retried_and_cleared(page):
    open_page(page)
    blocked = {"on": True}

    def route(r):
        if blocked["on"]:
            r.abort("connectionrefused")
        else:
            r.continue_()

    page.route("**/api/**", route)
    page.route("**/healthz", route)
    page.locator('[data-testid="neuron"][data-layer="0"][data-index="0"]').click()
    page.get_by_test_id("probe-x1").fill("2.5")  # an edit: its frame cannot be fetched
    status = page.locator("#status-line")
    # the line alternates between the countdown and "Trying to reach the server…": catch the countdown
    seen: list[str] = []
    wait_until(page, lambda: "trying again in" in (seen.append(status.text_content() or "") or seen[-1]),
               "the unreachable message with its countdown", tries=400)
    text = seen[-1]
    assert "Failed to fetch" not in text and "The server cannot be reached" in text and "trying again in" in text
    retry = page.get_by_test_id("retry")
    assert retry.is_visible()
    # the page stays usable: the probe field still edits the state
    page.get_by_test_id("probe-x2").fill("-1.5")
    assert state(page, "view.probe") == [2.5, -1.5]
    # the server is back: Retry clears the message and the frame is the new probe's
    blocked["on"] = False
    retry.click()
    wait_until(page, lambda: (status.text_content() or "") == "", "the message cleared", tries=400)
    painted(page)
    assert retry.is_hidden()
    assert state(page, "frame.probe.point") == [2.5, -1.5]
    # the browser logs every refused request: those are what this test made happen
    page.console_errors[:] = [e for e in page.console_errors if "Failed to load resource" not in e]


def test_unreachable_server_is_retried_automatically(page):
    open_page(page)
    blocked = {"on": True}
    page.route("**/api/**", lambda r: r.abort("connectionrefused") if blocked["on"] else r.continue_())
    page.route("**/healthz", lambda r: r.abort("connectionrefused") if blocked["on"] else r.continue_())
    page.get_by_test_id("probe-x1").fill("-2")
    status = page.locator("#status-line")
    seen: list[str] = []
    wait_until(page, lambda: "cannot be reached" in (seen.append(status.text_content() or "") or seen[-1]),
               "the unreachable message", tries=400)
    # the first retry comes after 2 s (the line then says "Trying to reach the server…", then counts on)
    assert any("trying again in 2 s" in t for t in seen) or "trying again in" in seen[-1], seen[-3:]
    blocked["on"] = False
    wait_until(page, lambda: (status.text_content() or "") == "", "recovered by itself", tries=400)
    painted(page)
    assert state(page, "frame.probe.point")[0] == -2
    page.console_errors[:] = [e for e in page.console_errors if "Failed to load resource" not in e]


def rgb(page, locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).backgroundColor")


def test_lesson_and_playground_classes_share_numbering_and_colours(page):
    page.goto("/learn/activations")
    bar0 = page.get_by_test_id("softmax-bar-0")
    bar0.wait_for()
    assert "class 0" in bar0.text_content()
    lesson = [rgb(page, page.get_by_test_id(f"softmax-bar-{k}").locator(".bar-fill")) for k in range(3)]
    open_page(page)
    page.get_by_test_id("problem").select_option("multiclass")
    painted(page)
    dots = page.locator("#surface-legend .dot")
    assert dots.count() >= 3
    playground = [rgb(page, dots.nth(k)) for k in range(3)]
    assert lesson == playground, (lesson, playground)
    # the softmax output badges use the same class colours (strongest class: its own colour)
    badge = page.locator('[data-testid="neuron"][data-layer="2"][data-index="0"] [data-testid="activation"]')
    if badge.count() == 0:
        last = state(page, "network.layers.length") - 1
        badge = page.locator(f'[data-testid="neuron"][data-layer="{last}"][data-index="0"] [data-testid="activation"]')
    value = float(badge.get_attribute("data-value"))
    colour = badge.evaluate("el => el.style.background || getComputedStyle(el).backgroundColor")
    expected = page.evaluate(
        f"() => import('/static/js/lib/palette.js').then(m => m.classCss(0, {value}))"
    )
    assert colour.replace(" ", "") == expected.replace(" ", "")
