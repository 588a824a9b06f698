"""The guided course: /learn (index with progress) and one page per lesson (Jinja2 templates)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.pages import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class LessonPage:
    name: str
    title: str
    summary: str
    preset: str | None  # the playground preset that shows the same idea


LESSONS: tuple[LessonPage, ...] = (
    LessonPage("neuron", "The neuron",
               "Inputs times weights, plus a bias, through an activation: a tumour classifier in one neuron.",
               "one-neuron"),
    LessonPage("activations", "Activation functions",
               "ReLU, sigmoid, tanh and friends side by side, their slopes, and softmax for many classes.",
               "three-class-blobs"),
    LessonPage("weights", "Weights",
               "What a weight and a bias do to a neuron's response: steeper, flipped, shifted.",
               None),
    LessonPage("network", "From one neuron to a network",
               "Layers of neurons, a forward pass step by step, and why a network needs non-linearity.",
               "xor-solved"),
    LessonPage("training", "Training",
               "Random start, a loss to minimise, gradients that say which way to move every weight.",
               "spiral-starter"),
)
BY_NAME = {lesson.name: lesson for lesson in LESSONS}


def seed_query(request: Request) -> str:
    """'?seed=77' when the page was opened with a teacher's quiz code: the lesson links keep it
    (digits only, as static/js/learn/progress.js reads it), else ''."""
    seed = request.query_params.get("seed", "")
    return f"?seed={int(seed)}" if re.fullmatch(r"\d{1,9}", seed) else ""


@router.get("/learn", response_class=HTMLResponse)
def learn_index(request: Request) -> HTMLResponse:
    return render(request, "learn/index.html", page="learn", lessons=LESSONS, seed_q=seed_query(request))


@router.get("/learn/{lesson}", response_class=HTMLResponse)
def learn_lesson(request: Request, lesson: str) -> HTMLResponse:
    spec = BY_NAME.get(lesson)
    if spec is None:
        raise HTTPException(404, f"unknown lesson {lesson!r}; known: {', '.join(BY_NAME)}")
    i = LESSONS.index(spec)
    return render(
        request,
        f"learn/{spec.name}.html",
        page=f"learn-{spec.name}",
        lesson=spec,
        number=i + 1,
        lessons=LESSONS,
        prev=LESSONS[i - 1] if i > 0 else None,
        next=LESSONS[i + 1] if i + 1 < len(LESSONS) else None,
        seed_q=seed_query(request),
    )
