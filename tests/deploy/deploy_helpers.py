"""Helpers of the deployment tests (a uniquely named module: every test folder has a conftest)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dockerfile import Dockerfile

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_like_docker(dockerfile: Dockerfile, extra_env: dict[str, str] | None = None):
    """Run the Dockerfile's CMD (with its ENV, PORT moved to a free port) from the repository root."""
    port = _free_port()
    env = {**os.environ, **dockerfile.env, "PORT": str(port), "HOST": "127.0.0.1", **(extra_env or {})}
    cmd = list(dockerfile.cmd)
    if cmd[0] == "python":
        cmd[0] = sys.executable
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out = proc.communicate()[0]
            raise RuntimeError(f"the server did not start:\n{out}")
        time.sleep(0.1)


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        return proc.communicate(timeout=20)[0]
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()[0]
