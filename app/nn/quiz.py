"""Quizzes for the guided lessons: seeded questions, answers computed and checked by the engine.

Every lesson has a generator that draws its numbers from ``np.random.default_rng`` seeded with
the student's seed and the lesson name, so the same ``(lesson, seed)`` always gives the same
questions (a teacher can reproduce any student's quiz) and every answer is computed with the
engine's own activations (:data:`app.nn.activations.ACTIVATIONS`). No web imports here.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from app.nn.activations import ACTIVATIONS, softmax

MAX_SEED = 2**32 - 1
TOLERANCE = 0.01  # answers "to 2 decimal places" are accepted within this absolute error

Kind = Literal["number", "choice"]
Answer = float | int | str


@dataclass(frozen=True)
class Question:
    """One question: its prompt, the right answer and the worked computation that explains it."""

    id: str
    kind: Kind
    prompt: str
    answer: float | str
    worked: str
    data: dict = field(default_factory=dict)  # the question's numbers, for scripts
    choices: tuple[str, ...] | None = None
    tolerance: float = TOLERANCE

    def is_correct(self, given: Answer) -> bool:
        if self.kind == "choice":
            return given == self.answer
        return abs(float(given) - float(self.answer)) <= self.tolerance + 1e-12


@dataclass(frozen=True)
class Result:
    id: str
    correct: bool
    given: Answer
    expected: float | str
    worked: str


@dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    generate: Callable[[np.random.Generator], list[Question]]


class UnknownLesson(KeyError):
    pass


class AnswerError(ValueError):
    """A bad answer: ``key`` is the question id it concerns."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


# ---------------------------------------------------------------- formatting and drawing numbers
def fmt(v: float, places: int = 4) -> str:
    """A short decimal with a real minus sign: 0.39, −0.4, 2 (never '-0')."""
    v = float(v)
    s = f"{v:.{places}f}".rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s.replace("-", "−")


def paren(v: float) -> str:
    """A number as a term in a product or sum: negative values in brackets, like (−0.4)."""
    return f"({fmt(v)})" if v < 0 else fmt(v)


def tenths(rng: np.random.Generator, lo: int, hi: int, nonzero: bool = False) -> float:
    """A number with one decimal place in [lo/10, hi/10]."""
    while True:
        k = int(rng.integers(lo, hi + 1))
        if k or not nonzero:
            return k / 10


def act(name: str, z: float) -> float:
    return float(ACTIVATIONS[name].forward(np.asarray(z, dtype=float)))


def dact(name: str, z: float) -> float:
    return float(ACTIVATIONS[name].derivative(np.asarray(z, dtype=float)))


def signed(v: float) -> str:
    """A number added at the end of a sum: '+ 0.3' or '− 0.4'."""
    return f"− {fmt(-v)}" if v < 0 else f"+ {fmt(v)}"


def weighted_sum_text(w: list[float], x: list[float], b: float) -> str:
    return " + ".join(f"{paren(wi)}×{paren(xi)}" for wi, xi in zip(w, x, strict=True)) + f" {signed(b)}"


def weighted_sum(w: list[float], x: list[float], b: float) -> tuple[float, list[float]]:
    terms = [float(t) for t in np.asarray(w, dtype=float) * np.asarray(x, dtype=float)]
    return float(np.dot(w, x) + b), terms


