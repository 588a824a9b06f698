"""The HTML routes: the playground and the guided lessons (Jinja2 templates)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.resources import templates_dir

templates = Jinja2Templates(directory=templates_dir())
templates.env.globals["version"] = __version__

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, **context) -> HTMLResponse:
    base = request.scope.get("root_path", "").rstrip("/")
    return templates.TemplateResponse(request, name, {"base": base, **context})


@router.get("/", response_class=HTMLResponse)
def playground(request: Request) -> HTMLResponse:
    return render(request, "playground.html", page="playground")
