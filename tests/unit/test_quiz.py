"""The lesson quizzes: seeded, reproducible, and checked against an independent computation."""

from __future__ import annotations

import math
import re

import pytest

from app.nn import quiz

SEEDS = range(40)


def sig(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def plain_sum(w: list[float], x: list[float], b: float) -> float:
    total = b
    for wi, xi in zip(w, x, strict=True):
        total += wi * xi
    return total


# An independent computation of every numeric answer from the question's own data.
def expected(lesson: str, q: quiz.Question) -> float | str:
    d = q.data
    match lesson, q.id:
        case "neuron", "weighted-sum":
            return plain_sum(d["weights"], d["inputs"], d["bias"])
        case "neuron", "relu-output":
            return max(0.0, plain_sum(d["weights"], d["inputs"], d["bias"]))
        case "neuron", "sigmoid-output":
            return sig(d["z"])
        case "activations", "range":
            return {"[0, ∞)": "relu", "(0, 1)": "sigmoid", "(-1, 1)": "tanh", "(-∞, ∞)": "linear"}[d["range"]]
        case "activations", "softmax":
            e = [math.exp(v) for v in d["logits"]]
            return e[d["class"] - 1] / sum(e)
        case "activations", "sigmoid-derivative":
            return sig(d["z"]) * (1 - sig(d["z"]))
        case "weights", "weighted-input":
            return sig(d["weight"] * d["input"])
        case "weights", "steepest":
            ws = d["weights"]
            return f"w = {quiz.fmt(max(ws) if d['direction'] == 'rise' else min(ws))}"
        case "weights", "half-point":
            return -d["bias"] / d["weight"]
        case "network", "hidden-neuron":
            return max(0.0, plain_sum(d["weights"], d["inputs"], d["bias"]))
        case "network", "output-neuron":
            return sig(plain_sum(d["weights"], d["hidden"], d["bias"]))
        case "network", "linear-collapse":
            a1, b1 = d["layer1"]["weight"], d["layer1"]["bias"]
            a2, b2 = d["layer2"]["weight"], d["layer2"]["bias"]
            return a2 * a1 if d["asked"] == "W" else a2 * b1 + b2
        case "training", "gradient-step":
            return d["weight"] - d["learning_rate"] * d["gradient"]
        case "training", "cross-entropy":
            p, t = d["prediction"], d["target"]
            return -(t * math.log(p) + (1 - t) * math.log(1 - p))
        case "training", "weight-gradient":
            return (sig(d["z"]) - d["target"]) * d["input"]
    raise AssertionError(f"no independent check for {lesson}/{q.id}")


def places(q: quiz.Question) -> int:
    """The decimal places a student is asked for: 2 (tolerance 0.01) or 3 (0.001)."""
    return round(-math.log10(q.tolerance))


@pytest.mark.parametrize("lesson", list(quiz.LESSONS))
def test_same_seed_same_questions(lesson: str) -> None:
    assert quiz.questions(lesson, 1234) == quiz.questions(lesson, 1234)


@pytest.mark.parametrize("lesson", list(quiz.LESSONS))
def test_seeds_give_different_numbers(lesson: str) -> None:
    prompts = {tuple(q.prompt for q in quiz.questions(lesson, s)) for s in SEEDS}
    assert len(prompts) > 30


def test_lessons_get_different_numbers_from_one_seed() -> None:
    a = quiz.questions("neuron", 5)[0].data
    b = quiz.questions("network", 5)[0].data
    assert a != b


@pytest.mark.parametrize("lesson", list(quiz.LESSONS))
def test_shape_of_every_quiz(lesson: str) -> None:
    for seed in SEEDS:
        qs = quiz.questions(lesson, seed)
        assert 2 <= len(qs) <= 4
        assert len({q.id for q in qs}) == len(qs)
        for q in qs:
            assert q.prompt and q.worked
            assert not re.search(r"\b(nan|inf|infinity)\b", q.prompt.lower())
            if q.kind == "choice":
                assert q.choices and q.answer in q.choices and len(set(q.choices)) == len(q.choices)
            else:
                assert math.isfinite(q.answer)
                # the worked computation ends at the answer
                assert quiz.fmt(q.answer) in q.worked


@pytest.mark.parametrize("lesson", list(quiz.LESSONS))
def test_answers_match_an_independent_computation(lesson: str) -> None:
    for seed in SEEDS:
        for q in quiz.questions(lesson, seed):
            want = expected(lesson, q)
            if q.kind == "choice":
                assert q.answer == want, (seed, q.id)
            else:
                assert q.answer == pytest.approx(want, abs=1e-9), (seed, q.id)


@pytest.mark.parametrize("lesson", list(quiz.LESSONS))
def test_check_marks_right_and_wrong(lesson: str) -> None:
    for seed in SEEDS:
        qs = quiz.questions(lesson, seed)
        right = {q.id: (q.answer if q.kind == "choice" else round(q.answer, places(q))) for q in qs}
        results = quiz.check(lesson, seed, right)
        assert [r.correct for r in results] == [True] * len(qs), seed
        wrong: dict[str, quiz.Answer] = {}
        for q in qs:
            if q.kind == "choice":
                wrong[q.id] = next(c for c in q.choices if c != q.answer)
            else:
                wrong[q.id] = q.answer + 3 * q.tolerance
        results = quiz.check(lesson, seed, wrong)
        assert not any(r.correct for r in results)
        assert all(r.worked for r in results)


def test_tolerance_is_to_two_decimals() -> None:
    q = quiz.questions("neuron", 0)[2]  # sigmoid output, a long decimal
    [r] = quiz.check("neuron", 0, {q.id: round(q.answer, 2)})
    assert r.correct
    [r] = quiz.check("neuron", 0, {q.id: round(q.answer, 2) + 0.02})
    assert not r.correct


def test_integers_are_numbers() -> None:
    q = next(q for q in quiz.questions("neuron", 3) if q.id == "relu-output")
    [r] = quiz.check("neuron", 3, {q.id: int(round(q.answer))})
    assert r.correct == (abs(round(q.answer) - q.answer) <= q.tolerance)


def test_worked_example_of_the_source_lesson() -> None:
    # The lesson's tumour neuron: 0.5×0.8 + 0.3×0.7 + 0.2×0.9 − 0.4 = 0.39, sigmoid 0.5963.
    z, terms = quiz.weighted_sum([0.5, 0.3, 0.2], [0.8, 0.7, 0.9], -0.4)
    assert z == pytest.approx(0.39)
    assert quiz.act("sigmoid", z) == pytest.approx(0.5963, abs=1e-4)
    assert quiz.weighted_sum_text([0.5, 0.3, 0.2], [0.8, 0.7, 0.9], -0.4) == "0.5×0.8 + 0.3×0.7 + 0.2×0.9 − 0.4"


def test_fmt() -> None:
    assert quiz.fmt(0.39000000000000007) == "0.39"
    assert quiz.fmt(-0.4) == "−0.4"
    assert quiz.fmt(-0.00001) == "0"
    assert quiz.fmt(2.0) == "2"


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"nope": 1.0}, "nope"),
        ({"weighted-sum": True}, "weighted-sum"),
        ({"weighted-sum": "0.39"}, "weighted-sum"),
        ({"weighted-sum": float("nan")}, "weighted-sum"),
        ({"weighted-sum": float("inf")}, "weighted-sum"),
    ],
)
def test_bad_answers_name_the_question(answers: dict, key: str) -> None:
    with pytest.raises(quiz.AnswerError) as e:
        quiz.check("neuron", 0, answers)
    assert e.value.key == key


def test_choice_answers_must_be_a_choice() -> None:
    with pytest.raises(quiz.AnswerError):
        quiz.check("activations", 0, {"range": 1.0})
    with pytest.raises(quiz.AnswerError):
        quiz.check("activations", 0, {"range": "softsign"})


def test_unknown_lesson_and_bad_seed() -> None:
    with pytest.raises(quiz.UnknownLesson, match="known: neuron, activations"):
        quiz.questions("calculus", 0)
    with pytest.raises(ValueError):
        quiz.questions("neuron", -1)
    with pytest.raises(ValueError):
        quiz.questions("neuron", quiz.MAX_SEED + 1)
