"""create_app(): the FastAPI application with its middleware, routers, pages and static files."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import plotly
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app import __version__, docs_offline, security
from app.api import errors as api_errors
from app.api import include as include_api
from app.api.lane import HeavyLane
from app.api.limits import BodySizeLimitMiddleware
from app.config import Settings, get_settings
from app.pages import router as pages_router
from app.pages_learn import router as learn_router

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"

DESCRIPTION = """
Every forward pass, gradient and training step of Neuron Playground, as a REST API.

* A **network** is JSON: `{"features": [...], "layers": [{"activation", "weights", "biases"}]}`,
  with `weights[j][i]` the weight from input `i` to neuron `j` (`z = W·x + b`).
* The server keeps no state: every request carries its network.
* Bad input gets a 4xx whose `detail` names the field; no answer ever holds NaN or Infinity.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    lane = HeavyLane(settings.train_budget_seconds, settings.port)

    @asynccontextmanager
    async def lifespan(_app):
        lane.warm()
        yield
        lane.shutdown()

    app = FastAPI(
        title="Neuron Playground API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.lane = lane  # the heavy lane: a process pool for expensive engine calls (app/api/lane.py)
    api_errors.install(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    security.install(app, settings)
    docs_offline.install(app)

    include_api(app)
    app.include_router(pages_router)
    app.include_router(learn_router)

    @app.get("/healthz", tags=["meta"], summary="Liveness, with the version")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/vendor/plotly", StaticFiles(directory=PLOTLY_DIR), name="plotly")
    return app


app = create_app()
