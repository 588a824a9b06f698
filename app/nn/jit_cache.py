"""Where numba keeps its compiled-kernel cache: a writable folder even on a read-only root filesystem.

numba's default cache sits in ``__pycache__`` beside the source, which a read-only image cannot
write (and numba then refuses ``cache=True`` functions).  Before numba is imported,
:func:`configure` points ``NUMBA_CACHE_DIR`` at a writable folder: the one given in the
environment when it is writable, else a private folder under the temporary directory (the
tmpfs of a container).  If the install ships a cache built with the image (``.numba-cache``
beside the ``app`` package, see the Dockerfile), it is copied there first, so a fresh container
loads the kernels instead of compiling them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent.parent / ".numba-cache"


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
        return True
    except OSError:
        return False


def configure() -> str:
    """Set ``NUMBA_CACHE_DIR`` to a writable folder (if it is not already) and return it."""
    given = os.environ.get("NUMBA_CACHE_DIR", "")
    if given and _writable(Path(given)):
        folder = Path(given)
    else:
        folder = Path(tempfile.gettempdir()) / f"numba-cache-{os.getuid() if hasattr(os, 'getuid') else 0}"
        if not _writable(folder):
            folder = Path(tempfile.mkdtemp(prefix="numba-cache-"))
        os.environ["NUMBA_CACHE_DIR"] = str(folder)
    if SHIPPED.is_dir() and folder.resolve() != SHIPPED.resolve() and not any(folder.iterdir()):
        with contextlib.suppress(OSError):  # a cache is only a head start: the kernels compile without it
            shutil.copytree(SHIPPED, folder, dirs_exist_ok=True)
    return str(folder)
