"""REST API v1: thin routers over the numpy engine in app.nn."""

from fastapi import APIRouter

from app.api import activations, datasets, export, network, presets, quiz, training

router = APIRouter(prefix="/api")
router.include_router(activations.router)
router.include_router(network.router)
router.include_router(datasets.router)
router.include_router(training.router)
router.include_router(export.router)
router.include_router(quiz.router)
router.include_router(presets.router)
