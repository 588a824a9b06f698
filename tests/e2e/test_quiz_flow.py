"""The lessons' quiz in a real Chromium: two tries before the answer is shown, a right answer after
the reveal is accepted but not scored, and a teacher's quiz code (?seed=77) survives the links
from lesson to lesson and through the course index."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

SEED = 77


def key(page: Page, lesson: str, seed: int = SEED) -> list[dict]:
    r = page.request.get(f"/api/quiz/{lesson}?seed={seed}&answers=true")
    assert r.ok, r.text()
    return r.json()["questions"]


def open_quiz(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.get_by_test_id("quiz-questions")).to_have_attribute("aria-busy", "false")


def as_typed(v: float) -> str:
    return f"{v:.3f}".replace("-", "−")


def check(page: Page, q: dict, value: float) -> None:
    item = page.get_by_test_id(f"quiz-q-{q['id']}")
    item.get_by_test_id("quiz-answer").fill(as_typed(value))
    with page.expect_response(re.compile(r"/api/quiz/\w+/check$")) as resp:
        item.get_by_test_id("quiz-check").click()
    page.last_check = json.loads(resp.value.request.post_data), resp.value.json()
    expect(item).to_have_attribute("aria-busy", "false")


def result(page: Page, q: dict):
    return page.get_by_test_id(f"quiz-q-{q['id']}").get_by_test_id("quiz-result")


def test_one_wrong_answer_does_not_show_the_answer(page: Page) -> None:
    open_quiz(page, f"/learn/neuron?seed={SEED}")
    q = key(page, "neuron")[0]
    assert q["kind"] == "number"
    check(page, q, q["answer"] + 1)
    box = result(page, q)
    expect(box).to_have_attribute("data-correct", "false")
    expect(box).to_contain_text("Not quite")
    expect(box).to_contain_text("1 try left")
    expect(box.locator(".worked")).to_have_count(0)
    expect(box).not_to_contain_text(q["worked"])
    sent, got = page.last_check
    assert sent["reveal"] is False
    assert "expected" not in got["results"][0] and "worked" not in got["results"][0], "the answer went to the page"
    expect(page.get_by_test_id("quiz-score")).to_have_text("Score: 0 / 3")


def test_two_wrong_answers_show_it_and_a_right_one_before_that_counts(page: Page) -> None:
    open_quiz(page, f"/learn/neuron?seed={SEED}")
    qs = key(page, "neuron")
    q, r = qs[0], qs[1]
    check(page, q, q["answer"] + 1)
    expect(result(page, q)).to_contain_text("1 try left")
    expect(result(page, q).locator(".worked")).to_have_count(0)
    check(page, q, q["answer"] + 2)
    box = result(page, q)
    expect(box).to_have_attribute("data-status", "revealed")
    expect(box.locator(".worked")).to_have_text(q["worked"])
    # another question, right on its second try: it counts
    check(page, r, r["answer"] + 1)
    check(page, r, r["answer"])
    expect(result(page, r)).to_have_attribute("data-status", "right")
    expect(page.get_by_test_id("quiz-score")).to_have_text("Score: 1 / 3 · 1 answer shown")


def test_a_right_answer_after_the_reveal_is_not_counted(page: Page) -> None:
    open_quiz(page, f"/learn/neuron?seed={SEED}")
    q = key(page, "neuron")[0]
    check(page, q, q["answer"] + 1)
    check(page, q, q["answer"] + 1)
    expect(result(page, q).locator(".worked")).to_have_text(q["worked"])
    check(page, q, q["answer"])  # retyping the answer just shown
    box = result(page, q)
    expect(box).to_have_attribute("data-correct", "true")
    expect(box).to_contain_text("Now you have it")
    expect(box).to_have_attribute("data-status", "understood")
    expect(page.get_by_test_id("quiz-score")).to_have_text("Score: 0 / 3 · 1 answer shown")
    expect(page.locator('[data-progress-lesson="neuron"]')).not_to_have_class(re.compile(r"is-done"))
    # a reload does not give the question back
    open_quiz(page, f"/learn/neuron?seed={SEED}")
    expect(result(page, q)).to_contain_text("no longer counts")
    expect(page.get_by_test_id("quiz-score")).to_have_text("Score: 0 / 3 · 1 answer shown")
    page.goto("/learn")
    expect(page.get_by_test_id("progress-neuron")).to_have_text("Visited · 0 / 3 questions · 1 answer shown")
    expect(page.get_by_test_id("progress-total")).to_have_text("0")


def shown_code(page: Page, lesson: str) -> None:
    expect(page).to_have_url(re.compile(rf"/learn/{lesson}\?seed={SEED}$"))
    expect(page.get_by_test_id("quiz-seed")).to_have_text(str(SEED))
    expect(page.get_by_test_id("quiz-questions")).to_have_attribute("aria-busy", "false")
    first = key(page, lesson)[0]
    expect(page.get_by_test_id(f"quiz-q-{first['id']}").locator(".quiz-prompt")).to_have_text(first["prompt"])


def test_the_quiz_code_survives_the_lesson_links(page: Page) -> None:
    # the student's own code, kept in this browser, must not win over the teacher's
    open_quiz(page, "/learn/neuron")
    own = page.get_by_test_id("quiz-seed").inner_text()
    assert own != str(SEED)
    open_quiz(page, f"/learn/neuron?seed={SEED}")
    page.get_by_role("link", name="Activation functions →").click()
    shown_code(page, "activations")
    page.get_by_role("link", name="← The neuron").click()
    shown_code(page, "neuron")
    page.get_by_role("navigation", name="Lessons").get_by_role("link", name="5. Training").click()
    shown_code(page, "training")
    page.get_by_role("link", name="All lessons").last.click()
    expect(page).to_have_url(re.compile(rf"/learn\?seed={SEED}$"))
    expect(page.get_by_test_id("index-seed")).to_have_text(str(SEED))
    page.get_by_role("link", name="Weights", exact=True).click()
    shown_code(page, "weights")
    expect(page.get_by_test_id("playground-link")).to_have_attribute("href", "/")


def test_new_questions_drop_the_code_from_the_links(page: Page) -> None:
    open_quiz(page, f"/learn/neuron?seed={SEED}")
    nxt = page.get_by_role("link", name="Activation functions →")
    expect(nxt).to_have_attribute("href", f"/learn/activations?seed={SEED}")
    page.get_by_test_id("quiz-new").click()
    expect(page.get_by_test_id("quiz-seed")).not_to_have_text(str(SEED))
    expect(nxt).to_have_attribute("href", "/learn/activations")
    code = page.get_by_test_id("quiz-seed").inner_text()
    nxt.click()
    expect(page.get_by_test_id("quiz-seed")).to_have_text(code)
