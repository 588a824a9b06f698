"""The quiz API: GET /api/quiz, GET /api/quiz/{lesson}?seed=, POST /api/quiz/{lesson}/check."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.main import create_app

LESSONS = ["neuron", "activations", "weights", "network", "training"]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def key(client: TestClient, lesson: str, seed: int) -> list[dict]:
    r = client.get(f"/api/quiz/{lesson}", params={"seed": seed, "answers": "true"})
    assert r.status_code == 200
    return r.json()["questions"]


def test_lists_the_lessons(client: TestClient) -> None:
    r = client.get("/api/quiz")
    assert r.status_code == 200
    lessons = r.json()["lessons"]
    assert [entry["name"] for entry in lessons] == LESSONS
    assert all(2 <= entry["questions"] <= 4 and entry["title"] for entry in lessons)


@pytest.mark.parametrize("lesson", LESSONS)
def test_questions_are_reproducible_and_hide_the_answers(client: TestClient, lesson: str) -> None:
    a = client.get(f"/api/quiz/{lesson}?seed=42").json()
    b = client.get(f"/api/quiz/{lesson}?seed=42").json()
    assert a == b
    assert a["lesson"] == lesson and a["seed"] == 42
    for q in a["questions"]:
        assert "answer" not in q and "worked" not in q
        assert q["kind"] in ("number", "choice")
        assert (q["kind"] == "choice") == ("choices" in q)
    assert client.get(f"/api/quiz/{lesson}?seed=43").json()["questions"] != a["questions"]


def test_default_seed_is_zero(client: TestClient) -> None:
    assert client.get("/api/quiz/neuron").json() == client.get("/api/quiz/neuron?seed=0").json()


@pytest.mark.parametrize("lesson", LESSONS)
def test_right_answers_are_marked_right(client: TestClient, lesson: str) -> None:
    qs = key(client, lesson, 7)
    answers = {q["id"]: q["answer"] for q in qs}
    r = client.post(f"/api/quiz/{lesson}/check", json={"seed": 7, "answers": answers})
    assert r.status_code == 200
    body = r.json()
    assert body["correct"] == body["total"] == len(qs)
    assert all(res["correct"] for res in body["results"])


@pytest.mark.parametrize("lesson", LESSONS)
def test_wrong_answers_get_the_worked_computation(client: TestClient, lesson: str) -> None:
    qs = key(client, lesson, 7)
    answers = {}
    for q in qs:
        if q["kind"] == "choice":
            answers[q["id"]] = next(c for c in q["choices"] if c != q["answer"])
        else:
            answers[q["id"]] = q["answer"] + 1
    body = client.post(f"/api/quiz/{lesson}/check", json={"seed": 7, "answers": answers}).json()
    assert body["correct"] == 0
    for res, q in zip(body["results"], qs, strict=True):
        assert res["id"] == q["id"]
        assert res["correct"] is False
        assert res["expected"] == q["answer"]
        assert res["worked"] == q["worked"]
        assert res["given"] == answers[q["id"]]


def test_the_seed_matters_when_checking(client: TestClient) -> None:
    q = key(client, "neuron", 1)[0]
    right = client.post("/api/quiz/neuron/check", json={"seed": 1, "answers": {q["id"]: q["answer"]}}).json()
    assert right["results"][0]["correct"]
    other = key(client, "neuron", 2)[0]
    if abs(other["answer"] - q["answer"]) > 0.01:
        r = client.post("/api/quiz/neuron/check", json={"seed": 2, "answers": {q["id"]: q["answer"]}}).json()
        assert not r["results"][0]["correct"]


def test_unknown_lesson_is_404_listing_the_known_ones(client: TestClient) -> None:
    for r in (client.get("/api/quiz/calculus"),
              client.post("/api/quiz/calculus/check", json={"answers": {"x": 1}})):
        assert r.status_code == 404
        [d] = r.json()["detail"]
        assert d["loc"] == ["path", "lesson"]
        assert all(name in d["msg"] for name in LESSONS)


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ("seed=-1", ["query", "seed"]),
        ("seed=4294967296", ["query", "seed"]),
        ("seed=abc", ["query", "seed"]),
        ("seed=1.5", ["query", "seed"]),
        ("answers=maybe", ["query", "answers"]),
    ],
)
def test_bad_query_is_422_naming_the_field(client: TestClient, query: str, loc: list) -> None:
    r = client.get(f"/api/quiz/neuron?{query}")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == loc


def test_long_lesson_name_is_refused(client: TestClient) -> None:
    r = client.get("/api/quiz/" + "x" * 200)
    assert r.status_code in (404, 422)


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ('{"seed": 1}', ["body", "answers"]),
        ('{"seed": 1, "answers": {}}', ["body", "answers"]),
        ('{"seed": -1, "answers": {"weighted-sum": 1}}', ["body", "seed"]),
        ('{"seed": true, "answers": {"weighted-sum": 1}}', ["body", "seed"]),
        ('{"seed": "1", "answers": {"weighted-sum": 1}}', ["body", "seed"]),
        ('{"seed": 1, "answers": {"weighted-sum": 1}, "extra": 1}', ["body", "extra"]),
        ('{"seed": 1, "answers": {"nope": 1}}', ["body", "answers", "nope"]),
        ('{"seed": 1, "answers": {"weighted-sum": true}}', ["body", "answers", "weighted-sum"]),
        ('{"seed": 1, "answers": {"weighted-sum": NaN}}', ["body", "answers", "weighted-sum"]),
        ('{"seed": 1, "answers": {"weighted-sum": Infinity}}', ["body", "answers", "weighted-sum"]),
        ('{"seed": 1, "answers": {"weighted-sum": "0.39"}}', ["body", "answers", "weighted-sum"]),
        ('{"seed": 1, "answers": {"weighted-sum": [1]}}', ["body", "answers", "weighted-sum"]),
        ('{"seed": 1, "answers": {"weighted-sum": null}}', ["body", "answers", "weighted-sum"]),
        ('{"seed": 1, "answers": [1, 2]}', ["body", "answers"]),
        ('[]', ["body"]),
    ],
)
def test_bad_body_is_422_naming_the_field(client: TestClient, body: str, loc: list) -> None:
    r = client.post("/api/quiz/neuron/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    locs = [d["loc"][: len(loc)] for d in r.json()["detail"]]
    assert loc in locs, locs


def test_choice_answers(client: TestClient) -> None:
    [q] = [q for q in key(client, "activations", 3) if q["kind"] == "choice"]
    ok = client.post("/api/quiz/activations/check", json={"seed": 3, "answers": {q["id"]: q["answer"]}})
    assert ok.json()["results"][0]["correct"]
    for bad in (1, "softsign", "x" * 100):
        r = client.post("/api/quiz/activations/check", json={"seed": 3, "answers": {q["id"]: bad}})
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"][:3] == ["body", "answers", q["id"]]


def test_too_many_answers(client: TestClient) -> None:
    answers = {f"q{i}": 1 for i in range(11)}
    r = client.post("/api/quiz/neuron/check", json={"seed": 1, "answers": answers})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "answers"]


def refuse(name: str):
    raise AssertionError(f"the response holds {name}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lesson=st.sampled_from([*LESSONS, "zzz"]),
    seed=json_values,
    answers=st.dictionaries(st.sampled_from(["weighted-sum", "range", "softmax", "steepest", "x"]), json_values,
                            max_size=4) | json_values,
)
def test_no_input_gives_a_500(client: TestClient, lesson: str, seed, answers) -> None:
    body = json.dumps({"seed": seed, "answers": answers}, allow_nan=True)
    r = client.post(f"/api/quiz/{lesson}/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code in (200, 404, 422), r.text
    json.loads(r.text, parse_constant=refuse)  # strict JSON: no NaN or Infinity echoed back


def test_every_quiz_lesson_has_a_page(client: TestClient) -> None:
    index = client.get("/learn")
    assert index.status_code == 200
    for lesson in LESSONS:
        assert f'href="/learn/{lesson}"' in index.text
        page = client.get(f"/learn/{lesson}")
        assert page.status_code == 200
        assert f'data-lesson="{lesson}"' in page.text
        assert 'data-testid="playground-link"' in page.text
    assert client.get("/learn/calculus").status_code == 404
