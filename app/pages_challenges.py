"""/challenges: every challenge, grouped by lesson, with links into the playground (one, or a
sequence for a class); and each lesson page's list of its own challenges (a template global)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.nn import challenges
from app.pages import render, templates
from app.pages_learn import LESSONS

router = APIRouter(include_in_schema=False)

BY_LESSON: dict[str, list[challenges.Challenge]] = {
    lesson.name: [c for c in challenges.CHALLENGES.values() if c.lesson == lesson.name] for lesson in LESSONS
}
# templates/learn/_lesson.html lists the lesson's challenges
templates.env.globals["lesson_challenges"] = BY_LESSON


@router.get("/challenges", response_class=HTMLResponse)
def challenges_page(request: Request) -> HTMLResponse:
    groups = [(lesson, BY_LESSON[lesson.name]) for lesson in LESSONS if BY_LESSON[lesson.name]]
    return render(request, "challenges.html", page="challenges", groups=groups,
                  all_ids=",".join(challenges.CHALLENGES))
