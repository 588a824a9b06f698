"""The quiz API for the page's two tries: a first try is marked without giving the answer away
(``reveal: false``), the schema documents its bounds and enums, and odd input is a 4xx."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.nn import quiz


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def first(lesson: str, seed: int) -> quiz.Question:
    return quiz.questions(lesson, seed)[0]


def test_a_first_try_is_marked_without_the_answer(client: TestClient) -> None:
    q = first("neuron", 77)
    r = client.post("/api/quiz/neuron/check", json={"seed": 77, "reveal": False, "answers": {q.id: q.answer + 1}})
    assert r.status_code == 200, r.text
    [res] = r.json()["results"]
    assert res == {"id": q.id, "correct": False, "given": q.answer + 1}
    r = client.post("/api/quiz/neuron/check", json={"seed": 77, "reveal": False, "answers": {q.id: q.answer}})
    assert r.json()["results"][0]["correct"] is True
    assert "expected" not in r.json()["results"][0]


def test_by_default_the_answer_and_the_working_come_back(client: TestClient) -> None:
    q = first("neuron", 77)
    [res] = client.post("/api/quiz/neuron/check", json={"seed": 77, "answers": {q.id: 0}}).json()["results"]
    assert res["expected"] == pytest.approx(q.answer)
    assert res["worked"] == q.worked


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"seed": 1, "reveal": "false", "answers": {"weighted-sum": 1}}, ["body", "reveal"]),
        ({"seed": 1, "reveal": 0, "answers": {"weighted-sum": 1}}, ["body", "reveal"]),
        ({"seed": 1, "reveal": None, "answers": {"weighted-sum": 1}}, ["body", "reveal"]),
        ({"seed": 1, "answers": {"weighted-sum": 10**400}}, ["body", "answers", "weighted-sum"]),
        ({"seed": 1.5, "answers": {"weighted-sum": 1}}, ["body", "seed"]),
        ({"seed": 2**32, "answers": {"weighted-sum": 1}}, ["body", "seed"]),
    ],
)
def test_bad_input_is_422_naming_the_field(client: TestClient, body: dict, loc: list) -> None:
    r = client.post("/api/quiz/neuron/check", json=body)
    assert r.status_code == 422, r.text
    assert loc in [d["loc"][: len(loc)] for d in r.json()["detail"]], r.text


def test_a_whole_float_seed_is_that_seed(client: TestClient) -> None:
    q = first("neuron", 5)
    r = client.post("/api/quiz/neuron/check", json={"seed": 5.0, "answers": {q.id: q.answer}})
    assert r.status_code == 200
    assert r.json()["seed"] == 5 and r.json()["results"][0]["correct"]


def test_the_schema_documents_bounds_and_enums(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["components"]["schemas"]["CheckRequest"]["properties"]
    assert body["seed"]["minimum"] == 0 and body["seed"]["maximum"] == quiz.MAX_SEED
    assert "ge" not in body["seed"] and "le" not in body["seed"]
    assert body["reveal"]["type"] == "boolean" and body["reveal"]["default"] is True
    for path in ("/api/quiz/{lesson}", "/api/quiz/{lesson}/check"):
        op = next(iter(spec["paths"][path].values()))
        lesson = next(p for p in op["parameters"] if p["name"] == "lesson")
        assert lesson["schema"]["enum"] == list(quiz.LESSONS)
    result = spec["components"]["schemas"]["ResultOut"]
    assert set(result["required"]) == {"id", "correct", "given"}


def test_lesson_pages_render_their_links_with_the_quiz_code(client: TestClient) -> None:
    page = client.get("/learn/activations?seed=77").text
    for href in ("/learn/neuron?seed=77", "/learn/weights?seed=77", "/learn/training?seed=77", "/learn?seed=77"):
        assert f'href="{href}"' in page, href
    assert 'href="/learn/weights"' not in page
    index = client.get("/learn?seed=77").text
    assert 'href="/learn/network?seed=77"' in index


@pytest.mark.parametrize("junk", ["-1", "1.5", "abc", "1234567890", "<b>", "77&x=1"])
def test_a_bad_quiz_code_is_not_put_on_links(client: TestClient, junk: str) -> None:
    page = client.get("/learn/neuron", params={"seed": junk}).text
    assert 'href="/learn/activations"' in page
    assert "<b>" not in page.split("<main", 1)[-1]
