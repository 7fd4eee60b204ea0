"""Virtual mentoring across organisations, end to end through the gateway (ADR 009, issue 11 item 2): a
region-wide run over schools of two municipalities proposes mentors of other schools; the regional and municipal
answers and pages carry counts and public profiles only — no student's name or id, in JSON, HTML or the matching
tables; each school sees and decides its own offer; an acceptance is a virtual pair that the registry and
reporting follow; a decline keeps its reason; a municipal curator cannot run over another municipality."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from gateway.demo import PEOPLE
from tests.support import Api, unique_name, wait_until

DEMO_STUDENTS = [f"{last} {first}" for people in PEOPLE.values() for kind, last, first, *_ in people
                 if kind == "student"]


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область вирт {tag}", code=f"virt-r-{tag}")
    m1 = registry.create_municipality(admin, region_id=region.id, name=f"Округ 1 {tag}", code=f"virt-m1-{tag}")
    m2 = registry.create_municipality(admin, region_id=region.id, name=f"Округ 2 {tag}", code=f"virt-m2-{tag}")
    place: dict[str, Any] = {"region_id": region.id, "m1": m1.id, "m2": m2.id}
    for key, municipality in (("a", m1), ("b", m1), ("c", m2)):
        school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                              name=f"Школа {key.upper()} {tag}", code=f"virt-{key}-{tag}")
        auth.create_account(username=f"virt-{key}-{tag}", password=PASSWORD, display_name="Куратор",
                            role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                            region_id=region.id)
        place[key] = {"org_id": school.id, "curator": f"virt-{key}-{tag}"}
    auth.create_account(username=f"virt-mun-{tag}", password=PASSWORD, display_name="Муниципалитет",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=m1.id, region_id=region.id)
    auth.create_account(username=f"virt-reg-{tag}", password=PASSWORD, display_name="Регион",
                        role=Role.REGIONAL_OPERATOR, region_id=region.id)
    place["municipal"], place["operator"] = f"virt-mun-{tag}", f"virt-reg-{tag}"
    return place


def _public_mentor(curator: Api, subject: str, capacity: int) -> dict[str, Any]:
    mentor = curator.register_mentor("teacher", capacity=capacity, subjects=[subject])
    person = curator.get(f"/api/v1/persons/{mentor['person_id']}").json()["person"]
    curator.give_consent(person, "regional_base")
    return mentor


def _request(curator: Api, topic: str) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name("Ученик"), class_name="6А")
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["low_results"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": [topic],
                                                  "desired_form": "teacher_pupil", "source": "classroom_teacher"})
    assert made.status_code == 201, made.text
    return {"person": person, "mentee": mentee.json(), "request": made.json(),
            "name": person["full_name"]}


def _leaks(raw: str, students: list[dict[str, Any]]) -> list[str]:
    """Any student's name or any id that points at a student (person, mentee, request) found in ``raw``."""
    marks = [*DEMO_STUDENTS, *(s["name"] for s in students), *(s["person"]["data"]["last_name"] for s in students),
             *(s[k]["id"] for s in students for k in ("person", "mentee", "request"))]
    return [m for m in marks if m in raw]


