"""Bad input is refused with 422 and a Russian message, and nothing is written."""

from __future__ import annotations

import pytest

VALID = {"kind": "staff", "last_name": "Корректный", "first_name": "Наставник", "hired_on": "2012-09-01",
         "position": "Учитель"}

CASES = [
    ({"last_name": ""}, "last_name", "Заполните поле «Фамилия»"),
    ({"last_name": "   "}, "last_name", "Заполните поле «Фамилия»"),
    ({"kind": "alien"}, "kind", "недопустимое значение"),
    ({"last_name": "Я" * 101}, "last_name", "не длиннее 100"),
    ({"last_name": "Я" * 50_000}, "last_name", "слишком длинное значение"),
    ({"last_name": "Имя\x00Фамилия"}, "last_name", "недопустимые символы"),
    ({"last_name": "R2-D2"}, "last_name", "только буквы"),
    ({"hired_on": "32.13.2020"}, "hired_on", "такой даты не существует (32.13.2020)"),
    ({"hired_on": "2020/12/31"}, "hired_on", "ДД.ММ.ГГГГ"),
    ({"hired_on": "2999-01-01"}, "hired_on", "вне допустимого диапазона"),
    ({"hired_on": ""}, "hired_on", "Заполните поле «Дата приёма на работу»"),
    ({"email": "not-an-email"}, "email", "E-mail"),
    ({"class_name": "7Б"}, "class_name", "только для обучающихся"),
    ({"unexpected": 1}, "unexpected", "неизвестное поле"),
]


@pytest.mark.parametrize(("change", "field", "message"), CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)])
def test_bad_person_is_refused_and_not_written(tenants, login, change, field, message) -> None:
    curator = login(tenants.curator_a)
    before = curator.get("/api/v1/persons").json()["total"]
    response = curator.post("/api/v1/persons", json={**VALID, **change})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"]
    problem = next(e for e in body["errors"] if e["field"].startswith(field))
    assert message in problem["message"]
    assert curator.get("/api/v1/persons").json()["total"] == before


CARD_CASES = [
    ({"capacity": 0}, "capacity", "от 1 до 30"),
    ({"capacity": 1000}, "capacity", "от 1 до 30"),
    ({"capacity": "много"}, "capacity", "нужно целое число"),
    ({"origin": "alien"}, "origin", "недопустимое значение"),
    ({"origin": "student"}, "origin", "должен быть обучающимся"),
    ({"subjects": ["x" * 101]}, "subjects", "не длиннее 100"),
    ({"subjects": [f"предмет {i}" for i in range(31)]}, "subjects", "не больше 30"),
    ({"competencies": ["Телепатия"]}, "competencies", "Нет в словаре компетенций"),
    ({"hours_per_month": -1}, "hours_per_month", "от 0 до 200"),
]


@pytest.mark.parametrize(("change", "field", "message"), CARD_CASES,
                         ids=[c[1] + str(i) for i, c in enumerate(CARD_CASES)])
def test_bad_mentor_card_is_refused_and_not_written(tenants, login, change, field, message) -> None:
    curator = login(tenants.curator_a)
    person = curator.consenting_person("staff")
    response = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "teacher", "capacity": 2,
                                                     **change})
    assert response.status_code == 422, response.text
    problem = next(e for e in response.json()["errors"] if e["field"].startswith(field))
    assert message in problem["message"]
    assert curator.get(f"/api/v1/persons/{person['id']}").json()["mentor"] is None


