"""Challenges: hands-on tasks for the playground whose verdicts the engine computes.

A challenge is a start (a body for its check: network, data, hyper-parameters, the controls it
leaves visible), a goal in one sentence, up to three hints, and a check. The check reads only
what the challenge says counts (``counts``: the network's weights, its activations, a learning
rate, a regularisation, an answer) and measures everything itself on the challenge's own seeded
data: numbers a browser sends (accuracies, losses) are never read. Challenges that need
training are trained here, from the challenge's own start weights, with a fixed seed and epoch
budget, so that the same body always gets the same verdict.

Bodies are plain JSON-like dicts (``parse`` turns one into a :class:`Submission`); the API
validates them first (``app.api.challenges``). No web imports here.
"""

from __future__ import annotations

from app.nn.challenges.base import (
    HIDEABLE,
    Challenge,
    Part,
    Submission,
    TrainSettings,
    UnknownChallenge,
    Verdict,
    parse,
)
from app.nn.challenges.registry import CHALLENGES, check, check_body, get, solution

__all__ = [
    "CHALLENGES", "HIDEABLE", "Challenge", "Part", "Submission", "TrainSettings", "UnknownChallenge", "Verdict",
    "check", "check_body", "get", "parse", "solution",
]
