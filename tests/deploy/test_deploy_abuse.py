"""Limits hold under abuse: oversized bodies, deep nesting, heavy-but-legal requests.

Speed is measured in benchmarks/load_class.py; these tests check the answers."""

from __future__ import annotations

import json
import random
import threading
import urllib.error
import urllib.request

import pytest

from app.api import lane

DEFAULT_NET_SPEC = {"layer_sizes": [2, 4, 4, 1], "activation": "tanh", "output_activation": "sigmoid",
                    "seed": 0, "features": ["x1", "x2"]}
SURFACE = {"x_range": [-6, 6], "y_range": [-6, 6], "resolution": 100, "neurons": True, "neuron_resolution": 24,
           "encoding": "float32"}
POSTS = ["/api/neuron", "/api/softmax", "/api/forward", "/api/surface", "/api/networks", "/api/train",
         "/api/gradients", "/api/export/numpy"]


def wide_network(width: int = 64, hidden: int = 8, digits: int = 3) -> dict:
    rng = random.Random(0)
    row = lambda n: [round(rng.uniform(-1, 1), digits) for _ in range(n)]  # noqa: E731
    layers = [{"activation": "tanh", "weights": [row(2) for _ in range(width)], "biases": [0.0] * width}]
    layers += [{"activation": "tanh", "weights": [row(width) for _ in range(width)], "biases": [0.0] * width}
               for _ in range(hidden)]
    layers += [{"activation": "sigmoid", "weights": [row(width)], "biases": [0.0]}]
    return {"features": ["x1", "x2"], "layers": layers}


def heavy_train(net: dict) -> dict:
    return {"network": net, "data": {"dataset": {"name": "spiral", "n": 2000, "noise": 0, "seed": 0,
                                                 "train_fraction": 0.9}},
            "batch_size": 1, "epochs": 1000, "seed": 0}


@pytest.fixture
def client(make_client):
    with make_client() as c:
        yield c


@pytest.fixture
def default_net(client) -> dict:
    return client.post("/api/networks", json=DEFAULT_NET_SPEC).json()