def test_every_problem_is_reported_at_once(tenants, login) -> None:
    curator = login(tenants.curator_a)
    response = curator.post("/api/v1/persons", json={**VALID, "last_name": "", "hired_on": "вчера"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"last_name", "hired_on"}


def test_broken_json_and_huge_bodies_are_client_errors(tenants, login) -> None:
    curator = login(tenants.curator_a)
    broken = curator.post("/api/v1/persons", content=b"{not json", headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    huge = curator.post("/api/v1/persons", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"})
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


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/api/v1/persons?query=%00", None),
    ("GET", "/api/v1/mentees?query=a%00b", None),
    ("GET", "/api/v1/regional-mentors?query=%00", None),
    ("GET", "/api/v1/persons?class_name=%00", None),
    ("GET", "/api/v1/imports/00000000-0000-0000-0000-000000000000?errors_offset=99999999999", None),
    ("POST", "/api/v1/mentors", {"person_id": "00000000-0000-0000-0000-000000000000", "origin": "teacher",
                                 "capacity": 100_000_000_000}),
    ("PUT", "/api/v1/mentees/00000000-0000-0000-0000-000000000000", {"categories": ["gifted"], "version": 2**70}),
    ("PUT", "/api/v1/mentees/00000000-0000-0000-0000-000000000000", {"categories": ["gifted"], "version": 0}),
])
def test_odd_but_possible_input_is_a_client_error_never_a_server_error(tenants, login, method, path, body) -> None:
    response = login(tenants.curator_a).request(method, path, json=body)
    assert response.status_code < 500, (path, response.status_code, response.text[:200])
    if response.status_code != 200:
        assert response.json()["detail"]


def test_a_page_token_with_a_nul_inside_is_refused(tenants, login) -> None:
    import base64
    import json

    token = base64.urlsafe_b64encode(json.dumps(["a\x00b", "00000000-0000-0000-0000-000000000000"]).encode()).decode()
    response = login(tenants.curator_a).get("/api/v1/persons", params={"page_token": token})
    assert response.status_code == 422


BOGUS = "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize("user", ["curator_a", "mun_1"])
@pytest.mark.parametrize(("method", "path", "body"), [
    ("PUT", f"/api/v1/documents/{BOGUS}/draft", {"revision": 2**31, "content": {}}),
    ("POST", f"/api/v1/documents/{BOGUS}/submit", {"revision": 2**31}),
    ("POST", f"/api/v1/documents/{BOGUS}/submit", {"revision": -(2**31) - 1}),
    ("POST", f"/api/v1/documents/{BOGUS}/approve", {"revision": 2**40}),
    ("POST", f"/api/v1/documents/{BOGUS}/return", {"revision": 2**63, "comments": []}),
])
def test_a_revision_out_of_range_is_a_client_error(tenants, login, user, method, path, body) -> None:
    """Issue 10 item 4: a revision above int32 crashed the gateway when it was put into the proto."""
    response = login(getattr(tenants, user)).request(method, path, json=body)
    assert response.status_code in (403, 422), (response.status_code, response.text[:300])
    assert response.json()["detail"]


def test_a_document_form_with_a_huge_revision_is_a_client_error(stack, tenants) -> None:
    import re

    import httpx

    from tests.conftest import PASSWORD

    client = httpx.Client(base_url=stack.gateway_url)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": tenants.curator_a, "password": PASSWORD, "csrf_token": token})
    page = client.get("/school/persons")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post(f"/documents/{BOGUS}", data={"csrf_token": csrf, "action": "submit",
                                                         "revision": str(2**40)})
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    client.close()


def test_a_questionnaire_with_a_thousand_bad_questions_is_refused_with_its_first_problems(tenants, login) -> None:  # type: ignore[no-untyped-def]
    """Every problem of a big form cannot travel back through gRPC's bounded trailers: the first ones do, with how
    many are left — a 422, never the internal error it used to be."""
    curator = login(tenants.curator_a)
    before = len(curator.get("/api/v1/questionnaires").json()["questionnaires"])
    bad = {"kind": "?\x0c", "text": "", "options": ["-\x00"]}
    body = {"title": "", "purpose": "x", "forms": ["y"],
            "sections": [{"title": "", "questions": [bad] * 100} for _ in range(10)]}
    response = curator.post("/api/v1/questionnaires", json=body)
    assert response.status_code == 422, response.text
    messages = [e["message"] for e in response.json()["errors"]]
    assert messages[0] == "Укажите название анкеты" and "…и ещё замечаний" in messages[-1]
    assert len(curator.get("/api/v1/questionnaires").json()["questionnaires"]) == before
