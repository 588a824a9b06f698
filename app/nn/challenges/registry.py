"""The twelve challenges by id, in order, and the one entry point of a check."""

from __future__ import annotations

from functools import cache

from app.nn.challenges.base import Challenge, UnknownChallenge, Verdict, parse
from app.nn.challenges.by_hand import BY_HAND
from app.nn.challenges.trained import TRAINED

CHALLENGES: dict[str, Challenge] = {c.id: c for c in sorted(BY_HAND + TRAINED, key=lambda c: c.order)}


def get(cid: str) -> Challenge:
    try:
        return CHALLENGES[cid]
    except KeyError:
        raise UnknownChallenge(cid) from None


@cache
def _solution(cid: str) -> dict:
    return get(cid).make_solution()


def solution(cid: str) -> dict:
    """A body that passes (computed once: some train a network), merged over the start."""
    import copy

    c = get(cid)
    body = copy.deepcopy(c.start)
    for key, value in copy.deepcopy(_solution(cid)).items():
        if key == "before" and isinstance(body.get("before"), dict):
            body["before"] = {**body["before"], **value}
        else:
            body[key] = value
    return body


def missing(c: Challenge, body: dict) -> str | None:
    """The first field the challenge needs that the body lacks (as a dotted path), or None."""
    for path in c.needs:
        node = body
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return path
    return None


def check(cid: str, body: dict) -> Verdict:
    c = get(cid)
    gap = missing(c, body)
    if gap is not None:
        raise ValueError(gap)
    return c.checker(parse(body))


def check_body(cid: str, body: dict) -> dict:
    """The verdict as JSON-ready data (what the API answers): picklable in, picklable out."""
    return check(cid, body).answer()