@pytest.mark.parametrize("path", POSTS)
def test_oversized_body_gets_413(client, path):
    big = b'{"x": "' + b"a" * 1_100_000 + b'"}'
    r = client.post(path, content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413, r.text
    assert "MAX_BODY_BYTES" in r.json()["detail"][0]["msg"]


def test_oversized_chunked_body_without_length_gets_413(client):
    def chunks():
        for _ in range(40):
            yield b"[" + b"1," * 20_000 + b"1]"

    r = client.post("/api/surface", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("depth", [100, 5_000, 200_000])
def test_deeply_nested_json_gets_4xx(client, path, depth):
    body = b"[" * depth + b"]" * depth
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code in (400, 413, 422), (path, depth, r.status_code)
    nested = b'{"network": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}"
    r = client.post(path, content=nested, headers={"content-type": "application/json"})
    assert r.status_code in (400, 413, 422), (path, depth, r.status_code)


def test_a_heavy_request_gets_the_same_answer_from_the_pool(client, monkeypatch):
    body = {"network": wide_network(16, 2), **SURFACE, "resolution": 120}
    monkeypatch.setattr(lane, "HEAVY_MS", 0.0)
    monkeypatch.setattr(lane, "INLINE_MS", 0.0)
    aside = client.post("/api/surface", json=body, headers={"Accept-Encoding": "identity"})
    monkeypatch.setattr(lane, "HEAVY_MS", float("inf"))
    monkeypatch.setattr(lane, "INLINE_MS", float("inf"))
    here = client.post("/api/surface", json=body, headers={"Accept-Encoding": "identity"})
    assert aside.status_code == here.status_code == 200
    assert aside.content == here.content
    assert aside.headers["content-security-policy"] == here.headers["content-security-policy"]
    assert aside.headers["content-type"] == here.headers["content-type"] == "application/json"


def _fill_the_lane(app) -> list[int]:
    """Take every ticket of the machine's heavy lane, as if other workers' heavy requests held them."""
    slots = app.state.lane.slots
    held = []
    while (fd := slots.ticket()) is not None:
        held.append(fd)
    return held


def test_a_full_heavy_lane_answers_429_at_once(client):
    held = _fill_the_lane(client.app)
    try:
        r = client.post("/api/train", json=heavy_train(wide_network(16, 2)))
        assert r.status_code == 429
        assert r.headers["retry-after"]
        assert "busy" in r.json()["detail"][0]["msg"]
        big = {"network": wide_network(64, 8, digits=15), **SURFACE, "resolution": 200}
        assert client.post("/api/surface", json=big).status_code == 429
    finally:
        for fd in held:
            client.app.state.lane.slots.release(fd)


@pytest.mark.parametrize("broken", ["activation", "shape", "dataset", "surface"])
def test_an_invalid_heavy_looking_request_gets_its_422_without_queueing(client, broken):
    """Validation comes first: with the heavy lane full, a heavy-looking request that is invalid
    still gets its 422 at once (not a 429, and never a place in the queue)."""
    body = heavy_train(wide_network(64, 8))
    body["surface"] = {**SURFACE, "resolution": 200}
    if broken == "activation":
        body["network"]["layers"][3]["activation"] = "swish-ish"
    elif broken == "shape":
        body["network"]["layers"][3]["weights"][5] = [0.1] * 63
    elif broken == "dataset":
        body["data"]["dataset"]["noise"] = 500
    else:
        body["surface"]["x_range"] = [6, -6]
    held = _fill_the_lane(client.app)
    try:
        r = client.post("/api/train", json=body)
    finally:
        for fd in held:
            client.app.state.lane.slots.release(fd)
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"][0] == "body"


def _post(url: str, body: dict) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def test_many_concurrent_heavy_requests_do_not_stop_normal_ones(docker_server):
    """A real server started as the Dockerfile starts it (2 workers, TRAIN_BUDGET_SECONDS=1)."""
    status, net = _post(docker_server + "/api/networks", DEFAULT_NET_SPEC)
    assert status == 200
    heavy_bodies = [("/api/train", heavy_train(wide_network(16, 2))),
                    ("/api/surface", {"network": wide_network(64, 8), **SURFACE, "resolution": 200}),
                    ("/api/forward", {"network": wide_network(48, 4), "inputs": [[0.5, -0.5]] * 5000})]
    heavy_results: list[tuple[str, int, dict]] = []

    def abuse(path: str, body: dict) -> None:
        status, answer = _post(docker_server + path, body)
        heavy_results.append((path, status, answer))

    threads = [threading.Thread(target=abuse, args=heavy_bodies[i % 3]) for i in range(12)]
    for t in threads:
        t.start()
    normal = []
    for i in range(30):
        path, body = ("/api/surface", {"network": net, **SURFACE}) if i % 2 else (
            "/api/train", {"network": net, "data": {"dataset": {"name": "xor"}}, "epochs": 1, "surface": SURFACE})
        normal.append(_post(docker_server + path, body)[0])
    for t in threads:
        t.join()
    assert normal == [200] * 30
    assert len(heavy_results) == 12
    assert {status for _, status, _ in heavy_results} <= {200, 422, 429}, heavy_results
    for path, status, answer in heavy_results:
        if path == "/api/train" and status == 200:
            assert answer["status"] == "budget_exceeded", answer["message"]


def test_heavy_requests_up_to_the_machine_lane_are_all_served_by_two_workers(docker_server):
    """The lane is counted machine-wide: as many heavy requests at once as it admits (run slots +
    queue) all get served, whichever worker each lands on (per-worker queues refused some of them
    while the other worker's lane sat idle)."""
    admitted = lane.RUN_SLOTS + lane.QUEUE
    results: list[tuple[int, dict]] = []
    threads = [threading.Thread(target=lambda: results.append(_post(docker_server + "/api/train",
                                                                    heavy_train(wide_network(16, 2)))))
               for _ in range(admitted)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [status for status, _ in results] == [200] * admitted, [a.get("detail") for _, a in results]
    assert {answer["status"] for _, answer in results} == {"budget_exceeded"}
