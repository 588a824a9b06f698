"""REST API v1: thin routers over the numpy engine in app.nn."""

from fastapi import APIRouter

router = APIRouter(prefix="/api")

from app.api.quiz import router as quiz_router  # noqa: E402

router.include_router(quiz_router)

from app.api.presets import router as presets_router  # noqa: E402

router.include_router(presets_router)
