"""The browser tests launch the Chromium they found, not always /usr/bin/chromium."""

from __future__ import annotations

import os

from browser import find_chromium


def _fake(tmp_path, name="chromium"):
    exe = tmp_path / name
    exe.write_text("#!/bin/sh\n")
    os.chmod(exe, 0o755)
    return str(exe)


def test_a_chromium_on_path_is_the_one_used(tmp_path):
    exe = _fake(tmp_path)
    assert find_chromium({"PATH": str(tmp_path)}, default=str(tmp_path / "missing")) == exe


def test_chromium_path_wins_and_must_exist(tmp_path):
    exe = _fake(tmp_path, "my-chromium")
    assert find_chromium({"CHROMIUM_PATH": exe, "PATH": ""}) == exe
    assert find_chromium({"CHROMIUM_PATH": str(tmp_path / "nope"), "PATH": str(tmp_path)}) is None


def test_none_when_there_is_no_browser(tmp_path):
    assert find_chromium({"PATH": str(tmp_path)}, default=str(tmp_path / "missing")) is None
