"""A playground that explains itself (issue 11): the first-visit tour and its "?" button, the
colour key, the link to lesson 1, pictures on every input feature (inactive ones dimmed), and
inspector arithmetic whose shown numbers agree with each other.

The other e2e tests see the page with the tour's "seen" flag set (conftest.py); the tour tests
here use `browser.new_context(show_tour=True)`: a first visit.
"""

from __future__ import annotations

import base64
import json
import re

import pytest

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# 2 inputs -> 3 tanh -> 1 sigmoid: a negative output weight, so the output's sum has a negative term
KNOWN = {
    "features": ["x1", "x2"],
    "layers": [
        {"activation": "tanh", "weights": [[0.8, -0.5], [-1.2, 0.3], [0.4, 0.9]], "biases": [0.1, -0.2, 0.05]},
        {"activation": "sigmoid", "weights": [[1.5, -0.7, 2.1]], "biases": [-0.3]},
    ],
}


def state_hash(network: dict) -> str:
    state = {"v": 1, "network": network, "start": network}
    return "#s=j" + base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def open_page(page, path: str = "/") -> None:
    page.goto(path)
    page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
    page.evaluate("() => window.__playground.whenPainted()")


def wait_until(page, check, what: str) -> None:
    for _ in range(400):
        if check():
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"never happened: {what}")


@pytest.fixture
def first_visit(browser, server_url):
    """A page in a context without the tour's "seen" flag (a first visit), failing on console errors."""
    contexts = []
    errors: list[str] = []

    def make(viewport=DESKTOP, **kw):
        ctx = browser.new_context(viewport=viewport, base_url=server_url, show_tour=True, **kw)
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        return pg

    yield make
    for ctx in contexts:
        ctx.close()
    assert not errors, errors


def focus_in_tour(page) -> bool:
    return page.evaluate("() => !!document.activeElement && !!document.activeElement.closest('[data-testid=tour]')")


def on_screen(page, box) -> bool:
    """The box lies inside the visual viewport (what the screen shows)."""
    js = "() => { const v = visualViewport; return [v.offsetLeft, v.offsetTop, v.width, v.height] }"
    x, y, w, h = page.evaluate(js)
    inside_x = box["x"] >= x - 0.5 and box["x"] + box["width"] <= x + w + 0.5
    return inside_x and box["y"] >= y - 0.5 and box["y"] + box["height"] <= y + h + 0.5


def test_tour_on_first_visit_steps_and_stays_dismissed(first_visit):
    page = first_visit()
    open_page(page)
    tour = page.get_by_test_id("tour")
    tour.wait_for(timeout=10_000)
    assert tour.get_attribute("role") == "dialog"
    label = page.locator("#" + tour.get_attribute("aria-labelledby"))
    assert "▶" in label.text_content()
    assert focus_in_tour(page)
    # step 1 points at ▶ and links lesson 1
    assert page.get_by_test_id("tour-count").text_content() == "1 of 4"
    assert page.get_by_test_id("tour-back").is_disabled()
    assert page.get_by_test_id("tour-lesson-link").get_attribute("href").endswith("/learn/neuron")
    titles = []
    for i in range(4):
        assert page.get_by_test_id("tour-count").text_content() == f"{i + 1} of 4"
        titles.append(label.text_content())
        assert on_screen(page, tour.bounding_box()), f"step {i + 1} off screen"
        if i < 3:
            assert page.get_by_test_id("tour-next").text_content() == "Next"
            page.get_by_test_id("tour-next").click()
    assert titles == ["Press ▶ to train", "The network", "The decision surface", "The data"]
    page.get_by_test_id("tour-back").click()
    assert page.get_by_test_id("tour-count").text_content() == "3 of 4"
    page.get_by_test_id("tour-next").click()
    assert page.get_by_test_id("tour-next").text_content() == "Done"
    page.get_by_test_id("tour-next").click()
    assert tour.count() == 0
    assert page.evaluate("() => localStorage.getItem('np.tourSeen')") == "1"
    # a reload: no tour
    open_page(page)
    page.wait_for_timeout(300)
    assert page.get_by_test_id("tour").count() == 0
    # "?" opens it again; Esc closes it and focus goes back to "?"
    page.get_by_test_id("tour-open").click()
    tour.wait_for()
    assert focus_in_tour(page)
    assert page.get_by_test_id("tour-open").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert tour.count() == 0
    assert page.evaluate("() => document.activeElement.dataset.testid") == "tour-open"


def test_tour_close_button_and_escape_dismiss_for_good(first_visit):
    page = first_visit()
    open_page(page)
    page.get_by_test_id("tour").wait_for(timeout=10_000)
    page.get_by_test_id("tour-close").click()
    assert page.get_by_test_id("tour").count() == 0
    open_page(page)
    page.wait_for_timeout(300)
    assert page.get_by_test_id("tour").count() == 0

    other = first_visit()
    open_page(other)
    other.get_by_test_id("tour").wait_for(timeout=10_000)
    other.keyboard.press("Escape")
    assert other.get_by_test_id("tour").count() == 0
    open_page(other)
    other.wait_for_timeout(300)
    assert other.get_by_test_id("tour").count() == 0


