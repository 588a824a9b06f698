"""Lesson quizzes over HTTP: seeded questions and engine-checked answers, scriptable by a teacher.

``GET /api/quiz/{lesson}?seed=`` gives the questions of one student (same seed, same numbers);
``POST /api/quiz/{lesson}/check`` marks answers and returns the worked computation of each.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
)

from app.api.schemas import _integral
from app.nn import quiz

router = APIRouter(prefix="/quiz", tags=["quiz"])

# The bounds before the validator, so that OpenAPI shows them as minimum/maximum (not as unknown ge/le keys).
Seed = Annotated[int, Field(strict=True, ge=0, le=quiz.MAX_SEED, description="same seed, same quiz"),
                 BeforeValidator(_integral)]
ChoiceText = Annotated[str, StringConstraints(max_length=64)]
# NaN/Infinity pass here and are refused by quiz.check (so the 422 never echoes a NaN back).
AnswerValue = StrictInt | StrictFloat | ChoiceText
QuestionId = Annotated[str, StringConstraints(min_length=1, max_length=40)]


def _clean(v: float | str) -> float | str:
    """Answers without float noise (0.39, not 0.39000000000000007)."""
    return v if isinstance(v, str) else round(float(v), 10)


class QuestionOut(BaseModel):
    id: str = Field(description="stable id of the question within its lesson")
    kind: Literal["number", "choice"]
    prompt: str
    choices: list[str] | None = Field(None, description="for kind 'choice': answer with one of these strings")
    tolerance: float | None = Field(None, description="for kind 'number': accepted absolute error")
    data: dict = Field(description="the question's numbers, for scripts")
    answer: float | str | None = Field(None, description="only with ?answers=true (a teacher's key)")
    worked: str | None = Field(None, description="only with ?answers=true")


class QuizOut(BaseModel):
    lesson: str
    title: str
    seed: int
    questions: list[QuestionOut]


class LessonOut(BaseModel):
    name: str
    title: str
    questions: int


class LessonsOut(BaseModel):
    lessons: list[LessonOut]


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seed: Seed = 0
    answers: Annotated[dict[QuestionId, AnswerValue], Field(min_length=1, max_length=10)] = Field(
        description="question id → answer (a number, or one of the choices)",
        examples=[{"weighted-sum": 0.39, "relu-output": 1.5}],
    )
    reveal: StrictBool = Field(True, description="false: only mark the answers, without the expected answer and "
                                                 "the worked computation (the page's first try)")


class ResultOut(BaseModel):
    id: str
    correct: bool
    given: float | str
    expected: float | str | None = Field(None, description="left out when the request says reveal: false")
    worked: str | None = Field(None, description="the computation that gives the expected answer; left out "
                                                 "when the request says reveal: false")


class CheckOut(BaseModel):
    lesson: str
    seed: int
    correct: int
    total: int
    results: list[ResultOut]


def _lesson(name: str) -> quiz.Lesson:
    try:
        return quiz.get_lesson(name)
    except quiz.UnknownLesson:
        raise HTTPException(
            status_code=404,
            detail=[{"loc": ["path", "lesson"], "type": "not_found",
                     "msg": f"unknown lesson {name!r}; known: {', '.join(quiz.LESSONS)}"}],
        ) from None


# The enum documents the lessons in OpenAPI; an unknown name still gets the 404 that lists them.
LessonName = Annotated[str, Path(max_length=40, description="one of " + ", ".join(quiz.LESSONS),
                                 json_schema_extra={"enum": list(quiz.LESSONS)})]


@router.get("", response_model=LessonsOut, summary="The lessons that have a quiz")
def list_quizzes() -> LessonsOut:
    return LessonsOut(lessons=[
        LessonOut(name=lesson.name, title=lesson.title, questions=len(quiz.questions(lesson.name, 0)))
        for lesson in quiz.LESSONS.values()
    ])


@router.get("/{lesson}", response_model=QuizOut, response_model_exclude_none=True,
            summary="The questions of one lesson for one seed")
def get_quiz(
    lesson: LessonName,
    seed: Annotated[int, Query(ge=0, le=quiz.MAX_SEED, description="same seed, same numbers")] = 0,
    answers: Annotated[bool, Query(description="include the answers and worked computations")] = False,
) -> QuizOut:
    spec = _lesson(lesson)
    qs = quiz.questions(spec.name, seed)
    return QuizOut(
        lesson=spec.name,
        title=spec.title,
        seed=seed,
        questions=[
            QuestionOut(
                id=q.id, kind=q.kind, prompt=q.prompt, data=q.data,
                choices=list(q.choices) if q.choices else None,
                tolerance=q.tolerance if q.kind == "number" else None,
                answer=_clean(q.answer) if answers else None,
                worked=q.worked if answers else None,
            )
            for q in qs
        ],
    )


@router.post("/{lesson}/check", response_model=CheckOut, response_model_exclude_none=True,
             summary="Mark answers, with the worked computations")
def check_quiz(lesson: LessonName, body: CheckRequest) -> CheckOut:
    spec = _lesson(lesson)
    try:
        results = quiz.check(spec.name, body.seed, body.answers)
    except quiz.AnswerError as e:
        raise HTTPException(
            status_code=422,
            detail=[{"loc": ["body", "answers", e.key], "msg": e.message, "type": "value_error"}],
        ) from None
    return CheckOut(
        lesson=spec.name,
        seed=body.seed,
        correct=sum(r.correct for r in results),
        total=len(results),
        results=[
            ResultOut(id=r.id, correct=r.correct, given=r.given,
                      expected=_clean(r.expected) if body.reveal else None,
                      worked=r.worked if body.reveal else None)
            for r in results
        ],
    )