# ---------------------------------------------------------------- lesson 1: the neuron
def neuron_questions(rng: np.random.Generator) -> list[Question]:
    x = [tenths(rng, 1, 10) for _ in range(3)]
    w = [tenths(rng, -9, 9, nonzero=True) for _ in range(3)]
    b = tenths(rng, -9, 9)
    z, terms = weighted_sum(w, x, b)
    q1 = Question(
        "weighted-sum", "number",
        f"A neuron has inputs x = [{', '.join(map(fmt, x))}], weights w = [{', '.join(map(fmt, w))}] "
        f"and bias b = {fmt(b)}. What is its weighted sum z = w·x + b?",
        z,
        f"z = {weighted_sum_text(w, x, b)} = {' + '.join(map(paren, terms))} {signed(b)} = {fmt(z)}",
        {"inputs": x, "weights": w, "bias": b},
    )

    x2 = [float(rng.integers(1, 4)) for _ in range(2)]
    w2 = [tenths(rng, -9, 9, nonzero=True) for _ in range(2)]
    b2 = tenths(rng, -9, 9)
    z2, terms2 = weighted_sum(w2, x2, b2)
    out2 = act("relu", z2)
    q2 = Question(
        "relu-output", "number",
        f"A neuron computes z = {weighted_sum_text(w2, x2, b2)}. "
        "After the ReLU activation, what is its output?",
        out2,
        f"z = {' + '.join(map(paren, terms2))} {signed(b2)} = {fmt(z2)}; "
        f"ReLU(z) = max(0, {fmt(z2)}) = {fmt(out2)}"
        + ("" if z2 > 0 else ": a negative sum is cut to 0"),
        {"inputs": x2, "weights": w2, "bias": b2, "activation": "relu"},
    )

    z3 = tenths(rng, -30, 30)
    out3 = act("sigmoid", z3)
    e = math.exp(-z3)
    q3 = Question(
        "sigmoid-output", "number",
        f"A neuron's weighted sum is z = {fmt(z3)}. With the sigmoid activation σ(z) = 1 / (1 + e^(−z)), "
        "what is its output, the probability, to 2 decimal places?",
        out3,
        f"σ({fmt(z3)}) = 1 / (1 + e^({fmt(-z3)})) = 1 / (1 + {fmt(e)}) = {fmt(out3)}",
        {"z": z3, "activation": "sigmoid"},
    )
    return [q1, q2, q3]


# ---------------------------------------------------------------- lesson 2: activation functions
RANGE_CHOICES = ("relu", "sigmoid", "tanh", "linear")
# Each choice's range as (low, low reached, high, high reached): what makes "exactly" true of one only.
RANGE_BOUNDS = {
    "relu": (0.0, True, math.inf, False),
    "sigmoid": (0.0, False, 1.0, False),
    "tanh": (-1.0, False, 1.0, False),
    "linear": (-math.inf, False, math.inf, False),
}


def range_text(name: str) -> str:
    return ACTIVATIONS[name].range.replace("-", "−")


def lies_inside(inner: str, outer: str) -> bool:
    """Every output of activation ``inner`` lies in the range of ``outer``."""
    ilo, ilo_in, ihi, ihi_in = RANGE_BOUNDS[inner]
    olo, olo_in, ohi, ohi_in = RANGE_BOUNDS[outer]
    return (ilo > olo or (ilo == olo and (olo_in or not ilo_in))) and (
        ihi < ohi or (ihi == ohi and (ohi_in or not ihi_in)))


def activations_questions(rng: np.random.Generator) -> list[Question]:
    target = RANGE_CHOICES[int(rng.integers(len(RANGE_CHOICES)))]
    rng_text = range_text(target)
    # "always lies in" would make every activation whose range sits inside this one right too
    # (sigmoid's outputs lie in [0, ∞)): ask for the range itself, which only one choice has.
    inside = [n for n in RANGE_CHOICES if n != target and lies_inside(n, target)]
    q1 = Question(
        "range", "choice",
        f"Which activation's range (the set of all the values it can output) is exactly {rng_text}?",
        target,
        "; ".join(f"{n}: {range_text(n)}" for n in RANGE_CHOICES)
        + f". So the answer is {target}."
        + (f" The outputs of {', '.join(inside[:-1]) + ' and ' if inside[:-1] else ''}{inside[-1]} lie in "
           f"{rng_text} too, but they fill only part of it." if inside else ""),
        {"range": ACTIVATIONS[target].range},
        choices=RANGE_CHOICES,
    )

    logits = [tenths(rng, -20, 30) for _ in range(3)]
    k = int(rng.integers(3))
    probs = [float(p) for p in softmax(np.asarray(logits, dtype=float))]
    m = max(logits)
    exps = [math.exp(v - m) for v in logits]
    q2 = Question(
        "softmax", "number",
        f"The logits of three classes are [{', '.join(map(fmt, logits))}]. What probability does softmax "
        f"give class {k + 1}, to 2 decimal places?",
        probs[k],
        f"Subtract the largest logit ({fmt(m)}) first: e^({', '.join(fmt(v - m) for v in logits)}) = "
        f"[{', '.join(fmt(v) for v in exps)}], sum = {fmt(sum(exps))}; "
        f"p{k + 1} = {fmt(exps[k])} / {fmt(sum(exps))} = {fmt(probs[k])}. "
        f"All three: [{', '.join(fmt(p) for p in probs)}], they sum to 1.",
        {"logits": logits, "class": k + 1},
    )

    z = float(rng.integers(-5, 6))
    s = act("sigmoid", z)
    d = dact("sigmoid", z)
    q3 = Question(
        "sigmoid-derivative", "number",
        f"The sigmoid's slope is σ'(z) = σ(z)·(1 − σ(z)). What is σ'({fmt(z)}), to 3 decimal places?",
        d,
        f"σ({fmt(z)}) = {fmt(s)}; σ'({fmt(z)}) = {fmt(s)} × {fmt(1 - s)} = {fmt(d)}"
        + (". Far from 0 the slope is tiny: the vanishing gradient." if abs(z) >= 3 else "."),
        {"z": z, "activation": "sigmoid"},
        tolerance=0.001,
    )
    return [q1, q2, q3]


