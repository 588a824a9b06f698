"""Where the page's files are: ``templates/`` and ``static/``, found through the package.

The repository keeps them at its top level, beside ``app/``. An installed wheel carries them
inside the package as ``app/_templates`` and ``app/_static`` (pyproject.toml maps the folders
there), and ``importlib.resources`` finds them wherever the package was installed. A source
tree without installing (an editable install, ``PYTHONPATH=.``, the Docker image that copies
``app``, ``static`` and ``templates`` into ``/app``) has no such folders inside the package:
then the folders beside the package are used. Nothing depends on the working directory.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

# name of the folder at the repository's top level -> its name inside the installed package
PACKAGED = {"templates": "_templates", "static": "_static"}


@cache
def resource_dir(name: str) -> Path:
    """The folder ``templates`` or ``static``: inside the installed package, else beside it."""
    inside = Path(str(files("app").joinpath(PACKAGED[name])))
    if inside.is_dir():
        return inside
    beside = Path(str(files("app"))).resolve().parent / name
    if beside.is_dir():
        return beside
    raise RuntimeError(f"Neuron Playground's {name}/ folder is missing: looked in {inside} and {beside}")


def templates_dir() -> Path:
    return resource_dir("templates")


def static_dir() -> Path:
    return resource_dir("static")
