"""Which Chromium the browser tests drive: the one found is the one launched."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping

DEFAULT = "/usr/bin/chromium"  # Debian's package
NAMES = ("chromium", "chromium-browser")


def find_chromium(environ: Mapping[str, str] = os.environ, default: str = DEFAULT) -> str | None:
    """``CHROMIUM_PATH`` if set (it must exist), else Debian's ``/usr/bin/chromium``, else a
    ``chromium`` on ``PATH``; ``None`` when there is none."""
    explicit = environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    if os.path.exists(default):
        return default
    for name in NAMES:
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return found
    return None