def test_a_region_wide_run_never_exposes_a_student_outside_the_school(place, login, stack) -> None:  # type: ignore[no-untyped-def]
    a, b, c = (login(place[k]["curator"]) for k in "abc")
    operator, municipal = login(place["operator"]), login(place["municipal"])
    mentor_b = _public_mentor(b, "Математика", capacity=3)  # M1, school B
    mentor_c = _public_mentor(c, "Физика", capacity=1)  # M2, school C
    students_a = [_request(a, "Математика"), _request(a, "Математика")]
    students_c = [_request(c, "Математика")]
    students = students_a + students_c

    started = operator.post("/api/v1/matching/regional-runs", json={})
    assert started.status_code == 201, started.text
    run = started.json()
    assert not _leaks(started.text, students), "a student's name or id reached the regional operator"
    assert run["scope"] == "region" and run["requests"] == 3 and run["proposed"] == 3
    counts = {s["org_id"]: (s["requests"], s["proposed"], s["accepted"], s["declined"]) for s in run["schools"]}
    assert counts == {place["a"]["org_id"]: (2, 2, 0, 0), place["c"]["org_id"]: (1, 1, 0, 0)}
    for raw in (operator.get(f"/api/v1/matching/regional-runs/{run['id']}").text,
                operator.get("/api/v1/matching/regional-runs").text,
                operator.get("/virtual-matching").text, operator.get(f"/virtual-matching/{run['id']}").text):
        assert not _leaks(raw, students)
    assert "Предложено" in operator.get(f"/virtual-matching/{run['id']}").text

    # SQL level: the matching tables of the regional run hold no student's person, mentee or request id or name.
    engine = create_engine(stack.databases["matching"].admin_url)
    try:
        with engine.connect() as conn:
            dumped = " ".join(str(row) for table in ("regional_runs", "regional_offers", "regional_offer_items")
                              for row in conn.execute(text(f"SELECT * FROM {table} WHERE "
                                                           f"{'id' if table == 'regional_runs' else 'run_id'} = :r"),
                                                      {"r": run["id"]}))
    finally:
        engine.dispose()
    assert run["id"] in dumped and not _leaks(dumped, students)

    # Each school sees its own offer only, with its own mentees' names resolved inside the school.
    offer_a = a.get(f"/api/v1/matching/offers/{run['id']}")
    assert offer_a.status_code == 200, offer_a.text
    items = {i["mentee_name"]: i for i in offer_a.json()["items"]}
    assert set(items) == {s["name"] for s in students_a}
    assert {i["mentor_id"] for i in items.values()} == {mentor_b["id"]}, "school A's own mentor-less: B's mentor"
    assert not _leaks(offer_a.text, students_c)
    assert b.get(f"/api/v1/matching/offers/{run['id']}").status_code == 404
    offer_c = c.get(f"/api/v1/matching/offers/{run['id']}").json()
    assert [i["mentee_name"] for i in offer_c["items"]] == [students_c[0]["name"]]
    assert offer_c["items"][0]["mentor_id"] == mentor_b["id"], "C's own mentor is never proposed to C"
    assert mentor_c["id"] not in offer_a.text + str(offer_c)
    page = a.get(f"/school/virtual-offers/{run['id']}").text
    assert students_a[0]["name"] in page and students_c[0]["name"] not in page
    assert "могут получить наставника из другой организации" in a.get("/school/virtual-offers").text

    # School A accepts one and declines the other.
    first, second = students_a
    token = {name: i["token"] for name, i in items.items()}
    refused = a.post(f"/api/v1/matching/offers/{run['id']}/decisions",
                     json={"decisions": [{"token": token[second["name"]], "accept": False}]})
    assert refused.status_code == 422 and "причину" in refused.text
    decided = a.post(f"/api/v1/matching/offers/{run['id']}/decisions", json={
        "version": offer_a.json()["version"], "term_months": 6,
        "decisions": [{"token": token[first["name"]], "accept": True},
                      {"token": token[second["name"]], "accept": False, "reason": "Нужны очные занятия"}]})
    assert decided.status_code == 200, decided.text
    (pair,) = decided.json()["pairs"]
    assert pair["kind"] == "virtual" and pair["request_id"] == first["request"]["id"]
    assert pair["mentor_id"] == mentor_b["id"] and pair["mentee_name"] == first["name"]
    again = a.post(f"/api/v1/matching/offers/{run['id']}/decisions",
                   json={"decisions": [{"token": token[first["name"]], "accept": True}]})
    assert again.status_code == 409, again.text

    def status_of(student: dict[str, Any]) -> dict[str, Any]:
        listed = a.get("/api/v1/requests", params={"mentee_id": student["mentee"]["id"]}).json()["requests"]
        return next(r for r in listed if r["id"] == student["request"]["id"])

    matched = wait_until(lambda: (s := status_of(first))["status"] == "matched" and s, timeout=30,
                         what="the request matched by the registry's consumer")
    assert matched["pair_id"] == pair["id"] and status_of(second)["status"] == "open"
    declined = next(i for i in a.get(f"/api/v1/matching/offers/{run['id']}").json()["items"]
                    if i["token"] == token[second["name"]])
    assert declined["decision"] == "declined" and declined["reason"] == "Нужны очные занятия"

    def virtual_pairs() -> dict[str, Any] | None:
        found = operator.get("/api/v1/indicators/pairs", params={"grouping": "municipality"})
        assert found.status_code == 200, found.text
        body = found.json()
        return body if body["totals"]["by_kind"].get("virtual") == 1 else None

    wait_until(virtual_pairs, timeout=30, what="reporting's count of virtual pairs")
    after = operator.get(f"/api/v1/matching/regional-runs/{run['id']}")
    counts = {s["org_id"]: (s["proposed"], s["accepted"], s["declined"]) for s in after.json()["schools"]}
    assert counts == {place["a"]["org_id"]: (2, 1, 1), place["c"]["org_id"]: (1, 0, 0)}
    assert not _leaks(after.text + operator.get(f"/virtual-matching/{run['id']}").text, students)

    # The municipal curator: its own municipality only; another municipality is refused.
    other = municipal.post("/api/v1/matching/regional-runs", json={"municipality_id": place["m2"]})
    assert other.status_code == 403, other.text
    own = municipal.post("/api/v1/matching/regional-runs", json={})
    assert own.status_code == 201, own.text
    assert own.json()["scope"] == "municipality" and own.json()["municipality_id"] == place["m1"]
    assert {s["org_id"] for s in own.json()["schools"]} == {place["a"]["org_id"]}
    assert own.json()["requests"] == 1, "the accepted request is no longer open; C is in another municipality"
    assert not _leaks(own.text + municipal.get("/virtual-matching").text, students)
    assert municipal.get(f"/api/v1/matching/regional-runs/{run['id']}").status_code == 404
    assert a.post("/api/v1/matching/regional-runs", json={}).status_code == 403
    assert operator.get(f"/api/v1/matching/offers/{run['id']}").status_code == 403

    # The pages: school C declines through its form (a reason is required); the operator starts a run from its own.
    from tests.e2e.test_pages import _hidden_csrf, _sign_in

    school_c = _sign_in(stack, place["c"]["curator"])
    try:
        page = school_c.get(f"/school/virtual-offers/{run['id']}")
        assert page.status_code == 200 and "<script" not in page.text.lower() and students_c[0]["name"] in page.text
        token_c = offer_c["items"][0]["token"]
        form = {"csrf_token": _hidden_csrf(page.text), "version": str(offer_c["version"]), "reporting": "monthly",
                "term_months": "9", f"choice-{token_c}": "decline", f"reason-{token_c}": ""}
        asked = school_c.post(f"/school/virtual-offers/{run['id']}", data=form)
        assert asked.status_code == 422 and "Укажите причину отказа" in asked.text
        done = school_c.post(f"/school/virtual-offers/{run['id']}", data={**form, f"reason-{token_c}": "Есть свой"})
        assert done.status_code == 303, done.text[-2000:]
        assert "Отклонено: Есть свой" in school_c.get(done.headers["location"]).text
    finally:
        school_c.close()
    regional_page = _sign_in(stack, place["operator"])
    try:
        form_page = regional_page.get("/virtual-matching")
        started_page = regional_page.post("/virtual-matching", data={"csrf_token": _hidden_csrf(form_page.text),
                                                                     "objective": "max_score"})
        assert started_page.status_code == 303, started_page.text[-2000:]
        shown = regional_page.get(started_page.headers["location"]).text
        assert "Подбор выполнен" in shown and not _leaks(shown, students)
    finally:
        regional_page.close()
    final = {s["org_id"]: (s["proposed"], s["accepted"], s["declined"])
             for s in operator.get(f"/api/v1/matching/regional-runs/{run['id']}").json()["schools"]}
    assert final[place["c"]["org_id"]] == (1, 0, 1)
