"""REST API v1: thin routers over the numpy engine in app.nn."""

from fastapi import APIRouter

from app.api import activations, datasets, export, network, presets, quiz, training
from app.api.errors import ErrorBody

TOO_LARGE = {413: {"model": ErrorBody, "description": "The request body is larger than MAX_BODY_BYTES"}}
NOT_FOUND = {404: {"model": ErrorBody, "description": "Unknown name; the message lists the known ones"}}

router = APIRouter(prefix="/api", responses=TOO_LARGE)
router.include_router(activations.router)
router.include_router(network.router)
router.include_router(datasets.router)
router.include_router(training.router)
router.include_router(export.router)
router.include_router(quiz.router, responses=NOT_FOUND)
router.include_router(presets.router, responses=NOT_FOUND)