# ---------------------------------------------------------------- lesson 3: weights
def weights_questions(rng: np.random.Generator) -> list[Question]:
    w = float(rng.choice([-2.0, -0.5, 0.5, 2.0]))
    x = tenths(rng, -6, 6, nonzero=True) * 5  # a multiple of 0.5 in [−3, 3], not 0
    out = act("sigmoid", w * x)
    q1 = Question(
        "weighted-input", "number",
        f"A neuron with weight w = {fmt(w)} and no bias gets the input x = {fmt(x)}. "
        "What is σ(w·x), to 2 decimal places?",
        out,
        f"w·x = {paren(w)}×{paren(x)} = {fmt(w * x)}; σ({fmt(w * x)}) = {fmt(out)}",
        {"weight": w, "input": x, "activation": "sigmoid"},
    )

    rising = bool(rng.integers(2))
    ws: list[float] = []
    # at least one weight must make σ(w·x) rise (fall): else no choice would be right
    while len(ws) < 4 or not any(v > 0 if rising else v < 0 for v in ws):
        if len(ws) == 4:
            ws.clear()
        v = tenths(rng, -30, 30, nonzero=True)
        if all(abs(v - u) >= 0.5 for u in ws):
            ws.append(v)
    slopes = [dact("sigmoid", 0.0) * v for v in ws]
    pick = int(np.argmax(slopes) if rising else np.argmin(slopes))
    choices = tuple(f"w = {fmt(v)}" for v in ws)
    q2 = Question(
        "steepest", "choice",
        "Which weight makes σ(w·x) " + ("rise" if rising else "fall") + " most steeply as x grows past 0?",
        choices[pick],
        "At x = 0 the slope of σ(w·x) is σ'(0)·w = 0.25·w: "
        + ", ".join(f"{fmt(v)} → {fmt(s)}" for v, s in zip(ws, slopes, strict=True))
        + f". The {'largest' if rising else 'most negative'} slope belongs to {choices[pick]}"
        + ("." if rising else ": a negative weight inverts the input."),
        {"weights": ws, "direction": "rise" if rising else "fall"},
        choices=choices,
    )

    w3 = float(rng.choice([-4.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 4.0]))
    b3 = tenths(rng, -20, 20, nonzero=True)
    x3 = -b3 / w3
    q3 = Question(
        "half-point", "number",
        f"σ(w·x + b) is exactly 0.5 where w·x + b = 0. With w = {fmt(w3)} and b = {fmt(b3)}, "
        "at which x is the output 0.5?",
        x3,
        f"{fmt(w3)}·x {signed(b3)} = 0 → x = −b / w = {fmt(-b3)} / {paren(w3)} = {fmt(x3)}; "
        f"check: σ({fmt(w3 * x3 + b3)}) = {fmt(act('sigmoid', w3 * x3 + b3))}. The bias shifts the curve.",
        {"weight": w3, "bias": b3, "activation": "sigmoid"},
    )
    return [q1, q2, q3]


