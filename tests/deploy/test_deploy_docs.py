"""The README's "Deploy for a class" section documents every setting and the commands that work."""

from __future__ import annotations

import re

from deploy_helpers import ROOT

from app.config import Settings


def deploy_section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## Deploy for a class")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_every_setting_is_documented():
    section = deploy_section()
    for name in Settings.model_fields:
        assert f"`{name.upper()}`" in section, f"{name.upper()} is missing from README's Deploy for a class"
    assert "`FORWARDED_ALLOW_IPS`" in section


def test_build_and_run_lines_match_the_image(dockerfile):
    section = deploy_section()
    labels = " ".join(i.text for i in dockerfile.all("LABEL"))
    version = re.search(r'image\.version="([^"]+)"', labels).group(1)
    assert f"docker build -t neuron-playground:{version} ." in section
    port = dockerfile.exposed_ports[0]
    assert re.search(rf"docker run .*-p {port}:{port} .*neuron-playground:{version}", section)
    assert "/healthz" in section and "http://" in section  # how students reach it
