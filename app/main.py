"""create_app(): the FastAPI application with its middleware, routers, pages and static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import plotly
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app import __version__, docs_offline, security, tuning
from app.api import errors as api_errors
from app.api import include as include_api
from app.api.lane import HeavyLane
from app.config import Settings, get_settings
from app.nn import compiled
from app.pages import router as pages_router
from app.pages_challenges import router as challenges_router
from app.pages_learn import router as learn_router
from app.resources import static_dir

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"

PLOTLY_FILES = ("plotly.min.js",)  # what the pages load of the plotly package; nothing else is served


class OnlyFiles(StaticFiles):
    """StaticFiles (ETag, 304, ranges) that serves only the named files of its folder: 404 for the rest."""

    def __init__(self, names: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.names = frozenset(names)

    def lookup_path(self, path: str):
        return super().lookup_path(path) if path in self.names else ("", None)


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
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        compiled.warm_up()  # the compiled training kernel, before the first request (from its cache)
        lane.warm()  # the heavy lane's process pool
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
    security.install(app, settings)
    docs_offline.install(app)

    include_api(app)
    app.include_router(pages_router)
    app.include_router(learn_router)
    app.include_router(challenges_router)

    @app.get("/healthz", tags=["meta"], summary="Liveness, with the version")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.mount("/vendor/plotly", OnlyFiles(PLOTLY_FILES, directory=PLOTLY_DIR), name="plotly")
    return app


def serve() -> FastAPI:
    """The server's app factory (``python -m app`` runs uvicorn with ``app.main:serve``): tunes the
    worker process (``app.tuning``), then builds the app. Importing this module tunes nothing."""
    tuning.tune_process()
    return create_app()


app = create_app()
