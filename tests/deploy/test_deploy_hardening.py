"""Start-up and deployment hardening: a bad HOST is named, proxies are not trusted by default,
PID 1 is an init, the uvicorn run uses the deadline protocol."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
import yaml
from deploy_helpers import ROOT, start_like_docker, stop


def _run_app(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("host", ["999.1.1.1", "1.2.3", "not a host"])
def test_a_host_that_is_no_address_stops_the_server_naming_the_setting(host):
    out = _run_app({"HOST": host, "PORT": "8799"})
    assert out.returncode == 2
    assert "setting HOST" in out.stderr and host in out.stderr, out.stderr


def test_a_host_this_machine_does_not_have_stops_the_server_naming_the_setting():
    out = _run_app({"HOST": "192.0.2.1", "PORT": "8799"})  # TEST-NET-1: never bound here, never contacted
    assert out.returncode == 2 and "setting HOST/PORT" in out.stderr and "192.0.2.1" in out.stderr, out.stderr


def test_forwarded_headers_are_not_believed_from_other_addresses_by_default(dockerfile):
    """A client at 127.0.0.2 (not the trusted 127.0.0.1) claims to be 6.6.6.6: the access log must
    show its real address. With the image's old FORWARDED_ALLOW_IPS=* it showed 6.6.6.6."""
    assert "FORWARDED_ALLOW_IPS" not in dockerfile.env
    proc, url = start_like_docker(dockerfile, {"WEB_CONCURRENCY": "1"})
    port = int(url.rsplit(":", 1)[1])
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.2", 0))
            sock.settimeout(10)
            sock.connect(("127.0.0.1", port))
            sock.sendall(b"GET /healthz?spoof HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\n"
                         b"Connection: close\r\n\r\n")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200")
    finally:
        log = stop(proc)
    (line,) = [ln for ln in log.splitlines() if "/healthz?spoof" in ln]
    assert "127.0.0.2" in line and "6.6.6.6" not in line, line


def test_the_readme_says_how_to_trust_a_real_proxy():
    text = (ROOT / "README.md").read_text()
    section = text[text.index("**Behind a proxy.**"):]
    assert "FORWARDED_ALLOW_IPS=" in section.split("\n\n")[0]


def test_pid_1_is_an_init_in_compose_kubernetes_and_the_readme():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    (service,) = compose["services"].values()
    assert service["init"] is True
    docs = [d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yaml").read_text()) if d]
    (deployment,) = [d for d in docs if d["kind"] == "Deployment"]
    assert deployment["spec"]["template"]["spec"]["shareProcessNamespace"] is True
    assert "docker run -d --init" in (ROOT / "README.md").read_text()


def test_python_m_app_runs_uvicorn_with_the_deadline_protocol(monkeypatch):
    import uvicorn

    import app.__main__ as entry

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    monkeypatch.setattr(entry, "_cannot_listen", lambda host, port: None)
    assert entry.main(["--limit-concurrency", "77"]) == 0
    assert seen["http"] == "app.http_protocol:DeadlineProtocol" and seen["limit_concurrency"] == 77
