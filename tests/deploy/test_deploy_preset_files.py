"""PRESETS_DIR holds a teacher's files: only regular files inside it, of bounded size, are read."""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from pathlib import Path

import pytest

from app import presets as presets_mod
from app.config import Settings
from app.presets import BUILTIN_DIR, load_presets


@pytest.fixture
def folder(tmp_path):
    good = tmp_path / "presets"
    good.mkdir()
    shutil.copy(BUILTIN_DIR / "xor-solved.json", good / "mine.json")
    data = json.loads((good / "mine.json").read_text())
    data["name"] = "mine"
    (good / "mine.json").write_text(json.dumps(data))
    return good


def _load_in_time(settings: Settings) -> dict:
    """load_presets in a thread, so a hang fails the test instead of blocking the run."""
    out: dict = {}
    worker = threading.Thread(target=lambda: out.update(result=load_presets(settings)), daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "loading the presets hangs"
    return out["result"]


def _skipped(caplog, name: str) -> str:
    lines = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage() and name in r.getMessage()]
    assert lines, f"no log line for the skipped {name}"
    return lines[0]


def test_a_fifo_is_skipped_not_waited_for(folder, caplog):
    os.mkfifo(folder / "pipe.json")
    with caplog.at_level(logging.WARNING, "app.presets"):
        presets = _load_in_time(Settings(presets_dir=str(folder)))
    assert "mine" in presets
    assert "regular file" in _skipped(caplog, "pipe.json")


def test_a_symlink_to_a_device_is_skipped(folder, caplog):
    (folder / "zero.json").symlink_to("/dev/zero")
    with caplog.at_level(logging.WARNING, "app.presets"):
        presets = _load_in_time(Settings(presets_dir=str(folder)))
    assert "mine" in presets
    assert "outside" in _skipped(caplog, "zero.json")


def test_a_device_inside_the_folder_is_refused():
    # making a device node needs privileges: read /dev/zero as if /dev were the presets folder
    with pytest.raises(ValueError, match="regular file"):
        presets_mod.read_preset_file(Path("/dev/zero"), Path("/dev"))


def test_a_symlink_out_of_the_folder_is_not_followed(folder, tmp_path, caplog):
    secret = tmp_path / "elsewhere.json"
    data = json.loads((folder / "mine.json").read_text())
    data["name"] = "secret"
    secret.write_text(json.dumps(data))
    (folder / "link.json").symlink_to(secret)
    with caplog.at_level(logging.WARNING, "app.presets"):
        presets = _load_in_time(Settings(presets_dir=str(folder)))
    assert "secret" not in presets and "mine" in presets
    assert "outside" in _skipped(caplog, "link.json")


def test_a_symlink_inside_the_folder_is_read(folder):
    data = json.loads((folder / "mine.json").read_text())
    data["name"] = "again"
    (folder / "real.txt").write_text(json.dumps(data))
    (folder / "again.json").symlink_to(folder / "real.txt")
    assert "again" in _load_in_time(Settings(presets_dir=str(folder)))


def test_a_huge_file_is_skipped_unread(folder, caplog):
    with open(folder / "huge.json", "wb") as handle:
        handle.truncate(presets_mod.MAX_FILE_BYTES * 50)  # sparse: 50 MB that take no disk
    with caplog.at_level(logging.WARNING, "app.presets"):
        presets = _load_in_time(Settings(presets_dir=str(folder)))
    assert "mine" in presets
    assert "larger than" in _skipped(caplog, "huge.json")


def test_a_preset_with_weights_out_of_the_apis_range_is_skipped(folder, caplog):
    data = json.loads((folder / "mine.json").read_text())
    data["name"] = "wild"
    data["network"]["layers"][0]["weights"][0][0] = 2.16e6
    (folder / "wild.json").write_text(json.dumps(data))
    with caplog.at_level(logging.WARNING, "app.presets"):
        presets = _load_in_time(Settings(presets_dir=str(folder)))
    assert "wild" not in presets
    assert "1e+06" in _skipped(caplog, "wild.json")
