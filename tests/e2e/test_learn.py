"""The guided course in a real Chromium: every page loads clean, sliders show what the API
computes, the softmax bars sum to 1, and quiz answers are marked right and wrong."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

LESSONS = ["neuron", "activations", "weights", "network", "training"]
SEED = 4242


def api(page: Page, method: str, path: str, body: dict | None = None):
    """Ask the API directly (not through the page) for the value a widget should show."""
    if method == "GET":
        r = page.request.get(path)
    else:
        r = page.request.post(path, data=json.dumps(body), headers={"content-type": "application/json"})
    assert r.ok, r.text()
    return r.json()


def settled(page: Page, testid: str) -> None:
    expect(page.get_by_test_id(testid)).to_have_attribute("aria-busy", "false")


def value(page: Page, testid: str) -> float:
    return float(page.get_by_test_id(testid).get_attribute("data-value"))


def open_lesson(page: Page, lesson: str, lab: str) -> None:
    page.goto(f"/learn/{lesson}?seed={SEED}")
    settled(page, lab)
    expect(page.get_by_test_id("quiz-questions")).to_have_attribute("aria-busy", "false")
    expect(page.get_by_test_id("learn-error")).to_be_hidden()


def quiz_right_and_wrong(page: Page, lesson: str) -> None:
    """Answer one question right and one wrong; the page marks each as such."""
    expect(page.get_by_test_id("quiz-seed")).to_have_text(str(SEED))
    key = api(page, "GET", f"/api/quiz/{lesson}?seed={SEED}&answers=true")["questions"]
    items = page.get_by_test_id("quiz-questions").locator("li.quiz-q")
    expect(items).to_have_count(len(key))

    def answer(i: int, right: bool) -> None:
        q = key[i]
        item = items.nth(i)
        if q["kind"] == "choice":
            choice = q["answer"] if right else next(c for c in q["choices"] if c != q["answer"])
            item.get_by_label(choice, exact=True).check()
        else:
            v = q["answer"] if right else q["answer"] + 1
            item.get_by_test_id("quiz-answer").fill(f"{v:.3f}".replace("-", "−"))
        item.get_by_test_id("quiz-check").click()
        result = item.get_by_test_id("quiz-result")
        expect(result).to_have_attribute("data-correct", "true" if right else "false")
        if not right:  # two tries before the answer is shown
            expect(result.locator(".worked")).to_have_count(0)
            item.get_by_test_id("quiz-check").click()
            expect(result).to_have_attribute("data-status", "revealed")
            expect(result).to_contain_text("Not quite")
            expect(result.locator(".worked")).to_have_text(q["worked"])
        else:
            expect(result).to_contain_text("Right")

    answer(0, True)
    answer(len(key) - 1, False)


def test_index_lists_the_lessons_and_shows_progress(page: Page) -> None:
    page.goto("/learn")
    for lesson in LESSONS:
        expect(page.get_by_test_id(f"progress-{lesson}")).to_have_text("Not started")
    # answer one neuron question right, then come back
    open_lesson(page, "neuron", "neuron-lab")
    q = api(page, "GET", f"/api/quiz/neuron?seed={SEED}&answers=true")["questions"][0]
    item = page.get_by_test_id(f"quiz-q-{q['id']}")
    item.get_by_test_id("quiz-answer").fill(str(round(q["answer"], 2)))
    item.get_by_test_id("quiz-answer").press("Enter")  # keyboard submits
    expect(item.get_by_test_id("quiz-result")).to_have_attribute("data-correct", "true")
    page.goto("/learn")
    expect(page.get_by_test_id("progress-neuron")).to_have_text("1 / 3 questions right")
    expect(page.get_by_test_id("progress-activations")).to_have_text("Not started")
    expect(page.get_by_test_id("progress-total")).to_have_text("1")
    page.get_by_test_id("progress-reset").click()
    expect(page.get_by_test_id("progress-neuron")).to_have_text("Not started")


def test_lesson_pages_link_into_the_playground(page: Page) -> None:
    page.goto("/learn/neuron")
    expect(page.get_by_test_id("playground-link")).to_have_attribute("href", "/#preset=one-neuron")
    assert page.request.get("/learn/nope").status == 404


def test_neuron(page: Page) -> None:
    open_lesson(page, "neuron", "neuron-lab")
    # the lesson's worked example, as the API computes it
    ex = api(page, "POST", "/api/neuron",
             {"inputs": [0.8, 0.7, 0.9], "weights": [0.5, 0.3, 0.2], "bias": -0.4, "activation": "sigmoid"})
    assert value(page, "neuron-z") == ex["z"]
    expect(page.get_by_test_id("neuron-z")).to_have_text("0.39")
    expect(page.get_by_test_id("neuron-output")).to_have_text("0.5963")
    expect(page.get_by_test_id("neuron-sum")).to_have_text("0.5×0.8 + 0.3×0.7 + 0.2×0.9 − 0.4")

    page.get_by_test_id("weight-0").fill("1.5")
    page.get_by_test_id("bias").fill("-1")
    settled(page, "neuron-lab")
    want = api(page, "POST", "/api/neuron",
               {"inputs": [0.8, 0.7, 0.9], "weights": [1.5, 0.3, 0.2], "bias": -1, "activation": "sigmoid"})
    assert value(page, "neuron-z") == want["z"]
    assert value(page, "neuron-output") == want["output"]
    expect(page.get_by_test_id("neuron-sum")).to_have_text("1.5×0.8 + 0.3×0.7 + 0.2×0.9 − 1")
    # edge thickness follows the weight
    w0 = float(page.get_by_test_id("edge-0").get_attribute("stroke-width"))
    w1 = float(page.get_by_test_id("edge-1").get_attribute("stroke-width"))
    assert w0 > w1

    # the keyboard moves a slider too: one step of 0.05 on the second weight
    page.get_by_test_id("weight-1").focus()
    page.keyboard.press("ArrowRight")
    settled(page, "neuron-lab")
    want = api(page, "POST", "/api/neuron",
               {"inputs": [0.8, 0.7, 0.9], "weights": [1.5, 0.35, 0.2], "bias": -1, "activation": "sigmoid"})
    assert value(page, "neuron-z") == want["z"]

    page.get_by_test_id("activation").select_option("relu")
    settled(page, "neuron-lab")
    want = api(page, "POST", "/api/neuron",
               {"inputs": [0.8, 0.7, 0.9], "weights": [1.5, 0.35, 0.2], "bias": -1, "activation": "relu"})
    assert value(page, "neuron-output") == want["output"]
    quiz_right_and_wrong(page, "neuron")


def test_activations_and_softmax(page: Page) -> None:
    open_lesson(page, "activations", "act-lab")
    settled(page, "softmax-lab")
    names = [a["name"] for a in api(page, "GET", "/api/activations")["activations"]]
    expect(page.get_by_test_id("act-table").locator("tbody tr")).to_have_count(len(names))
    expect(page.get_by_test_id("act-plot")).to_have_attribute("data-traces", "relu,sigmoid,tanh,linear")
    page.get_by_test_id("toggle-gelu").check()
    expect(page.get_by_test_id("act-plot")).to_have_attribute("data-traces", "relu,gelu,sigmoid,tanh,linear")
    page.get_by_test_id("act-derivatives").check()
    expect(page.get_by_test_id("act-note")).to_contain_text("vanishing gradient")

    def bars() -> list[float]:
        rows = page.locator("[data-testid^=softmax-bar-]")
        return [float(rows.nth(i).get_attribute("data-value")) for i in range(rows.count())]

    start = api(page, "POST", "/api/softmax", {"logits": [2, 1, 0.5]})["probabilities"]
    assert bars() == start
    assert sum(bars()) == pytest.approx(1, abs=1e-12)
    expect(page.get_by_test_id("softmax-bar-0")).to_contain_text("0.629")

    page.get_by_test_id("logit-2").fill("3.5")
    settled(page, "softmax-lab")
    moved = api(page, "POST", "/api/softmax", {"logits": [2, 1, 3.5]})["probabilities"]
    assert bars() == moved
    assert sum(bars()) == pytest.approx(1, abs=1e-12)
    expect(page.get_by_test_id("softmax-sum")).to_have_text("1.0000")

    page.get_by_test_id("softmax-add").click()
    settled(page, "softmax-lab")
    assert len(bars()) == 4
    assert bars() == api(page, "POST", "/api/softmax", {"logits": [2, 1, 3.5, 0]})["probabilities"]
    assert sum(bars()) == pytest.approx(1, abs=1e-12)
    quiz_right_and_wrong(page, "activations")


def test_weights(page: Page) -> None:
    open_lesson(page, "weights", "weights-lab")
    expect(page.locator("[data-testid^=probe-row-]")).to_have_count(4)
    page.get_by_test_id("weights-bias").fill("1.5")
    settled(page, "weights-lab")
    net = {"layers": [{"activation": "sigmoid", "weights": [[-2], [-0.5], [0.5], [2]], "biases": [1.5] * 4}]}
    want = api(page, "POST", "/api/forward", {"network": net, "inputs": [[1]]})["outputs"][0]
    got = [value(page, f"probe-out-{k}") for k in range(4)]
    assert got == want
    expect(page.get_by_test_id("weights-sentence")).to_contain_text("b = 1.5")

    page.get_by_test_id("weight-input-3").fill("4")
    settled(page, "weights-lab")
    net["layers"][0]["weights"][3] = [4]
    want = api(page, "POST", "/api/forward", {"network": net, "inputs": [[1]]})["outputs"][0]
    assert value(page, "probe-out-3") == want[3]
    quiz_right_and_wrong(page, "weights")


def test_network(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    open_lesson(page, "network", "net-lab")
    settled(page, "collapse-lab")

    def check_output() -> dict:
        lab = page.get_by_test_id("net-lab")
        net = json.loads(lab.get_attribute("data-network"))
        xs = [float(page.get_by_test_id(f"net-input-{i}").input_value()) for i in range(3)]
        res = api(page, "POST", "/api/forward", {"network": net, "inputs": [xs], "trace": True})
        assert value(page, "net-output") == res["outputs"][0][0]
        # every neuron shows its activation from the trace
        a = float(page.get_by_test_id("unit-2-1").locator(".n-a").get_attribute("data-value"))
        assert a == res["layers"][1]["a"][0][1]
        return net

    check_output()
    page.get_by_test_id("net-input-1").fill("0.2")
    settled(page, "net-lab")
    check_output()

    # edit a weight: select an edge by keyboard, type a value
    edge = page.get_by_test_id("edge-1-0-2")
    edge.focus()
    edge.press("Enter")
    expect(page.get_by_test_id("net-edit-name")).to_have_text("weight from hidden 1, neuron 3 to hidden 2, neuron 1")
    page.get_by_test_id("net-edit-number").fill("-2.5")
    settled(page, "net-lab")
    net = check_output()
    assert net["layers"][1]["weights"][0][2] == -2.5
    expect(page.get_by_test_id("net-edit-sum")).to_contain_text("(−2.5)×")

    # the linear stack equals one linear neuron
    settled(page, "collapse-lab")
    assert value(page, "collapse-one") == pytest.approx(value(page, "collapse-stack"), abs=1e-9)
    expect(page.get_by_test_id("collapse-verdict")).to_contain_text("The same number")
    quiz_right_and_wrong(page, "network")


def test_network_forward_pass_animates(page: Page) -> None:
    open_lesson(page, "network", "net-lab")
    page.get_by_test_id("net-input-0").fill("0.3")
    # while the pass travels, later layers wait (grey) and the lab says it is busy
    expect(page.get_by_test_id("unit-3-0")).to_have_class(re.compile(r"\bpending\b"))
    settled(page, "net-lab")
    expect(page.get_by_test_id("unit-3-0")).to_have_class("neuron")
    net = json.loads(page.get_by_test_id("net-lab").get_attribute("data-network"))
    res = api(page, "POST", "/api/forward", {"network": net, "inputs": [[0.3, 0.7, 0.9]]})
    assert value(page, "net-output") == res["outputs"][0][0]


def test_training(page: Page) -> None:
    open_lesson(page, "training", "train-lab")
    data = api(page, "GET", "/api/datasets/tumour?n=200&seed=0&train_fraction=0.5")["train"]
    start = api(page, "POST", "/api/networks", {"layer_sizes": [3, 1], "activation": "sigmoid",
                                                "output_activation": "sigmoid", "init": "uniform", "seed": 1})
    g0 = api(page, "POST", "/api/gradients",
             {"network": start, "inputs": data["points"], "labels": data["labels"], "loss": "bce"})
    assert value(page, "train-loss") == g0["loss"]
    assert value(page, "param-grad-0") == g0["layers"][0]["weights"][0][0]

    page.get_by_test_id("train-lr").fill("3")
    page.get_by_test_id("train-step").click()
    settled(page, "train-lab")
    expect(page.get_by_test_id("train-steps")).to_have_text("1")
    trained = api(page, "POST", "/api/train", {
        "network": start, "data": {"dataset": {"name": "tumour", "n": 200, "seed": 0, "train_fraction": 0.5}},
        "loss": "bce", "optimizer": {"name": "sgd", "learning_rate": 3}, "batch_size": len(data["points"]),
        "epochs": 1, "seed": 0, "epoch": 0})
    g1 = api(page, "POST", "/api/gradients",
             {"network": trained["network"], "inputs": data["points"], "labels": data["labels"], "loss": "bce"})
    assert value(page, "param-value-0") == trained["network"]["layers"][0]["weights"][0][0]
    # one full-batch step is exactly w − η·∂L/∂w
    assert value(page, "param-value-0") == pytest.approx(
        start["layers"][0]["weights"][0][0] - 3 * g0["layers"][0]["weights"][0][0], abs=1e-12)
    assert value(page, "train-loss") == g1["loss"]
    assert g1["loss"] < g0["loss"]
    quiz_right_and_wrong(page, "training")
