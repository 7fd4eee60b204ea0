"""Bad input is refused with 422 and a Russian message, and nothing is written."""

from __future__ import annotations

import pytest

VALID = {"full_name": "Корректный Наставник", "origin": "teacher", "capacity": 3}

CASES = [
    ({"full_name": ""}, "full_name", "Заполните поле «ФИО»"),
    ({"full_name": "   "}, "full_name", "Заполните поле «ФИО»"),
    ({"origin": "alien"}, "origin", "недопустимое значение"),
    ({"capacity": 0}, "capacity", "от 1 до 30"),
    ({"capacity": 1000}, "capacity", "от 1 до 30"),
    ({"capacity": "много"}, "capacity", "нужно целое число"),
    ({"full_name": "Я" * 201}, "full_name", "не длиннее 200"),
    ({"full_name": "Я" * 50_000}, "full_name", "слишком длинное значение"),
    ({"subjects": ["x" * 101]}, "subjects", "не длиннее 100"),
    ({"subjects": [f"предмет {i}" for i in range(31)]}, "subjects", "не больше 30"),
    ({"full_name": "Имя\x00Фамилия"}, "full_name", "недопустимые символы"),
    ({"unexpected": 1}, "unexpected", "неизвестное поле"),
]


@pytest.mark.parametrize(("change", "field", "message"), CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)])
def test_bad_mentor_is_refused_and_not_written(tenants, login, change, field, message) -> None:
    curator = login(tenants.curator_a)
    before = curator.get("/api/v1/mentors").json()["total"]
    response = curator.post("/api/v1/mentors", json={**VALID, **change})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"]
    problem = next(e for e in body["errors"] if e["field"].startswith(field))
    assert message in problem["message"]
    assert curator.get("/api/v1/mentors").json()["total"] == before


def test_every_problem_is_reported_at_once(tenants, login) -> None:
    curator = login(tenants.curator_a)
    response = curator.post("/api/v1/mentors", json={"full_name": "", "origin": "teacher", "capacity": 0})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"full_name", "capacity"}


def test_broken_json_and_huge_bodies_are_client_errors(tenants, login) -> None:
    curator = login(tenants.curator_a)
    broken = curator.post("/api/v1/mentors", content=b"{not json", headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    huge = curator.post("/api/v1/mentors", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"})
    assert huge.status_code == 413
    assert "Слишком большой запрос" in huge.json()["detail"]


def test_structure_conflicts_and_unknown_parents_are_explained(tenants, login) -> None:
    admin = login(tenants.admin)
    duplicate = admin.post("/api/v1/organisations", json={"municipality_id": tenants.m1_id, "name": "Дубль",
                                                           "kind": "school", "code": "a-" + tenants.curator_a[-8:]})
    assert duplicate.status_code == 409
    assert "уже есть" in duplicate.json()["detail"]
    unknown = admin.post("/api/v1/organisations", json={"municipality_id": "00000000-0000-0000-0000-000000000000",
                                                         "name": "Где-то", "kind": "school", "code": "nowhere-1"})
    assert unknown.status_code == 404
    malformed = admin.post("/api/v1/organisations", json={"municipality_id": "not-a-uuid", "name": "Где-то",
                                                           "kind": "school", "code": "nowhere-2"})
    assert malformed.status_code == 422
