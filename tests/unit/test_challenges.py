"""The challenges' checks: each passes with its stored solution and fails from its start, the
verdict is deterministic, and only what the challenge counts is read."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import pytest

from app.nn import challenges as C
from app.nn.challenges import registry

IDS = [
    "tumour-by-hand", "one-neuron-line", "relu-quiz", "weight-sensitivity", "xor-by-hand", "circle-features",
    "spiral-small", "three-classes", "too-fast", "vanishing", "overfit-then-fix", "linear-collapse",
]
LESSONS = {"neuron", "activations", "weights", "network", "training"}


def _finite(measured: dict) -> None:
    for k, v in measured.items():
        assert v is None or isinstance(v, str | int) or math.isfinite(v), k


def test_the_twelve_in_order():
    assert list(C.CHALLENGES) == IDS
    assert [c.order for c in C.CHALLENGES.values()] == list(range(1, 13))
    for c in C.CHALLENGES.values():
        assert c.lesson in LESSONS and c.title and c.goal[-1] in ".?"
        assert 1 <= len(c.hints) <= 3
        assert set(c.start.get("visible") or []) <= set(C.HIDEABLE)
        assert (c.parts is not None) == ("before" in c.start)


@pytest.mark.parametrize("cid", IDS)
def test_start_fails_and_solution_passes(cid):
    start = C.check_body(cid, copy.deepcopy(C.CHALLENGES[cid].start))
    assert start["passed"] is False and start["message"]
    _finite(start["measured"])
    solved = C.check_body(cid, C.solution(cid))
    assert solved["passed"] is True, solved
    assert solved["measured"], "the verdict shows its numbers"
    _finite(solved["measured"])
    if C.CHALLENGES[cid].parts:
        assert [p["passed"] for p in solved["parts"]] == [True, True]


@pytest.mark.parametrize("cid", IDS)
def test_deterministic(cid):
    body = C.solution(cid)
    assert C.check_body(cid, copy.deepcopy(body)) == C.check_body(cid, copy.deepcopy(body))


@pytest.mark.parametrize("cid", IDS)
def test_browser_numbers_are_ignored(cid):
    body = copy.deepcopy(C.CHALLENGES[cid].start)
    body.update({"test_accuracy": 1.0, "passed": True, "measured": {"test_accuracy": 1.0},
                 "metrics": {"test_accuracy": 1.0, "test_loss": 0.0, "train_loss": 0.0}})
    assert C.check_body(cid, body)["passed"] is False


def test_missing_parts_are_named():
    assert registry.missing(C.get("too-fast"), {"settings": {}}) == "before.settings"
    assert registry.missing(C.get("relu-quiz"), {}) == "network"
    with pytest.raises(C.UnknownChallenge):
        C.get("nope")


def _net(cid):
    return copy.deepcopy(C.solution(cid)["network"])


def test_wrong_shapes_fail_with_a_message():
    bad = {"network": {"features": ["x1", "x2"], "layers": [
        {"activation": "sigmoid", "weights": [[1.0, 1.0]], "biases": [0.0]}]}}
    assert "3 inputs" in C.check_body("tumour-by-hand", bad)["message"]
    # xor with the x1*x2 feature is refused: it needs no hidden layer
    v = C.check_body("xor-by-hand", {"network": {"features": ["x1*x2"], "layers": [
        {"activation": "sigmoid", "weights": [[5.0]], "biases": [0.0]}]}})
    assert not v["passed"] and "x1 and x2 only" in v["message"]
    # a raw 3-input network on 2-D data: a verdict, not an error
    v = C.check_body("circle-features", {"network": {"layers": [
        {"activation": "sigmoid", "weights": [[1.0, 1.0, 1.0]], "biases": [0.0]}]}})
    assert not v["passed"] and "2-D" in v["message"]
    # spiral with more than 16 hidden neurons fails even when it is accurate
    net = _net("spiral-small")
    net["layers"][0]["weights"].append([0.0] * 4)
    net["layers"][0]["biases"].append(0.0)
    for row in net["layers"][1]["weights"]:
        row.append(0.0)
    v = C.check_body("spiral-small", {"network": net})
    assert not v["passed"] and v["measured"]["hidden_neurons"] == 17


def test_weight_sensitivity_needs_no_bias():
    body = C.solution("weight-sensitivity")
    body["network"]["layers"][0]["biases"] = [0.01]
    assert not C.check_body("weight-sensitivity", body)["passed"]


def test_three_classes_answer_must_match_the_servers_matrix():
    body = C.solution("three-classes")
    assert C.check_body("three-classes", body)["passed"]
    body["answer"] += 1
    v = C.check_body("three-classes", body)
    assert not v["passed"] and "misclassified" not in v["measured"], "a wrong answer does not reveal the count"
    del body["answer"]
    assert "confusion matrix" in C.check_body("three-classes", body)["message"]


def test_training_challenges_read_only_what_counts():
    # vanishing: only activations count; weights sent by the browser are replaced by the start's
    body = C.solution("vanishing")
    for lyr in body["network"]["layers"]:
        lyr["weights"] = [[0.0] * len(r) for r in lyr["weights"]]
    assert C.check_body("vanishing", body)["passed"]
    # linear-collapse: changing two activations is not "one"
    body = C.solution("linear-collapse")
    body["network"]["layers"][1]["activation"] = "tanh"
    v = C.check_body("linear-collapse", body)
    assert not v["passed"] and v["measured"]["activations_changed"] == 2
    # too-fast: both parts are checked, each named
    body = C.solution("too-fast")
    body["settings"]["optimizer"]["learning_rate"] = 3.0
    v = C.check_body("too-fast", body)
    assert not v["passed"] and [p["passed"] for p in v["parts"]] == [True, False]
    # overfit-then-fix: a huge rate closes the gap by learning nothing: refused
    body = C.solution("overfit-then-fix")
    body["settings"]["regularization"] = {"kind": "l2", "rate": 10.0}
    v = C.check_body("overfit-then-fix", body)
    assert not v["passed"] and v["measured"]["after_test_accuracy"] < 0.85


def test_hideable_matches_the_page():
    pg = Path(__file__).resolve().parents[2] / "static/js/playground"
    js = next(t for f in sorted(pg.glob("*.js")) if "export const HIDEABLE = {" in (t := f.read_text()))
    block = js.split("export const HIDEABLE = {", 1)[1].split("};", 1)[0]
    names = re.findall(r'(?:^|[\s,{])"?([a-z][a-z-]*)"?:', block)
    assert set(names) == set(C.HIDEABLE)


def test_bodies_are_json():
    for cid in IDS:
        json.dumps(C.CHALLENGES[cid].start, allow_nan=False)
        json.dumps(C.solution(cid), allow_nan=False)
