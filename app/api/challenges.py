"""Challenges over HTTP: the list, one challenge with its start (and, for a teacher, a solution),
and the engine's verdict on a body.

``POST /api/challenges/{id}/check`` reads only what the challenge counts (a network's weights or
activations, a learning rate, a regularisation, an answer) and measures everything itself on the
challenge's own seeded data (``app.nn.challenges``): any metric a browser adds is ignored. The
training challenges train on the server, in the heavy lane (``app.api.lane``), like ``/api/train``.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from app.api import lane
from app.api.errors import unprocessable
from app.api.schemas import Integer, NetworkIn, Num, OptimizerSpec, RegularizationSpec
from app.nn import challenges
from app.nn.challenges import registry
from app.nn.network import Network

router = APIRouter(prefix="/challenges", tags=["challenges"])
IDS = list(challenges.CHALLENGES)


class Summary(BaseModel):
    id: str
    title: str
    lesson: str = Field(description="the /learn lesson it belongs to")
    goal: str
    order: int


class ChallengeList(BaseModel):
    challenges: list[Summary]


class CheckSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    optimizer: OptimizerSpec = OptimizerSpec()
    batch_size: Integer(ge=1, le=500) = 10
    regularization: RegularizationSpec = RegularizationSpec()


class CheckPart(BaseModel):
    """The first part of a two-part challenge (the run that shows the problem)."""

    model_config = ConfigDict(extra="forbid")
    network: NetworkIn | None = None
    settings: CheckSettings | None = None


class DataRef(BaseModel):
    model_config = ConfigDict(extra="allow")


class CheckIn(BaseModel):
    """The page's state for a challenge. Only what the challenge counts is read (see its `counts`);
    `data`, `visible`, `probe` and any other field (an accuracy, a loss, `metrics`) are ignored:
    the server measures on the challenge's own seeded data."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [
        challenges.solution("relu-quiz"),
        challenges.CHALLENGES["too-fast"].start,
    ]})
    network: NetworkIn | None = Field(None, description="the network (its weights, or its activations)")
    settings: CheckSettings | None = Field(None, description="the training settings")
    before: CheckPart | None = Field(None, description="two-part challenges: part 1")
    answer: Num | None = Field(None, description="a number read off the page (three-classes)")
    data: DataRef | None = Field(None, description="ignored: the check uses the challenge's own data")
    visible: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=40)] | None = Field(
        None, description="ignored: the controls the challenge leaves visible")
    probe: Annotated[list[Num], Field(min_length=2, max_length=2)] | None = Field(None, description="ignored")


class Challenge(Summary):
    hints: list[str] = Field(description="up to three, to be revealed one at a time")
    mode: str = Field(description="weights: the network is measured as sent; training: the server trains")
    needs: list[str] = Field(description="body fields the check requires")
    counts: list[str] = Field(description="what the check reads of them; nothing else counts")
    epochs: int | None = Field(None, description="training challenges: epochs of each server run")
    question: str | None = Field(None, description="what to send as `answer`")
    parts: list[str] | None = Field(None, description="two-part challenges: part 1 (`before`), part 2")
    hide: list[str] = Field(description="the playground controls to hide (all but start.visible)")
    start: dict = Field(description="a body for the check: the starting state (it fails)")
    solution: dict | None = Field(None, description="only with ?answers=true: a body that passes")


class PartOut(BaseModel):
    name: str
    passed: bool


class CheckOut(BaseModel):
    passed: bool
    message: str = Field(description="what happened, and what to try when it failed")
    measured: dict[str, float | int | str | None] = Field(description="the numbers the verdict used")
    parts: list[PartOut] | None = None


ChallengeId = Annotated[str, Path(max_length=40, description="one of " + ", ".join(IDS),
                                  json_schema_extra={"enum": IDS})]


def _challenge(cid: str) -> challenges.Challenge:
    try:
        return challenges.get(cid)
    except challenges.UnknownChallenge:
        raise HTTPException(status_code=404, detail=[{
            "loc": ["path", "cid"], "type": "not_found",
            "msg": f"unknown challenge {cid!r}; known: {', '.join(IDS)}"}]) from None


@router.get("", response_model=ChallengeList, summary="Every challenge, in order")
def list_challenges() -> ChallengeList:
    return ChallengeList(challenges=[Summary(id=c.id, title=c.title, lesson=c.lesson, goal=c.goal, order=c.order)
                                     for c in challenges.CHALLENGES.values()])


@router.get("/{cid}", response_model=Challenge, summary="One challenge with its start (and a solution)")
def get_challenge(
    cid: ChallengeId,
    answers: Annotated[bool, Query(description="include a body that passes (a teacher's key)")] = False,
) -> Challenge:
    c = _challenge(cid)
    return Challenge(
        id=c.id, title=c.title, lesson=c.lesson, goal=c.goal, order=c.order, hints=list(c.hints), mode=c.mode,
        needs=list(c.needs), counts=list(c.counts), epochs=c.epochs, question=c.question,
        parts=list(c.parts) if c.parts else None, hide=c.hide, start=c.start,
        solution=challenges.solution(c.id) if answers else None,
    )


@cache
def _start_net(cid: str) -> Network | None:
    net = challenges.get(cid).start.get("network")
    return Network.from_dict(net) if net else None


def _cost_ms(c: challenges.Challenge, body: CheckIn) -> float:
    if c.mode != "training" or c.data is None:
        net = body.network.net if body.network is not None else _start_net(c.id)
        rows = c.data.n if c.data is not None else 2
        return lane.estimate_forward_ms(net, rows) if net is not None else 0.0
    rows = round(c.data.n * c.data.train_fraction)
    batch = body.settings.batch_size if body.settings is not None else 10
    # a training check always goes to the process pool: it trains hundreds of epochs, and a class
    # pressing Check at once must not hold the event loop (machine-wide slots, 429 when full)
    return max(lane.HEAVY_MS, c.runs * lane.estimate_train_ms(_start_net(c.id), rows, c.data.n - rows, c.epochs, batch))


@router.post("/{cid}/check", response_model=CheckOut, response_model_exclude_none=True,
             summary="The engine's verdict: passed, what to try, and the numbers it used")
async def check_challenge(cid: ChallengeId, body: CheckIn, request: Request):
    c = _challenge(cid)
    gap = registry.missing(c, body.model_dump(exclude_none=True))
    if gap is not None:
        msg = f"challenge {c.id!r} needs {gap} (see its start: GET /api/challenges/{c.id})"
        raise unprocessable(gap.split("."), msg, "missing")
    raw = body.model_dump(include={"network", "settings", "before", "answer"}, exclude_none=True)
    return await lane.lane_of(request).run(_cost_ms(c, body), challenges.check_body, c.id, raw, model=CheckOut)
