"""Every generated quiz question has exactly one right answer, for thousands of seeds.

The truth is computed here, independently of the generator and of the engine:
- "which activation" questions: each candidate's output range is found numerically, by evaluating
  the function (written out again here with ``math``) over wider and wider inputs;
- "which weight" questions: the slope of σ(w·x) at x = 0 by a finite difference, for each choice;
- number questions: the answer from the question's own numbers, with plain Python arithmetic,
  and the marking accepts it rounded to the places asked for and refuses a value just outside.
A choice question passes only if exactly one of its choices is true and it is the one marked right.
"""

from __future__ import annotations

import math
import re

import pytest

from app.nn import quiz

SEEDS = range(2000)


# ------------------------------------------------------------------ independent activations
def _sig(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


FUNCTIONS = {
    "relu": lambda z: z if z > 0 else 0.0,
    "sigmoid": _sig,
    "tanh": math.tanh,
    "linear": lambda z: z,
    "leaky_relu": lambda z: z if z > 0 else 0.01 * z,
    "elu": lambda z: z if z > 0 else math.expm1(z),
    "softplus": lambda z: math.log1p(math.exp(-abs(z))) + max(z, 0.0),
}


def _grid(limit: float, n: int = 3001) -> list[float]:
    return [-limit + 2 * limit * i / (n - 1) for i in range(n)]


def _end(values_by_limit: list[float], grows: float) -> tuple[float, bool]:
    """One end of a range from the extreme value over [−L, L] for growing L (in the direction
    ``grows``: −1 for the lower end, +1 for the upper): (bound, attained)."""
    a, b, c = values_by_limit
    if (c - a) * grows > 8:  # still moving by many units as the inputs widen: unbounded
        return grows * math.inf, False
    if c == b:  # the same extreme at two widths: an output the function reaches
        return c, True
    return round(c, 3), False  # approached but not reached (an asymptote)


def numeric_range(name: str) -> tuple[float, bool, float, bool]:
    """(low, low attained, high, high attained) of an activation, by evaluation."""
    f = FUNCTIONS[name]
    lows, highs = [], []
    for limit in (5.0, 10.0, 15.0):  # 15: tanh and sigmoid are not yet exactly ±1 or 0 in floats
        ys = [f(z) for z in _grid(limit)]
        lows.append(min(ys))
        highs.append(max(ys))
    lo, lo_in = _end(lows, -1)
    hi, hi_in = _end(highs, +1)
    return lo, lo_in, hi, hi_in


INTERVAL = re.compile(r"([\[(])\s*([−-]?(?:∞|\d+(?:\.\d+)?))\s*,\s*([−-]?(?:∞|\d+(?:\.\d+)?))\s*([\])])")


def parse_interval(text: str) -> tuple[float, bool, float, bool]:
    def num(s: str) -> float:
        s = s.replace("−", "-")
        return -math.inf if s == "-∞" else math.inf if s == "∞" else float(s)

    m = INTERVAL.search(text)
    assert m, f"no interval in {text!r}"
    return num(m[2]), m[1] == "[", num(m[3]), m[4] == "]"


def same_range(a: tuple, b: tuple) -> bool:
    (alo, alo_in, ahi, ahi_in), (blo, blo_in, bhi, bhi_in) = a, b
    return (math.isclose(alo, blo, abs_tol=1e-3) or alo == blo) and (
        math.isclose(ahi, bhi, abs_tol=1e-3) or ahi == bhi) and alo_in == blo_in and ahi_in == bhi_in


def inside(a: tuple, b: tuple) -> bool:
    """Every output of range a lies in interval b."""
    alo, alo_in, ahi, ahi_in = a
    blo, blo_in, bhi, bhi_in = b
    low_ok = alo > blo or (alo == blo and (blo_in or not alo_in))
    high_ok = ahi < bhi or (ahi == bhi and (bhi_in or not ahi_in))
    return low_ok and high_ok


def test_the_numeric_ranges_are_the_textbook_ones() -> None:
    inf = math.inf
    assert numeric_range("relu") == (0.0, True, inf, False)
    assert numeric_range("sigmoid") == (0.0, False, 1.0, False)
    assert numeric_range("tanh") == (-1.0, False, 1.0, False)
    assert numeric_range("linear") == (-inf, False, inf, False)
    assert numeric_range("elu") == (-1.0, False, inf, False)
    assert numeric_range("softplus") == (0.0, False, inf, False)
    assert inside(numeric_range("sigmoid"), parse_interval("[0, ∞)"))  # the bug of seed 10063
    assert not same_range(numeric_range("sigmoid"), parse_interval("[0, ∞)"))


def range_truth(q: quiz.Question, choice: str) -> bool:
    """Is ``choice`` a true answer to an activation-range question, as the prompt words it?"""
    target = parse_interval(q.prompt)
    got = numeric_range(choice)
    if "exactly" in q.prompt:
        return same_range(got, target)
    if "always" in q.prompt or "lies in" in q.prompt:
        return inside(got, target)
    raise AssertionError(f"unknown wording: {q.prompt}")


def steepest_truths(q: quiz.Question) -> list[bool]:
    """For 'which weight makes σ(w·x) rise (fall) most steeply as x grows past 0': the slope of
    each choice at 0 by a central difference; true = it rises (falls) and no choice does more."""
    ws = [float(c.split("=")[1].replace("−", "-")) for c in q.choices]
    h = 1e-5
    slopes = [(_sig(w * h) - _sig(-w * h)) / (2 * h) for w in ws]
    rise = "rise" in q.prompt
    signed = [s if rise else -s for s in slopes]
    best = max(signed)
    return [s > 1e-9 and s >= best - 1e-12 for s in signed]


def choice_truths(lesson: str, q: quiz.Question) -> list[bool]:
    match lesson, q.id:
        case "activations", "range":
            return [range_truth(q, c) for c in q.choices]
        case "weights", "steepest":
            return steepest_truths(q)
    raise AssertionError(f"no independent truth for the choice question {lesson}/{q.id}")


# ------------------------------------------------------------------ independent numbers
def plain_sum(w: list[float], x: list[float], b: float) -> float:
    total = b
    for wi, xi in zip(w, x, strict=True):
        total += wi * xi
    return total


def number_truth(lesson: str, q: quiz.Question) -> float:
    d = q.data
    match lesson, q.id:
        case "neuron", "weighted-sum":
            return plain_sum(d["weights"], d["inputs"], d["bias"])
        case ("neuron", "relu-output") | ("network", "hidden-neuron"):
            return max(0.0, plain_sum(d["weights"], d["inputs"], d["bias"]))
        case "neuron", "sigmoid-output":
            return _sig(d["z"])
        case "activations", "softmax":
            e = [math.exp(v) for v in d["logits"]]
            return e[d["class"] - 1] / sum(e)
        case "activations", "sigmoid-derivative":
            return _sig(d["z"]) * (1 - _sig(d["z"]))
        case "weights", "weighted-input":
            return _sig(d["weight"] * d["input"])
        case "weights", "half-point":
            return -d["bias"] / d["weight"]
        case "network", "output-neuron":
            return _sig(plain_sum(d["weights"], d["hidden"], d["bias"]))
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
            return (_sig(d["z"]) - d["target"]) * d["input"]
    raise AssertionError(f"no independent computation for {lesson}/{q.id}")


def asked_places(q: quiz.Question) -> int:
    m = re.search(r"to (\d) decimal places", q.prompt)
    return int(m[1]) if m else 2


# ------------------------------------------------------------------ the check
@pytest.mark.parametrize("lesson", list(quiz.LESSONS))
def test_every_question_has_exactly_one_right_answer(lesson: str) -> None:
    bad: list[str] = []
    for seed in SEEDS:
        for q in quiz.questions(lesson, seed):
            if q.kind == "choice":
                truths = choice_truths(lesson, q)
                right = [c for c, t in zip(q.choices, truths, strict=True) if t]
                marked = [c for c in q.choices if q.is_correct(c)]
                if right != [q.answer] or marked != [q.answer]:
                    bad.append(f"seed {seed} {q.id}: {q.prompt!r} true: {right}, marked right: {marked}")
            else:
                want = number_truth(lesson, q)
                places = asked_places(q)
                if not q.is_correct(round(want, places)):
                    bad.append(f"seed {seed} {q.id}: {want} to {places} places is marked wrong")
                for off in (want + 2.5 * 10**-places, want - 2.5 * 10**-places):
                    if q.is_correct(off):
                        bad.append(f"seed {seed} {q.id}: {off} (answer {want}) is marked right")
    assert not bad, f"{len(bad)} questions without exactly one right answer, e.g.\n" + "\n".join(bad[:8])


def test_the_reported_question_is_fixed() -> None:
    """/learn/activations?seed=10063: sigmoid's outputs lie in [0, ∞) too."""
    q = next(q for q in quiz.questions("activations", 10063) if q.id == "range")
    assert [c for c in q.choices if range_truth(q, c)] == [q.answer]