def test_tour_on_a_phone_is_a_bottom_sheet_on_screen(first_visit):
    page = first_visit(PHONE, has_touch=True, is_mobile=True)
    open_page(page)
    tour = page.get_by_test_id("tour")
    tour.wait_for(timeout=10_000)
    for i in range(4):
        assert tour.get_attribute("data-side") == "sheet"
        box = tour.bounding_box()
        assert on_screen(page, box), f"step {i + 1} off screen: {box}"
        assert box["width"] >= 380
        nxt = page.get_by_test_id("tour-next")
        assert on_screen(page, nxt.bounding_box())
        nxt.tap()
    assert tour.count() == 0


def test_colour_key_says_what_the_colours_mean(page):
    open_page(page)
    key = page.get_by_test_id("colour-key")
    assert key.is_visible()
    text = key.inner_text()
    for words in ("class 0", "class 1", "Network", "negative", "positive", "probe"):
        assert words in text, words
    # the swatches use the shared palette (lib/palette.js): orange #e07000 and blue #1565c0
    colours = key.locator(".ck-dot").evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    assert colours[:2] == ["rgb(224, 112, 0)", "rgb(21, 101, 192)"]
    bar = key.locator(".ck-bar").first.evaluate("e => getComputedStyle(e).backgroundImage")
    assert "rgb(224, 112, 0)" in bar and "rgb(21, 101, 192)" in bar
    # regression: the key explains the value scale
    page.get_by_test_id("problem").select_option("regression")
    page.evaluate("() => window.__playground.whenPainted()")
    wait_until(page, lambda: "predicted value" in key.inner_text(), "the regression key")
    assert "low" in key.inner_text() and "high" in key.inner_text()


def test_lesson_one_link_opens_the_first_lesson(page):
    open_page(page)
    link = page.get_by_test_id("lesson-link")
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/learn/neuron")
    assert "neuron" in page.locator("h1").first.text_content().lower()


def test_every_feature_has_its_picture_inactive_ones_dimmed(page):
    open_page(page)
    feats = page.get_by_test_id("feature")
    assert feats.count() == 7
    info = feats.evaluate_all("""els => els.map(b => {
        const c = b.querySelector('canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2] + ',' + d[i + 3]);
        return { f: b.dataset.feature, active: b.getAttribute('aria-pressed') === 'true', w: c.width,
                 colours: seen.size, opacity: +getComputedStyle(c).opacity };
    })""")
    assert sum(1 for i in info if i["active"]) == 2 and sum(1 for i in info if not i["active"]) == 5
    for i in info:
        assert i["w"] > 1 and i["colours"] > 10, f"{i['f']}: blank picture {i}"
        if i["active"]:
            assert i["opacity"] == 1, i
        else:
            assert 0.1 < i["opacity"] < 1, f"{i['f']} is off but not dimmed: {i}"


NUM = r"−?\d+\.\d+"


def _num(s: str) -> float:
    return float(s.replace("−", "-").strip("()"))


def test_inspector_arithmetic_is_consistent(page):
    open_page(page, "/" + state_hash(KNOWN))
    for probe in ([1, 1], [-2.3, 4.1], [3.7, -0.6]):
        page.evaluate("p => window.__playground.handlers.onProbe(p)", probe)
        page.evaluate("() => window.__playground.whenPainted()")
        text = page.get_by_test_id("inspector-z").inner_text()
        assert "+ −" not in text and "- -" not in text, text
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        assert len(lines) == 2, text
        factors = re.findall(rf"\(?({NUM})\)?·\(?({NUM})\)?", lines[0])
        assert len(factors) == 3, lines[0]
        rel, rest = lines[1][0], lines[1][1:]
        assert rel in "=≈"
        m = re.fullmatch(rf"(.*) ([=≈]) ({NUM})", rest.strip())
        assert m, rest
        body, sum_rel, z = m.group(1), m.group(2), _num(m.group(3))
        signed = re.findall(rf"([+−]?)\s*({NUM})", body)
        values = [(-1 if sgn == "−" or num.startswith("−") else 1) * abs(_num(num)) for sgn, num in signed]
        assert len(values) == 4, body  # three products and the bias
        # a number's decimals: the same for factors, products, bias and z
        places = {len(n.split(".")[1]) for pair in factors for n in pair} | {len(n.split(".")[1]) for _, n in signed}
        assert len(places) == 1, f"factors and products rounded differently: {text}"
        p = places.pop()
        products = [round(_num(w) * _num(x), p) for w, x in factors]
        if rel == "=":
            assert [round(v, p) for v in values[:3]] == products, text
        else:
            assert [round(v, p) for v in values[:3]] != products, f"≈ but the products match: {text}"
        total = round(sum(values), p)
        if sum_rel == "=":
            assert total == round(z, p), text
        else:
            assert total != round(z, p), f"≈ but the sum matches: {text}"
        # the exact value is still there for tests and tools
        exact = float(page.get_by_test_id("inspector-z-value").get_attribute("data-value"))
        assert abs(exact - z) <= 0.5 * 10 ** -p + 1e-12
