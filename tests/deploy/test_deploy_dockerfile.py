"""The Dockerfile's recipe, checked without a Docker engine (`.ci/docker-recipe.sh` then runs it)."""

from __future__ import annotations

import importlib.metadata as md
import re
import subprocess
import sys
import tomllib

from deploy_helpers import ROOT
from lockfile import read_lock as read_lock_with_hashes
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from app import __version__
from app.config import Settings


def read_lock() -> dict[str, str]:
    return {name: version for name, (version, _) in read_lock_with_hashes().items()}


def test_slim_official_python_base(dockerfile):
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-[a-z]+)?", dockerfile.base_image)
    assert len(dockerfile.all("FROM")) == 1


def test_runs_as_a_non_root_user(dockerfile):
    user = dockerfile.user
    assert user is not None, "no USER: the server would run as root"
    assert user not in ("root", "0") and not user.startswith("0:")
    # the user is created in the image with that uid
    created = [c for c in dockerfile.run_commands if c.startswith("useradd")]
    assert created and (f"--uid {user}" in created[0] or created[0].split()[-1] == user)
    # and USER comes after every RUN (nothing later runs as root)
    last_run = max(i.line for i in dockerfile.all("RUN"))
    assert dockerfile.last("USER").line > last_run


def test_dependencies_install_from_the_pinned_lock_before_the_app(dockerfile):
    installs = [c for c in dockerfile.run_commands if c.startswith("pip install")]
    assert len(installs) == 1
    install = installs[0]
    assert "-r requirements.lock" in install and "--no-deps" in install and "--no-cache-dir" in install
    assert "pip check" in dockerfile.run_commands
    copies = dockerfile.copies
    assert copies[0] == (["requirements.lock"], "./"), "the lock is copied alone, first (its own layer)"
    lock_copy = dockerfile.all("COPY")[0].line
    install_line = next(i.line for i in dockerfile.all("RUN") if "requirements.lock" in i.text)
    app_copy = next(i.line for i in dockerfile.all("COPY") if i.text.split()[0] == "app")
    assert lock_copy < install_line < app_copy
    assert {src for sources, _ in copies[1:] for src in sources} == {"app", "static", "templates"}


def test_lock_pins_every_runtime_dependency_and_only_those():
    pins = read_lock()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = [Requirement(r) for r in project["dependencies"]] + [Requirement("fastapi-offline")]
    for req in direct:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is a runtime dependency but requirements.lock does not pin it"
        assert req.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} breaks {req}"
        for extra in req.extras:  # uvicorn[standard]: what the extra brings (httptools, uvloop) is pinned too
            for raw in md.distribution(name).requires or []:
                dep = Requirement(raw)
                if dep.marker and dep.marker.evaluate({"extra": extra, "python_version": "3.11"}) and not \
                        dep.marker.evaluate({"extra": "", "python_version": "3.11"}):
                    assert canonicalize_name(dep.name) in pins, f"{req} needs {dep.name}: requirements.lock must pin it"
    # closed under dependencies, and the tests run on exactly these versions: tests/deploy/test_lock.py


def test_healthcheck_calls_healthz_with_python(dockerfile):
    assert dockerfile.healthcheck is not None, "no HEALTHCHECK"
    options, command = dockerfile.healthcheck
    assert command is not None, "HEALTHCHECK must use the exec form"
    assert command[0] == "python" and command[1] == "-c", "the slim image has no curl: use Python"
    assert "/healthz" in command[2] and "PORT" in command[2]
    assert {"interval", "timeout", "retries"} <= set(options)
    compile(command[2], "<healthcheck>", "exec")


def test_cmd_is_exec_form_with_proxy_headers_and_workers_from_the_environment(dockerfile):
    cmd = dockerfile.cmd
    assert cmd is not None, "CMD must use the exec form (JSON array): signals reach the server"
    assert cmd[:3] == ["python", "-m", "app"], cmd
    assert "--proxy-headers" in cmd
    assert not any(a.startswith("--workers") for a in cmd), "workers come from WEB_CONCURRENCY"
    assert "WEB_CONCURRENCY" not in dockerfile.env, "unset: the default is the CPU count"
    assert dockerfile.env["HOST"] == "0.0.0.0"
    assert int(dockerfile.env["PORT"]) in dockerfile.exposed_ports == [8000]


def test_web_concurrency_defaults_to_the_cpu_count(monkeypatch):
    import os

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert Settings().web_concurrency == (os.cpu_count() or 1)
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert Settings().web_concurrency == 3


def test_image_labels_match_the_app(dockerfile):
    labels = " ".join(i.text for i in dockerfile.all("LABEL"))
    assert 'org.opencontainers.image.title="neuron-playground"' in labels
    assert f'org.opencontainers.image.version="{__version__}"' in labels


def test_dockerignore_keeps_the_context_small():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for entry in (".git", "tests", "benchmarks", "screenshots", "**/__pycache__", ".venv"):
        assert entry in ignored
    for needed in ("app", "static", "templates", "requirements.lock"):
        assert needed not in ignored


def run_app(*args: str, **env: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_help_lists_every_setting():
    out = run_app("--help")
    assert out.returncode == 0
    for name in Settings.model_fields:
        assert name.upper() in out.stdout, f"{name.upper()} missing from python -m app --help"
    assert "FORWARDED_ALLOW_IPS" in out.stdout and "--proxy-headers" in out.stdout


def test_bad_settings_stop_the_start_with_a_clear_error():
    out = run_app(MAX_UNITS="many", FRAME_ANCESTORS="'self'; script-src *", PORT="8000")
    assert out.returncode == 2
    assert "MAX_UNITS" in out.stderr and "FRAME_ANCESTORS" in out.stderr
    out = run_app(PRESETS_DIR="/no/such/folder")
    assert out.returncode == 2 and "PRESETS_DIR" in out.stderr
