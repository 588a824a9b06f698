"""The HTML routes: the playground and the guided lessons (Jinja2 templates)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["version"] = __version__

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, **context) -> HTMLResponse:
    base = request.scope.get("root_path", "").rstrip("/")
    return templates.TemplateResponse(request, name, {"base": base, **context})


@router.get("/", response_class=HTMLResponse)
def playground(request: Request) -> HTMLResponse:
    return render(request, "playground.html", page="playground")
