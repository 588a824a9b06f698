"""``GET /api/presets`` and ``GET /api/presets/{name}``: the teacher's prepared networks.

Presets are read once per worker (built-in ones plus ``PRESETS_DIR``, see ``app.presets``) when
the worker starts, and a bad file is logged and skipped there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, HTTPException, Request
from pydantic import BaseModel

from app.config import Settings, get_settings
from app.presets import Preset, load_presets


class PresetList(BaseModel):
    presets: list[Preset]


def presets_of(app: FastAPI) -> dict[str, Preset]:
    """The app's presets, loaded on first use (and at start-up by the lifespan below)."""
    presets = getattr(app.state, "presets", None)
    if presets is None:
        settings: Settings = getattr(app.state, "settings", None) or get_settings()
        presets = app.state.presets = load_presets(settings)
    return presets


@asynccontextmanager
async def _load_at_start(app: FastAPI) -> AsyncIterator[None]:
    presets_of(app)  # logs what was loaded and what was skipped, once per worker
    yield


router = APIRouter(prefix="/presets", tags=["presets"], lifespan=_load_at_start)


@router.get("", response_model=PresetList, summary="Every preset: network, dataset and settings")
def list_presets(request: Request) -> PresetList:
    return PresetList(presets=list(presets_of(request.app).values()))


@router.get("/{name}", response_model=Preset, summary="One preset by name")
def get_preset(name: str, request: Request) -> Preset:
    presets = presets_of(request.app)
    if name not in presets:
        msg = f"unknown preset {name!r}; known: {', '.join(presets) or 'none'}"
        detail = [{"loc": ["path", "name"], "msg": msg, "type": "not_found"}]
        raise HTTPException(status_code=404, detail=detail)
    return presets[name]
