"""/api/challenges: listing, detail, answers, checks, tampered and bad bodies."""

from __future__ import annotations

import copy

import pytest

from app.nn import challenges as C

IDS = list(C.CHALLENGES)


def test_listing(client, strict_json):
    r = client.get("/api/challenges")
    assert r.status_code == 200
    rows = strict_json(r)["challenges"]
    assert [x["id"] for x in rows] == IDS
    assert set(rows[0]) == {"id", "title", "lesson", "goal", "order"}


def test_detail_and_answers(client, strict_json):
    d = strict_json(client.get("/api/challenges/xor-by-hand"))
    assert d["start"]["network"]["features"] == ["x1", "x2"] and "solution" not in d or d["solution"] is None
    assert 1 <= len(d["hints"]) <= 3 and "weights" not in d["hide"] and "train" in d["hide"]
    key = strict_json(client.get("/api/challenges/xor-by-hand?answers=true"))
    assert key["solution"]["network"]["layers"][0]["activation"] == "relu"


@pytest.mark.parametrize("cid", IDS)
def test_check_start_fails_solution_passes(client, strict_json, cid):
    start = strict_json(client.get(f"/api/challenges/{cid}"))["start"]
    r = client.post(f"/api/challenges/{cid}/check", json=start)
    assert r.status_code == 200, r.text
    assert strict_json(r)["passed"] is False
    sol = strict_json(client.get(f"/api/challenges/{cid}?answers=true"))["solution"]
    r = client.post(f"/api/challenges/{cid}/check", json=sol)
    v = strict_json(r)
    assert v["passed"] is True and v["measured"] and v["message"]


@pytest.mark.parametrize("cid", IDS)
def test_tampered_request_still_fails(client, strict_json, cid):
    body = copy.deepcopy(C.CHALLENGES[cid].start)
    body.update({"test_accuracy": 1.0, "passed": True, "metrics": {"test_accuracy": 1.0, "test_loss": 0.0},
                 "measured": {"test_accuracy": 1.0}})
    r = client.post(f"/api/challenges/{cid}/check", json=body)
    assert r.status_code == 200 and strict_json(r)["passed"] is False


def test_numbers_inside_the_network_are_refused(client):
    body = copy.deepcopy(C.CHALLENGES["one-neuron-line"].start)
    body["network"]["test_accuracy"] = 1.0
    r = client.post("/api/challenges/one-neuron-line/check", json=body)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][:3] == ["body", "network", "test_accuracy"]


def test_measured_numbers(client):
    v = client.post("/api/challenges/relu-quiz/check", json=C.solution("relu-quiz")).json()
    assert v["measured"]["output"] == pytest.approx(1.5) and v["measured"]["target"] == 1.5


def test_unknown_id_is_404_naming_it(client):
    for r in (client.get("/api/challenges/nope"), client.post("/api/challenges/nope/check", json={})):
        assert r.status_code == 404
        d = r.json()["detail"][0]
        assert d["loc"] == ["path", "cid"] and "'nope'" in d["msg"] and "relu-quiz" in d["msg"]


@pytest.mark.parametrize(("cid", "body", "loc"), [
    ("relu-quiz", {}, ["body", "network"]),
    ("relu-quiz", {"network": {"layers": []}}, ["body", "network", "layers"]),
    ("relu-quiz", {"network": {"layers": [{"activation": "relu", "weights": [[1, 2]], "biases": [1, 2]}]}},
     ["body", "network", "layers", 0, "biases"]),
    ("too-fast", {"settings": {"optimizer": {"learning_rate": 0.1}}}, ["body", "before", "settings"]),
    ("too-fast", {"settings": {"optimizer": {"learning_rate": 100}}, "before": {"settings": {}}},
     ["body", "settings", "optimizer", "learning_rate"]),
    ("three-classes", {"network": C.CHALLENGES["three-classes"].start["network"], "answer": "four"},
     ["body", "answer"]),
    ("overfit-then-fix", {"settings": {"regularization": {"kind": "l7"}}, "before": {"settings": {}}},
     ["body", "settings", "regularization", "kind"]),
    ("linear-collapse", {"network": C.CHALLENGES["linear-collapse"].start["network"]}, ["body", "before", "network"]),
])
def test_bad_bodies_name_the_field(client, cid, body, loc):
    r = client.post(f"/api/challenges/{cid}/check", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"][: len(loc)] == loc


def test_not_json_and_not_finite(client):
    r = client.post("/api/challenges/relu-quiz/check", content=b"network=1", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = client.post("/api/challenges/relu-quiz/check", content=b'{"network": {"layers": [{"activation": "relu", '
                    b'"weights": [[NaN, 1]], "biases": [0]}]}}', headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_huge_weights_give_a_verdict_without_nan(client, strict_json):
    body = {"network": {"features": ["x1", "x2"], "layers": [
        {"activation": "relu", "weights": [[1e6, 1e6]], "biases": [1e6]}]}}
    r = client.post("/api/challenges/relu-quiz/check", json=body)
    assert r.status_code == 200 and strict_json(r)["passed"] is False


def test_openapi_has_examples(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/challenges", "/api/challenges/{cid}", "/api/challenges/{cid}/check"} <= set(spec["paths"])
    schema = spec["components"]["schemas"]["CheckIn"]
    assert schema.get("examples")
    assert spec["paths"]["/api/challenges/{cid}/check"]["post"]["parameters"][0]["schema"]["enum"] == IDS


def test_training_checks_run_in_the_heavy_lane(client, monkeypatch):
    from app.api import lane

    calls = []
    original = lane.HeavyLane.run_heavy

    async def counted(self, fn, *args, model=None):
        calls.append(args[0])
        return await original(self, fn, *args, model=model)

    monkeypatch.setattr(lane.HeavyLane, "run_heavy", counted)
    assert client.post("/api/challenges/vanishing/check", json=C.solution("vanishing")).json()["passed"]
    assert client.post("/api/challenges/relu-quiz/check", json=C.solution("relu-quiz")).json()["passed"]
    assert calls == ["vanishing"], "training checks go to the process pool; a forward pass stays inline"
