"""The browser's pure ES modules pass their unit tests: `node --test tests/js/` (no build step).

In CI (``CI=true``) a missing Node.js is a failure, not a skip: tests that do not run do not count.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JS_TESTS = ROOT / "tests" / "js"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def test_node_unit_tests_pass() -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        if IN_CI:
            pytest.fail("node not found: in CI the JavaScript unit tests must run (apt-get install nodejs)")
        pytest.skip("node not found")
    files = sorted(str(p.relative_to(ROOT)) for p in JS_TESTS.glob("*.test.mjs"))
    assert files, f"no *.test.mjs in {JS_TESTS}"
    # the files by name: `node --test tests/js/` means the same on Node 20, but newer Nodes read
    # their arguments as glob patterns
    result = subprocess.run(
        [node, "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NODE_OPTIONS": ""},
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    passed = re.search(r"^# pass (\d+)", out, re.M)
    failed = re.search(r"^# fail (\d+)", out, re.M)
    assert passed and int(passed.group(1)) > 0, out[-3000:]
    assert failed and int(failed.group(1)) == 0, out[-3000:]
