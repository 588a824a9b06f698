"""The page's ES modules keep the shape the project promises: no file over 300 lines, and no
import cycle (data flows one way: actions -> model -> store -> views; compute is the only module
that talks to the API)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "static" / "js"
IMPORT = re.compile(r"""^\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}/[^"']+)["']""", re.M | re.S)
DYNAMIC = re.compile(r"""import\(\s*["'](\.{1,2}/[^"']+)["']\s*\)""")


def graph() -> dict[Path, list[Path]]:
    out = {}
    for f in JS.rglob("*.js"):
        text = f.read_text(encoding="utf-8")
        out[f] = [(f.parent / spec).resolve() for spec in IMPORT.findall(text) + DYNAMIC.findall(text)]
    return out


def test_no_module_over_300_lines():
    long = {str(f.relative_to(ROOT)): n for f in JS.rglob("*.js") if (n := len(f.read_text().splitlines())) > 300}
    assert not long, long


def test_every_import_exists_and_there_is_no_cycle():
    g = graph()
    missing = [(str(f.relative_to(ROOT)), str(t)) for f, ts in g.items() for t in ts if not t.exists()]
    assert not missing, missing
    state: dict[Path, int] = {}

    def visit(f: Path, path: list[Path]) -> None:
        state[f] = 1
        for t in g.get(f, []):
            if state.get(t) == 1:
                cycle = [*path[path.index(t):], t] if t in path else [f, t]
                raise AssertionError("import cycle: " + " -> ".join(str(p.relative_to(JS)) for p in cycle))
            if t not in state:
                visit(t, [*path, t])
        state[f] = 2

    for f in g:
        if f not in state:
            visit(f, [f])


def test_only_compute_talks_to_the_api_in_the_playground():
    pg = JS / "playground"
    calls_api = re.compile(r"""import\s*\{[^}]*\b(get|post)\b[^}]*\}\s*from\s*["']\.\./api\.js""")
    callers = sorted(f.name for f in pg.glob("*.js") if calls_api.search(f.read_text()))
    assert callers == ["compute.js"], callers


def test_views_never_import_compute():
    pg = JS / "playground"
    for name in ("views.js", "diagram.js", "diagram-build.js", "surface.js", "charts.js", "inspector.js",
                 "controls.js", "menus.js", "activation-curve.js", "surface3d.js", "model.js", "store.js"):
        assert "compute.js" not in (pg / name).read_text(), name
