"""requirements.lock, read: one pin per package (``name==version``) with its ``--hash`` options."""

from __future__ import annotations

import re
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
# The one command that writes the lock (its settings live in pyproject.toml's [tool.uv.pip]).
LOCK_COMMAND = ["uv", "pip", "compile", "pyproject.toml", "--upgrade", "-o", "requirements.lock"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)((?:\s+--hash=sha256:[0-9a-f]{64})*)$")


def read_lock(text: str | None = None) -> dict[str, tuple[str, list[str]]]:
    """{canonical name: (version, [sha256 hashes])}; fails on anything that is not an exact pin."""
    text = LOCK.read_text() if text is None else text
    logical, current = [], ""
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    pins = {}
    for line in logical:
        m = PIN.match(line.strip())
        assert m, f"requirements.lock: not an exact, hashed pin: {line!r}"
        pins[canonicalize_name(m.group(1))] = (m.group(2), re.findall(r"sha256:([0-9a-f]{64})", m.group(3)))
    return pins