# ---------------------------------------------------------------- lesson 4: the network
def network_questions(rng: np.random.Generator) -> list[Question]:
    x = [tenths(rng, -10, 10) for _ in range(2)]
    w = [tenths(rng, -10, 10, nonzero=True) for _ in range(2)]
    b = tenths(rng, -5, 5)
    z, terms = weighted_sum(w, x, b)
    h = act("relu", z)
    q1 = Question(
        "hidden-neuron", "number",
        f"A hidden ReLU neuron gets the inputs x = [{', '.join(map(fmt, x))}] with weights "
        f"[{', '.join(map(fmt, w))}] and bias {fmt(b)}. What is its activation?",
        h,
        f"z = {weighted_sum_text(w, x, b)} = {fmt(z)}; ReLU({fmt(z)}) = {fmt(h)}",
        {"inputs": x, "weights": w, "bias": b, "activation": "relu"},
    )

    hs = [tenths(rng, 0, 20) for _ in range(2)]
    v = [tenths(rng, -15, 15, nonzero=True) for _ in range(2)]
    c = tenths(rng, -10, 10)
    z2, terms2 = weighted_sum(v, hs, c)
    y = act("sigmoid", z2)
    q2 = Question(
        "output-neuron", "number",
        f"The hidden layer outputs h = [{', '.join(map(fmt, hs))}]. The sigmoid output neuron has weights "
        f"[{', '.join(map(fmt, v))}] and bias {fmt(c)}. What is the network's output, to 2 decimal places?",
        y,
        f"z = {weighted_sum_text(v, hs, c)} = {fmt(z2)}; σ({fmt(z2)}) = {fmt(y)}",
        {"hidden": hs, "weights": v, "bias": c, "activation": "sigmoid"},
    )

    a1 = tenths(rng, -20, 20, nonzero=True)
    b1 = tenths(rng, -10, 10)
    a2 = tenths(rng, -20, 20, nonzero=True)
    b2 = tenths(rng, -10, 10)

    def stack(xv: float) -> float:
        return act("linear", a2 * act("linear", a1 * xv + b1) + b2)

    big_w = stack(1.0) - stack(0.0)
    big_b = stack(0.0)
    ask_w = bool(rng.integers(2))
    q3 = Question(
        "linear-collapse", "number",
        f"Two linear neurons in a row: h = {fmt(a1)}·x {signed(b1)}, then y = {fmt(a2)}·h {signed(b2)}. "
        "Together they are one linear neuron y = W·x + B. What is " + ("W?" if ask_w else "B?"),
        big_w if ask_w else big_b,
        f"y = {fmt(a2)}·({fmt(a1)}·x {signed(b1)}) {signed(b2)} = {paren(a2)}×{paren(a1)}·x + "
        f"{paren(a2)}×{paren(b1)} {signed(b2)}, so W = {fmt(big_w)} and B = {fmt(big_b)}. "
        "Without a non-linear activation, any stack of layers is one linear function.",
        {"layer1": {"weight": a1, "bias": b1}, "layer2": {"weight": a2, "bias": b2},
         "asked": "W" if ask_w else "B"},
    )
    return [q1, q2, q3]


