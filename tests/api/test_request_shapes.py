"""Request shapes every JSON endpoint refuses cleanly: non-JSON bodies (415), oversized bodies,
chunked or declared (413), and the smaller holes of the hardening issue (issue 10)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from app.main import create_app

SCHEMA = create_app().openapi()


def _concrete(path: str, op: dict) -> str:
    """The path with each parameter replaced by a value its schema allows (its enum's first)."""
    for param in op.get("parameters", []):
        if param["in"] == "path":
            enum = param.get("schema", {}).get("enum")
            path = path.replace("{" + param["name"] + "}", str(enum[0]) if enum else "x")
    return re.sub(r"\{[^}]+\}", "x", path)


POST_ROUTES = sorted(_concrete(p, ops["post"]) for p, ops in SCHEMA["paths"].items() if "post" in ops)


def test_there_are_post_routes_to_check():
    assert {"/api/forward", "/api/train", "/api/quiz/neuron/check", "/api/softmax"} <= set(POST_ROUTES)


@pytest.mark.parametrize("path", POST_ROUTES)
@pytest.mark.parametrize("kind", ["text/plain", "form", "multipart", "none"])
def test_a_body_that_is_not_json_gets_415(client, path, kind):
    body = b'{"logits": [1, 2]}'
    if kind == "form":
        r = client.post(path, data={"logits": "1"})
    elif kind == "multipart":
        r = client.post(path, files={"f": ("a.json", body, "application/json")})
    elif kind == "none":
        r = client.post(path, content=body, headers={"content-type": ""})
    else:
        r = client.post(path, content=body, headers={"content-type": kind})
    assert r.status_code == 415, (path, kind, r.text)
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["header", "content-type"] and "application/json" in detail["msg"]


@pytest.mark.parametrize("path", POST_ROUTES)
def test_json_with_a_charset_is_json(client, path):
    r = client.post(path, content=b"{}", headers={"content-type": "application/json; charset=utf-8"})
    assert r.status_code != 415, r.text


def _chunks(total: int = 2 * 1024 * 1024, size: int = 64 * 1024):
    for _ in range(total // size):
        yield b" " * size


@pytest.mark.parametrize("path", POST_ROUTES)
def test_a_chunked_body_over_the_limit_gets_413_in_the_json_shape(client, path):
    r = client.post(path, content=_chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413, (path, r.status_code, r.text[:200])
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body"] and "MAX_BODY_BYTES" in detail["msg"]


def test_a_declared_length_over_the_limit_gets_413_in_the_json_shape(client):
    r = client.post("/api/quiz/neuron/check", content=b" " * (2 * 1024 * 1024),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and "MAX_BODY_BYTES" in r.json()["detail"][0]["msg"]


# -- optimizer state, integers, the quiz enum -----------------------------------------------------
NET = {"layers": [{"activation": "tanh", "weights": [[0.1, 0.2], [0.3, -0.4]], "biases": [0.0, 0.1]},
                  {"activation": "sigmoid", "weights": [[0.5, -0.5]], "biases": [0.0]}]}
XOR = {"dataset": {"name": "xor", "n": 50}}


def test_an_optimizer_state_slot_of_the_wrong_shape_is_422_naming_it(client):
    state = {"name": "momentum", "step": 3, "slots": {"velocity": [
        {"weights": [[1.0]], "biases": [0.0, 0.0]},  # broadcast to 2×2 before
        {"weights": [[0.0, 0.0]], "biases": [0.0]},
    ]}}
    r = client.post("/api/train", json={"network": NET, "data": XOR, "optimizer": {"name": "momentum"},
                                        "optimizer_state": state})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "optimizer_state", "slots", "velocity", 0, "weights"]
    assert "[1, 1]" in detail["msg"] and "[2, 2]" in detail["msg"]


def test_an_integral_float_is_an_integer_as_json_schema_says(client):
    ok = client.post("/api/train", json={"network": NET, "data": XOR, "epochs": 2.0, "batch_size": 10.0,
                                         "seed": 8120.0})
    assert ok.status_code == 200, ok.text
    assert ok.json()["epoch"] == 2
    for bad in (2.5, True, "2"):
        r = client.post("/api/train", json={"network": NET, "data": XOR, "epochs": bad})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "epochs"], (bad, r.text)


def test_the_quiz_lesson_has_an_enum_in_openapi():
    from app.nn import quiz

    for path in ("/api/quiz/{lesson}", "/api/quiz/{lesson}/check"):
        for op in SCHEMA["paths"][path].values():
            (lesson,) = [p for p in op["parameters"] if p["name"] == "lesson"]
            assert lesson["schema"]["enum"] == list(quiz.LESSONS)


# -- training never returns a network the API refuses ---------------------------------------------
def test_a_wild_training_run_stops_as_diverged_inside_the_allowed_range(client, strict_json):
    """ReLU, momentum, learning rate 10, batch 1 on spiral: once 'ok' with weights of 3.6e14."""
    net = client.post("/api/networks", json={"layer_sizes": [2, 4, 2, 1], "activation": "relu",
                                             "output_activation": "sigmoid", "seed": 1,
                                             "features": ["x1", "x2"]}).json()
    body = {"network": net, "data": {"dataset": {"name": "spiral"}},
            "optimizer": {"name": "momentum", "learning_rate": 10}, "batch_size": 1, "epochs": 3}
    r = client.post("/api/train", json=body)
    assert r.status_code == 200, r.text
    answer = strict_json(r)
    assert answer["status"] == "diverged" and "allowed range" in answer["message"]
    params = [v for lyr in answer["network"]["layers"] for v in [*np.ravel(lyr["weights"]), *lyr["biases"]]]
    assert max(map(abs, params)) <= 1e6
    # the API takes back what it gave: the network, and the optimiser state to go on from
    assert client.post("/api/forward", json={"network": answer["network"], "inputs": [[0.1, 0.2]]}).status_code == 200
    again = client.post("/api/train", json={**body, "network": answer["network"],
                                            "optimizer_state": answer["optimizer_state"], "epoch": answer["epoch"]})
    assert again.status_code == 200, again.text


# -- static files -----------------------------------------------------------------------------------
PLOTLY = "/vendor/plotly/plotly.min.js?v=1"


def test_the_gzip_cache_answers_if_none_match_with_304(client):
    first = client.get(PLOTLY, headers={"accept-encoding": "gzip"})
    assert first.status_code == 200 and first.headers["content-encoding"] == "gzip"
    etag = first.headers["etag"]
    again = client.get(PLOTLY, headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and "content-encoding" not in again.headers
    assert client.get(PLOTLY, headers={"accept-encoding": "gzip", "if-none-match": f'W/{etag}'}).status_code == 304
    assert client.get(PLOTLY, headers={"accept-encoding": "gzip", "if-none-match": '"other"'}).status_code == 200


@pytest.mark.parametrize("name", ["package.json", "plotly.js", "widgetbundle.js", "datasets/iris.csv.gz",
                                  "../__init__.py", ""])
def test_vendor_plotly_serves_only_the_script_the_pages_use(client, name):
    assert client.get("/vendor/plotly/" + name).status_code == 404
    assert client.get("/vendor/plotly/plotly.min.js").status_code == 200


def test_openapi_bounds_are_json_schema_keywords():
    """Bounds on integer and number fields are JSON Schema's minimum/maximum, which schemathesis and
    client generators read; pydantic writes non-standard ge/le keys when a Field follows a validator."""
    from app.main import app

    bad: list[str] = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") in ("integer", "number"):
                bad.extend(f"{where}.{k}" for k in ("ge", "le", "gt", "lt") if k in node)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(app.openapi(), "openapi")
    assert not bad, bad
