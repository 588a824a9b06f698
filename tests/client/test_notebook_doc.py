"""docs/notebook.md: its code blocks run, in order, in a fresh interpreter with nothing served."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "notebook.md"


def test_every_code_block_runs():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert len(blocks) >= 5
    wanted = {"create": "pg.network(", "train": "pg.train(", "plot": "figures.surface(", "export": "export_numpy("}
    for what, call in wanted.items():
        assert any(call in b for b in blocks), f"docs/notebook.md does not show how to {what}"
    code = "\n".join(blocks)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "[2, 4, 1]" in done.stdout and "0.39 0.5963" in done.stdout and "422 ['weights']" in done.stdout
