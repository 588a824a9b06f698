"""Challenges in the playground (real Chromium, real server): a challenge link loads the start,
hides what the challenge hides, and the server's verdict shows with its numbers; relu-quiz and
xor-by-hand solved by typing weights into the weight editor; progress survives a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def open_challenge(page, hash_: str) -> None:
    page.goto("/" + hash_)
    page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
    page.get_by_test_id("challenge-goal").wait_for(timeout=30_000)
    page.evaluate("() => window.__playground.whenPainted()")


def type_value(page, sel: dict, value: float) -> None:
    """Select a weight (edge) or a bias (neuron) and type its value into the weight editor."""
    page.evaluate("(sel) => window.__playground.handlers.onSelect(sel, false, false)", sel)
    page.evaluate("() => window.__playground.whenPainted()")
    box = page.get_by_test_id("weight-input")
    box.fill(str(value))
    page.evaluate("() => window.__playground.whenPainted()")


def check(page) -> dict:
    verdict = page.get_by_test_id("challenge-verdict")
    # forget the previous verdict, so that what is read below is the answer to this click
    verdict.evaluate("el => { delete el.dataset.passed; el.replaceChildren(); }")
    page.get_by_test_id("challenge-check").click()
    verdict.locator(".ch-verdict-head").wait_for(timeout=30_000)
    return {"passed": verdict.get_attribute("data-passed") == "true", "text": verdict.inner_text()}


def test_relu_quiz_through_the_ui_and_progress_survives_a_reload(page):
    open_challenge(page, "#challenge=relu-quiz")
    state = page.evaluate("() => window.__playground.state")
    assert state["network"]["layers"][0]["activation"] == "relu"
    assert state["view"]["probe"] == [2, 3]
    assert page.locator('[data-control="train"]').first.is_hidden(), "the challenge hides training"
    assert page.get_by_test_id("weight-input").is_visible()
    first = check(page)
    assert not first["passed"] and "1.9" in first["text"], first
    page.get_by_test_id("challenge-hint").click()
    expect(page.get_by_test_id("challenge-hints").locator("li")).to_have_count(1)  # drawn on the next frame
    type_value(page, {"kind": "neuron", "layer": 0, "index": 0}, -0.4)
    v = check(page)
    assert v["passed"], v
    assert "output" in v["text"] and "1.5" in v["text"]
    assert page.get_by_test_id("challenge-passed").is_visible()
    page.evaluate("() => window.__playground.flushSave()")
    page.reload()
    page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
    page.get_by_test_id("challenge-goal").wait_for(timeout=30_000)
    assert page.get_by_test_id("challenge-passed").is_visible(), "progress survives the reload"
    expect(page.get_by_test_id("challenge-hints").locator("li")).to_have_count(1)  # so do the hints shown
    assert page.evaluate("() => window.__playground.state.network.layers[0].biases[0]") == -0.4


def test_xor_by_hand_through_the_weight_editor(page):
    open_challenge(page, "#challenge=xor-by-hand")
    assert not check(page)["passed"]
    hidden = [[1, 1], [-1, -1], [1, -1], [-1, 1]]
    for j, row in enumerate(hidden):
        for i, w in enumerate(row):
            type_value(page, {"kind": "edge", "layer": 0, "index": j, "from": i}, w)
        type_value(page, {"kind": "neuron", "layer": 0, "index": j}, 0)
    for i, w in enumerate([2, 2, -2, -2]):
        type_value(page, {"kind": "edge", "layer": 1, "index": 0, "from": i}, w)
    type_value(page, {"kind": "neuron", "layer": 1, "index": 0}, 0)
    v = check(page)
    assert v["passed"], v
    assert "test accuracy" in v["text"] and "0.95" in v["text"]


def test_a_sequence_moves_to_the_next_challenge(page):
    open_challenge(page, "#challenges=relu-quiz,weight-sensitivity")
    assert page.get_by_test_id("challenge-goal").inner_text().startswith("Set the weights and bias")
    type_value(page, {"kind": "neuron", "layer": 0, "index": 0}, -0.4)
    assert check(page)["passed"]
    page.get_by_test_id("challenge-next").click()
    page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
    page.get_by_text("How steep is a weight?").wait_for(timeout=30_000)
    assert page.evaluate("() => window.__playground.state.network.features") == ["x1"]


def test_the_tumour_neuron_in_the_panels_own_form(page):
    open_challenge(page, "#challenge=tumour-by-hand")
    for i, v in enumerate(["4", "4", "4"]):
        page.get_by_test_id(f"challenge-form-{i}").fill(v)
        page.get_by_test_id(f"challenge-form-{i}").dispatch_event("change")
    page.get_by_test_id("challenge-form-bias").fill("-6")
    page.get_by_test_id("challenge-form-bias").dispatch_event("change")
    v = check(page)
    assert v["passed"], v


def test_a_two_part_challenge_keeps_part_1_and_checks_both(page):
    open_challenge(page, "#challenge=too-fast")
    assert page.get_by_test_id("learning-rate").is_visible() and page.get_by_test_id("optimizer").is_hidden()
    page.evaluate("() => window.__playground.handlers.onTrain({ lr: 1 })")
    page.get_by_test_id("challenge-record").click()
    part1 = page.get_by_test_id("challenge-part1")
    part1.filter(has_text="Part 1 kept").wait_for(timeout=30_000)
    assert "learning rate 1" in part1.inner_text()
    page.evaluate("() => window.__playground.handlers.onTrain({ lr: 0.01 })")
    v = check(page)
    assert v["passed"], v
    assert "diverged" in v["text"] and "converged" in v["text"]


def test_challenges_page_lists_them_by_lesson_with_ticks(page):
    open_challenge(page, "#challenge=relu-quiz")
    type_value(page, {"kind": "neuron", "layer": 0, "index": 0}, -0.4)
    assert check(page)["passed"]
    page.goto("/challenges")
    assert page.locator(".ch-item").count() == 12
    assert page.get_by_test_id("challenge-status-relu-quiz").inner_text() == "passed"
    assert page.get_by_test_id("challenges-passed").inner_text() == "1"
    page.get_by_test_id("pick-relu-quiz").check()
    page.get_by_test_id("pick-xor-by-hand").check()
    assert page.get_by_test_id("sequence-link").input_value().endswith("/#challenges=relu-quiz,xor-by-hand")
    page.goto("/learn/network")
    assert page.get_by_test_id("lesson-challenges").locator("a[data-challenge]").count() == 3
