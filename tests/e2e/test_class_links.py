"""Class links, the teacher's menu, and no lost work (issue 11), in a real headless Chromium.

- hidden controls come from the link only, never from storage; a class link's work is kept in
  its own slot; Start fresh inside a class link keeps its restrictions;
- the teacher's menu is absent in a class link; it shows a short link (preset + hidden controls)
  with its QR code (SVG from /api/qr), and "Preview as a student" opens the class link;
- a link (a lesson's "Try it") or Start fresh over trained work keeps it one
  "Restore your previous network" away; Start fresh asks first in a dialog of the page.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

CLASS_LINK = "/#preset=xor-solved&hide=presets,share,layers,learning-rate"


def open_page(page, path: str = "/") -> None:
    page.goto(path)
    loaded(page)


def loaded(page) -> None:
    page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
    page.evaluate("() => window.__playground.whenPainted()")


def reload_by(page, testid: str) -> None:
    """Click a button that reloads the page, and wait for the new document to be drawn. Not
    expect_navigation: a same-document hash change satisfies it before the reload."""
    page.evaluate("() => { window.__oldDocument = true; }")
    with page.expect_event("load", timeout=30_000):
        page.get_by_test_id(testid).click()
    loaded(page)
    assert page.evaluate("() => window.__oldDocument === undefined"), "still the old document"


def state(page, key: str):
    return page.evaluate(f"() => JSON.parse(JSON.stringify(window.__playground.state.{key}))")


def hidden_controls(page) -> set[str]:
    return set(page.evaluate(
        "() => [...document.querySelectorAll('[data-control]')].filter(e => e.hidden).map(e => e.dataset.control)"
    ))


def train_to(page, epochs: int) -> None:
    """Train with the page's own Play button until at least `epochs`, then pause."""
    page.get_by_test_id("play").click()
    for _ in range(600):
        if state(page, "epoch") >= epochs:
            break
        page.wait_for_timeout(50)
    page.get_by_test_id("play").click()
    page.evaluate("() => window.__playground.whenPainted()")
    page.evaluate("() => window.__playground.flushSave()")
    assert state(page, "epoch") >= epochs


def test_a_class_link_does_not_hide_controls_on_the_plain_page_afterwards(page):
    open_page(page, CLASS_LINK)
    assert hidden_controls(page) == {"presets", "share", "layers", "learning-rate"}
    assert page.get_by_test_id("teacher-menu").count() == 0
    xor_solved = state(page, "network")
    page.evaluate("() => window.__playground.flushSave()")
    # a reload of the class link keeps its restrictions: the hash still has them
    page.reload()
    loaded(page)
    assert hidden_controls(page) == {"presets", "share", "layers", "learning-rate"}
    # plain / afterwards: every control, the teacher's menu, and the student's own (default) network
    open_page(page, "/")
    assert hidden_controls(page) == set()
    assert state(page, "hide") == []
    assert page.get_by_test_id("teacher-menu").is_visible()
    assert page.get_by_test_id("presets").is_visible()
    assert state(page, "network")["layers"] != xor_solved["layers"]


def test_start_fresh_inside_a_class_link_keeps_its_restrictions(page):
    open_page(page, "/#preset=xor-solved&hide=layers,learning-rate")
    assert hidden_controls(page) == {"layers", "learning-rate"}
    page.get_by_test_id("presets").click()
    page.get_by_test_id("preset-fresh").click()
    reload_by(page, "fresh-confirm")
    assert hidden_controls(page) == {"layers", "learning-rate"}
    assert state(page, "hide") == ["layers", "learning-rate"]
    assert page.get_by_test_id("teacher-menu").count() == 0
    assert "hide=" in page.url
    # a preset inside the class link keeps them too
    page.get_by_test_id("presets").click()
    page.locator('[data-testid="preset"][data-name="spiral-starter"]').click()
    page.evaluate("() => window.__playground.whenPainted()")
    assert hidden_controls(page) == {"layers", "learning-rate"}
    page.get_by_test_id("reset").click()
    assert hidden_controls(page) == {"layers", "learning-rate"}


def open_teacher_menu(page):
    page.get_by_test_id("teacher-menu").click()
    text = page.get_by_test_id("class-link-text")
    text.wait_for()
    return text


