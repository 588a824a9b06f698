"""Process tuning for the server, done where the server starts, never on import.

``import app`` (a notebook, a grading script) leaves the process as it was. The server's entry
points call these: ``python -m app`` / ``neuron-playground`` (before uvicorn starts, so spawned
workers inherit the variables), the workers' app factory ``app.main:serve`` and the guard's side
process.
"""

from __future__ import annotations

import os

BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads() -> None:
    """One BLAS thread: the engine multiplies small matrices (at most 64 wide), where a thread pool
    only adds hand-off overhead, and a server runs one worker process per core anyway. Takes effect
    in processes that import numpy afterwards (uvicorn's workers); an explicit setting wins."""
    for var in BLAS_THREAD_VARS:
        os.environ.setdefault(var, "1")


def tune_malloc() -> bool:
    """Keep freed arrays in the heap instead of returning them to the OS (glibc only).

    A surface of 100×100 points allocates a dozen 0.6 MB arrays; by default glibc serves each
    from a fresh mmap and the kernel zero-fills it page by page, which tripled the time of a
    surface.  Raising the mmap and trim thresholds (to 32 MiB / 128 MiB) lets the heap reuse them.
    Returns whether it tuned anything.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl, macOS, Windows): nothing to tune
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, 32 * 1024 * 1024)
    libc.mallopt(m_trim_threshold, 128 * 1024 * 1024)
    return True


def tune_process() -> None:
    limit_blas_threads()
    tune_malloc()