# ---------------------------------------------------------------- lesson 5: training
def training_questions(rng: np.random.Generator) -> list[Question]:
    w = tenths(rng, -20, 20)
    g = tenths(rng, -20, 20, nonzero=True) / 2  # multiples of 0.05, never 0
    lr = float(rng.choice([0.1, 0.2, 0.5, 1.0]))
    new_w = w - lr * g
    q1 = Question(
        "gradient-step", "number",
        f"A weight w = {fmt(w)} has the gradient ∂L/∂w = {fmt(g)}. With learning rate {fmt(lr)}, "
        "what is the weight after one step of gradient descent?",
        new_w,
        f"w ← w − η·∂L/∂w = {fmt(w)} − {fmt(lr)}×{paren(g)} = {fmt(new_w)}: the weight moves against the "
        "gradient, downhill on the loss.",
        {"weight": w, "gradient": g, "learning_rate": lr},
    )

    t = int(rng.integers(2))
    p = tenths(rng, 1, 9)
    loss = -math.log(p) if t == 1 else -math.log(1 - p)
    q2 = Question(
        "cross-entropy", "number",
        f"A tumour is {'malignant (target t = 1)' if t else 'benign (target t = 0)'} and the neuron predicts "
        f"p = {fmt(p)}. What is the binary cross-entropy loss −[t·ln p + (1 − t)·ln(1 − p)], "
        "to 2 decimal places?",
        loss,
        (f"t = 1, so L = −ln p = −ln {fmt(p)} = {fmt(loss)}" if t else
         f"t = 0, so L = −ln(1 − p) = −ln {fmt(1 - p)} = {fmt(loss)}")
        + ". A confident wrong prediction costs much more than a cautious one.",
        {"target": t, "prediction": p},
    )

    z = tenths(rng, -20, 20)
    p3 = act("sigmoid", z)
    t3 = int(rng.integers(2))
    x3 = tenths(rng, 1, 10)
    grad = (p3 - t3) * x3
    q3 = Question(
        "weight-gradient", "number",
        "A sigmoid neuron with cross-entropy loss has ∂L/∂w = (p − t)·x. For an example with "
        f"input x = {fmt(x3)}, target t = {t3} and weighted sum z = {fmt(z)}, what is ∂L/∂w, "
        "to 2 decimal places?",
        grad,
        f"p = σ({fmt(z)}) = {fmt(p3)}; ∂L/∂w = ({fmt(p3)} − {t3})×{fmt(x3)} = {fmt(grad)}"
        + (": positive, so gradient descent lowers w." if grad > 0 else
           ": negative, so gradient descent raises w." if grad < 0 else "."),
        {"input": x3, "target": t3, "z": z, "activation": "sigmoid", "loss": "bce"},
    )
    return [q1, q2, q3]


LESSONS: dict[str, Lesson] = {
    lesson.name: lesson
    for lesson in [
        Lesson("neuron", "The neuron", neuron_questions),
        Lesson("activations", "Activation functions", activations_questions),
        Lesson("weights", "Weights", weights_questions),
        Lesson("network", "From one neuron to a network", network_questions),
        Lesson("training", "Training", training_questions),
    ]
}


def get_lesson(name: str) -> Lesson:
    try:
        return LESSONS[name]
    except KeyError:
        raise UnknownLesson(f"unknown lesson {name!r}; known: {', '.join(LESSONS)}") from None


def questions(lesson: str, seed: int) -> list[Question]:
    """The questions of ``lesson`` for ``seed``: the same pair always gives the same questions."""
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be in 0..{MAX_SEED}")
    spec = get_lesson(lesson)
    rng = np.random.default_rng([seed, zlib.crc32(spec.name.encode())])
    return spec.generate(rng)


def check(lesson: str, seed: int, answers: Mapping[str, Answer]) -> list[Result]:
    """Check ``answers`` (question id → answer) against the engine; raises AnswerError naming the id."""
    by_id = {q.id: q for q in questions(lesson, seed)}
    results = []
    for key, given in answers.items():
        q = by_id.get(key)
        if q is None:
            raise AnswerError(key, f"unknown question {key!r}; this lesson has: {', '.join(by_id)}")
        if q.kind == "number":
            if isinstance(given, bool) or not isinstance(given, int | float):
                raise AnswerError(key, "this question takes a number")
            try:
                finite = math.isfinite(given)
            except OverflowError:  # an int beyond any float, like 10**400
                finite = False
            if not finite:
                raise AnswerError(key, "the answer must be a finite number")
        else:
            if not isinstance(given, str):
                raise AnswerError(key, "this question takes one of its choices, as a string")
            if q.choices is not None and given not in q.choices:
                raise AnswerError(key, f"not one of the choices: {', '.join(q.choices)}")
        results.append(Result(q.id, q.is_correct(given), given, q.answer, q.worked))
    return results