def test_the_teacher_menu_gives_a_short_link_for_a_preset_and_its_qr_code(page, server_url):
    open_page(page, "/#preset=xor-solved")
    text = open_teacher_menu(page)
    page.get_by_test_id("hide-layers").check()
    page.get_by_test_id("hide-learning-rate").check()
    page.wait_for_timeout(100)
    assert text.text_content() == f"{server_url}/#preset=xor-solved&hide=ly,lr"
    assert page.get_by_test_id("class-link-short").is_hidden()  # one kind of link only: the short one
    qr = page.get_by_test_id("class-link-qr")
    qr.wait_for()
    for _ in range(100):
        if qr.evaluate("i => i.complete && i.naturalWidth > 0"):
            break
        page.wait_for_timeout(50)
    assert qr.evaluate("i => i.complete && i.naturalWidth > 0"), "the QR image did not load"
    src = qr.get_attribute("src")
    r = page.request.get(server_url + src if src.startswith("/") else src)
    assert r.status == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.text().startswith("<svg")
    # the teacher edits the network: both links are offered, the exact one chosen
    page.keyboard.press("Escape")
    train_to(page, 1)
    open_teacher_menu(page)
    page.wait_for_timeout(100)
    assert page.get_by_test_id("class-link-short").is_visible()
    assert page.get_by_test_id("class-link-exact").is_checked()
    assert "#s=" in text.text_content() and text.text_content().endswith("&hide=ly,lr")
    page.get_by_test_id("class-link-short").check()
    page.wait_for_timeout(100)
    assert text.text_content() == f"{server_url}/#preset=xor-solved&hide=ly,lr"


def test_preview_as_a_student_opens_the_class_link(page):
    open_page(page, "/#preset=xor-solved")
    open_teacher_menu(page)
    page.get_by_test_id("hide-layers").check()
    with page.context.expect_page() as new:
        page.get_by_test_id("preview-student").click()
    student = new.value
    try:
        loaded(student)
        assert state(student, "classLink") is True and "hide=" in student.url
        assert hidden_controls(student) == {"layers"}
        assert student.get_by_test_id("teacher-menu").count() == 0
    finally:
        student.close()
    # the teacher's own page is untouched
    assert hidden_controls(page) == set()


def test_a_lessons_try_it_keeps_trained_work_one_restore_away(page):
    open_page(page, "/")
    page.locator('[data-testid="dataset"][data-name="spiral"]').click()
    page.evaluate("() => window.__playground.whenPainted()")
    train_to(page, 30)
    trained = {k: state(page, k) for k in ("network", "epoch", "data", "train", "arch")}
    page.goto("/learn/neuron")
    page.get_by_test_id("playground-link").click()
    loaded(page)
    assert state(page, "epoch") == 0 and state(page, "data")["name"] != "spiral"
    notice = page.get_by_test_id("restore-notice")
    assert notice.is_visible()
    assert "spiral" in notice.text_content()
    reload_by(page, "restore-previous")
    for k, v in trained.items():
        assert state(page, k) == v, k
    assert page.get_by_test_id("epoch").get_attribute("data-epoch") == str(trained["epoch"])
    assert page.get_by_test_id("restore-notice").count() == 0


def test_start_fresh_asks_first_and_can_be_undone(page):
    open_page(page, "/")
    train_to(page, 5)
    net, epoch = state(page, "network"), state(page, "epoch")
    page.get_by_test_id("presets").click()
    page.get_by_test_id("preset-fresh").click()
    dialog = page.get_by_role("dialog", name="Start fresh?")
    assert dialog.is_visible()
    page.get_by_test_id("fresh-cancel").click()
    assert dialog.count() == 0
    assert state(page, "epoch") == epoch and state(page, "network") == net
    page.get_by_test_id("presets").click()
    page.get_by_test_id("preset-fresh").click()
    page.keyboard.press("Escape")  # Escape cancels too
    assert state(page, "epoch") == epoch
    page.get_by_test_id("presets").click()
    page.get_by_test_id("preset-fresh").click()
    reload_by(page, "fresh-confirm")
    assert state(page, "epoch") == 0
    reload_by(page, "restore-previous")
    assert state(page, "epoch") == epoch and state(page, "network") == net


def test_a_preset_from_the_menu_over_trained_work_can_be_undone(page):
    open_page(page, "/")
    train_to(page, 5)
    net, epoch = state(page, "network"), state(page, "epoch")
    page.get_by_test_id("presets").click()
    page.locator('[data-testid="preset"][data-name="xor-solved"]').click()
    page.evaluate("() => window.__playground.whenPainted()")
    assert state(page, "epoch") == 0
    reload_by(page, "restore-previous")
    assert state(page, "epoch") == epoch and state(page, "network") == net
