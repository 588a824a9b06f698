"""deploy/kubernetes.yaml and deploy/compose.yaml agree with the Dockerfile (ports, probes, image, user)."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from deploy_helpers import ROOT

from app import __version__


@pytest.fixture(scope="module")
def k8s() -> dict[str, dict]:
    docs = [d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yaml").read_text()) if d]
    by_kind = {d["kind"]: d for d in docs}
    assert len(by_kind) == len(docs), "one object of each kind"
    return by_kind


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())


def image_name(dockerfile) -> str:
    labels = " ".join(i.text for i in dockerfile.all("LABEL"))
    title = re.search(r'org\.opencontainers\.image\.title="([^"]+)"', labels).group(1)
    version = re.search(r'org\.opencontainers\.image\.version="([^"]+)"', labels).group(1)
    assert version == __version__
    return f"{title}:{version}"


def test_kubernetes_has_the_objects_of_a_scaled_deployment(k8s):
    assert {"Deployment", "Service", "HorizontalPodAutoscaler"} <= set(k8s)
    assert k8s["Deployment"]["spec"]["replicas"] >= 2
    hpa = k8s["HorizontalPodAutoscaler"]["spec"]
    assert hpa["scaleTargetRef"]["kind"] == "Deployment"
    assert hpa["scaleTargetRef"]["name"] == k8s["Deployment"]["metadata"]["name"]
    assert 2 <= hpa["minReplicas"] < hpa["maxReplicas"]


def test_kubernetes_container_agrees_with_the_dockerfile(k8s, dockerfile):
    pod = k8s["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"] == image_name(dockerfile)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert list(ports.values()) == dockerfile.exposed_ports == [int(dockerfile.env["PORT"])]
    for probe in ("readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == "/healthz"
        assert ports.get(get["port"], get["port"]) == dockerfile.exposed_ports[0]
    # the Dockerfile's non-root user, on a read-only root filesystem
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert str(pod["securityContext"]["runAsUser"]) == dockerfile.user
    sc = container["securityContext"]
    assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
    resources = container["resources"]
    assert {"cpu", "memory"} <= set(resources["requests"]) and {"cpu", "memory"} <= set(resources["limits"])
    env = {e["name"]: e["value"] for e in container["env"]}
    assert int(env["WEB_CONCURRENCY"]) >= 1, "set explicitly: a pod sees the node's CPU count"


def test_kubernetes_service_routes_to_the_container_port(k8s):
    deployment, service = k8s["Deployment"], k8s["Service"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert port["targetPort"] in {p["name"] for p in container["ports"]} | {
        p["containerPort"] for p in container["ports"]
    }


def test_compose_agrees_with_the_dockerfile(compose, dockerfile):
    (service,) = compose["services"].values()
    assert service["image"] == image_name(dockerfile)
    assert (ROOT / "deploy" / service["build"]["context"] / service["build"]["dockerfile"]).resolve() == (
        ROOT / "Dockerfile"
    )
    host, container = service["ports"][0].split(":")
    assert int(container) == dockerfile.exposed_ports[0]
    test = service["healthcheck"]["test"]
    assert test[0] == "CMD" and test[1:] == dockerfile.healthcheck[1]
    assert service["read_only"] is True
    presets = service["environment"]["PRESETS_DIR"]
    assert any(v.split(":")[1] == presets for v in service["volumes"])


def test_the_presets_example_in_deploy_is_a_valid_preset():
    from app.config import Settings
    from app.presets import parse_preset

    text = (ROOT / "deploy" / "presets" / "README.md").read_text()
    example = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    preset = parse_preset(example, Settings())
    assert json.loads(example)["name"] == preset.name
