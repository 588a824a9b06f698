"""The HTML routes: the playground and the guided lessons (Jinja2 templates)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.api.activations import list_activations
from app.api.datasets import list_datasets
from app.api.presets import list_presets
from app.resources import static_dir, templates_dir

_IMPORT = re.compile(r"""^\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}/[^"']+)["']""", re.M | re.S)
templates = Jinja2Templates(directory=templates_dir())
templates.env.globals["version"] = __version__

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, **context) -> HTMLResponse:
    base = request.scope.get("root_path", "").rstrip("/")
    return templates.TemplateResponse(request, name, {"base": base, **context})


@cache
def module_graph(entry: str) -> tuple[str, ...]:
    """Every ES module that ``static/<entry>`` imports statically, directly or not (paths under
    ``static/``), so the page can preload them all at once instead of one import level a round trip."""
    seen: list[str] = []
    todo = [entry]
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.append(rel)
        text = (static_dir() / rel).read_text(encoding="utf-8")
        for spec in _IMPORT.findall(text):
            todo.append(_join(rel, spec))
    return tuple(seen[1:])


def _join(rel: str, spec: str) -> str:
    """``js/a/b.js`` + ``../lib/c.js`` -> ``js/lib/c.js``."""
    parts = Path(rel).parent.parts + Path(spec).parts
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return "/".join(out)


@router.get("/", response_class=HTMLResponse)
def playground(request: Request) -> HTMLResponse:
    # What the page would otherwise ask for before its first picture: the catalogue, in the same
    # shapes as GET /api/datasets, /api/activations and /api/presets (one round trip fewer).
    boot = {
        "datasets": list_datasets()["datasets"],
        "activations": [a.name for a in list_activations()["activations"]],
        "presets": list_presets(request).model_dump(mode="json")["presets"],
    }
    return render(request, "playground.html", page="playground", boot=boot,
                  modules=module_graph("js/playground/main.js"))
