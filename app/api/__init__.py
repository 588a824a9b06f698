"""REST API v1: thin routers over the numpy engine in app.nn.

``include(app)`` mounts every router under ``/api`` directly on the app: one level of routing
instead of a router of routers, which FastAPI would match twice per request.
"""

from fastapi import FastAPI

from app.api import activations, challenges, datasets, export, network, presets, qr, quiz, training
from app.api.errors import ErrorBody

TOO_LARGE = {413: {"model": ErrorBody, "description": "The request body is larger than MAX_BODY_BYTES"}}
NOT_FOUND = {404: {"model": ErrorBody, "description": "Unknown name; the message lists the known ones"}}

# The page's per-frame endpoints (network: forward, surface) come first: they are matched first.
ROUTERS = [
    (network.router, TOO_LARGE),
    (training.router, TOO_LARGE),
    (activations.router, TOO_LARGE),
    (datasets.router, TOO_LARGE),
    (export.router, TOO_LARGE),
    (quiz.router, {**TOO_LARGE, **NOT_FOUND}),
    (presets.router, {**TOO_LARGE, **NOT_FOUND}),
    (challenges.router, {**TOO_LARGE, **NOT_FOUND}),
    (qr.router, {}),
]


def include(app: FastAPI) -> None:
    # FastAPI's own body-size limit: it counts the bytes as they stream in (chunked bodies too) and
    # answers 413 through the app's exception handler (app.api.errors: the JSON detail shape)
    max_body = app.state.settings.max_body_bytes
    for router, responses in ROUTERS:
        app.include_router(router, prefix="/api", responses=responses, max_body_size=max_body)
