"""Neuron Playground: a visual neural-network playground for the classroom."""

import os

__version__ = "0.1.0"

# The engine multiplies small matrices (at most 64 wide): a BLAS thread pool only adds
# hand-off overhead there, and a server runs one worker process per core anyway.  Set before
# numpy is first imported; an explicit setting in the environment wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def _tune_malloc() -> None:
    """Keep freed arrays in the heap instead of returning them to the OS.

    A surface of 100×100 points allocates a dozen 0.6 MB arrays; by default glibc serves each
    from a fresh mmap and the kernel zero-fills it page by page, which tripled the time of a
    surface.  Raising the mmap and trim thresholds (to 32 MiB / 128 MiB) lets the heap reuse them.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl, macOS, Windows): nothing to tune
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, 32 * 1024 * 1024)
    libc.mallopt(m_trim_threshold, 128 * 1024 * 1024)


_tune_malloc()
