"""A teacher's ИОМ with the ЦНППМ tutor end to end through the gateway (issue 12 item 3, ADR 011): the regional
operator issues two tutors' logins; the school's curator opens a route for a teacher, records the teacher's consent and
assigns the first tutor (refused before the consent); the tutor sees exactly that route and works it — the roadmap, a
diagnosis, an item done, a comment — and nothing else of the school; the second tutor and another school get 404;
RouteStarted leaves monitoring with ids and facets only; the pages show the same."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.clock import today
from tests.support import Api, wait_until

AREAS = ("scientific", "legal", "subject", "psychological", "methodical", "digital", "upbringing", "health")


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область ИОМ {tag}", code=f"iom-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ ИОМ {tag}",
                                                code=f"iom-m-{tag}")
    schools = [registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                            name=f"Школа ИОМ {n} {tag}", code=f"iom-{n}-{tag}") for n in ("a", "b")]
    for n, school in zip(("a", "b"), schools, strict=True):
        auth.create_account(username=f"iom-{n}-{tag}", password=PASSWORD, display_name=f"Куратор {n}",
                            role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                            region_id=region.id)
    auth.create_account(username=f"iom-op-{tag}", password=PASSWORD, display_name="Оператор",
                        role=Role.REGIONAL_OPERATOR, region_id=region.id)
    return {"region_id": region.id, "school_a": schools[0].id, "school_a_name": schools[0].name,
            "curator_a": f"iom-a-{tag}", "curator_b": f"iom-b-{tag}", "operator": f"iom-op-{tag}", "tag": tag}


def _tutor_login(operator: Api, place: dict[str, str], n: int, stack: Any) -> tuple[Api, dict[str, Any]]:
    created = operator.post("/api/v1/first-logins", json={
        "role": "tutor", "target_id": place["region_id"], "display_name": f"Тьюторова Ирина {n}",
        "email": f"tutor{n}.{place['tag']}@cnppm.example"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["role"] == "tutor" and body["one_time_password"]
    return Api(stack.gateway_url).login(body["username"], body["one_time_password"]), body


def _route_started(stack: Any, route_id: str) -> dict[str, Any] | None:
    from sqlalchemy import create_engine, text

    admin = create_engine(stack.databases["monitoring"].admin_url)
    try:
        with admin.connect() as conn:
            row = conn.execute(text("SELECT envelope FROM outbox WHERE envelope->>'subject' = :s"
                                    " AND published_at IS NOT NULL"), {"s": f"routes/{route_id}"}).first()
    finally:
        admin.dispose()
    return dict(row.envelope) if row else None


def test_a_curator_opens_a_route_and_only_the_assigned_tutor_works_it(stack, place, login) -> None:  # type: ignore[no-untyped-def]
    operator, curator, other_school = login(place["operator"]), login(place["curator_a"]), login(place["curator_b"])
    tutor, _ = _tutor_login(operator, place, 1, stack)
    second, _ = _tutor_login(operator, place, 2, stack)
    # a school's curator issues no tutor logins
    assert curator.post("/api/v1/first-logins", json={"role": "tutor", "target_id": place["region_id"],
                                                      "display_name": "Х", "email": "x@y.example"}).status_code == 403

    teacher = curator.add_person("staff", last_name="Маршрутова")
    student = curator.add_person("student")
    refused = curator.post("/api/v1/routes", json={"teacher_person_id": student["id"], "years": 3,
                                                   "starts_on": "2026-09-01"})
    assert refused.status_code == 422 and "сотрудник" in refused.text
    too_short = curator.post("/api/v1/routes", json={"teacher_person_id": teacher["id"], "years": 3,
                                                     "starts_on": "2026-09-01"})
    assert too_short.status_code == 422 and "4 или 5 лет" in too_short.text
    assert curator.get("/api/v1/routes").json() == []  # nothing half-written

    made = curator.post("/api/v1/routes", json={"teacher_person_id": teacher["id"], "years": 5,
                                                "starts_on": "2026-09-01", "ideal_image": "Учитель-исследователь"})
    assert made.status_code == 201, made.text
    route = made.json()
    assert route["teacher_name"].startswith("Маршрутова") and route["ends_on"] == "2031-08-31"

    tutors = curator.get("/api/v1/routes/tutors").json()
    assert sorted(t["name"] for t in tutors) == ["Тьюторова Ирина 1", "Тьюторова Ирина 2"]
    first = next(t for t in tutors if t["name"].endswith("1"))
    url = f"/api/v1/routes/{route['id']}"
    no_consent = curator.post(f"{url}/tutor", json={"tutor_user_id": first["user_id"]})
    assert no_consent.status_code == 409 and "согласи" in no_consent.json()["detail"]
    stranger = curator.post(f"{url}/consent", json={"consent_on": "2026-08-30", "consent_document": "С-7"})
    assert stranger.status_code == 200 and stranger.json()["consent_document"] == "С-7"
    not_a_tutor = curator.post(f"{url}/tutor", json={"tutor_user_id": "someone-else"})
    assert not_a_tutor.status_code == 422
    assigned = curator.post(f"{url}/tutor", json={"tutor_user_id": first["user_id"]})
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["school_name"] == place["school_a_name"]

    # the tutor sees exactly his route; the second tutor and another school see nothing
    mine = tutor.get("/api/v1/routes").json()
    assert [r["id"] for r in mine] == [route["id"]] and mine[0]["teacher_name"].startswith("Маршрутова")
    assert second.get("/api/v1/routes").json() == []
    assert second.get(url).status_code == 404
    assert second.post(f"{url}/notes", json={"kind": "comment", "text": "чужой"}).status_code == 404
    assert other_school.get(url).status_code == 404
    # nothing else of the school: no persons, no pairs, no mentors; no managing the route
    for path in ("/api/v1/persons", "/api/v1/pairs", "/api/v1/mentors", "/api/v1/routes/tutors"):
        assert tutor.get(path).status_code == 403, path
    assert tutor.post(f"{url}/consent", json={"consent_on": "2026-08-30", "consent_document": "x"}).status_code == 403

    # the tutor works the route
    item = tutor.post(f"{url}/items", json={"year": 1, "title": "Курсы ДПО «Формирующее оценивание»",
                                            "form": "courses", "due_on": today().isoformat()
                                            if today().isoformat() >= "2026-09-01" else "2026-09-15",
                                            "product": "Удостоверение"})
    assert item.status_code == 200, item.text
    late = tutor.post(f"{url}/items", json={"year": 1, "title": "Стажировка", "form": "internship",
                                            "due_on": "2028-01-10"})
    assert late.status_code == 422 and "1-го года" in late.text
    scores = [{"area": a, "score": 2, "comment": ""} for a in AREAS]
    assert tutor.post(f"{url}/diagnoses", json={"taken_on": today().isoformat(), "scores": scores}).status_code == 200
    bad = tutor.post(f"{url}/diagnoses", json={"taken_on": today().isoformat(),
                                               "scores": [{**s, "score": 6} for s in scores]})
    assert bad.status_code == 422 and "от 1 до 5" in bad.text
    item_id = item.json()["items"][0]["id"]
    done = tutor.post(f"{url}/items/{item_id}/status", json={"status": "done", "product": "Удостоверение № 123"})
    assert done.status_code == 200 and done.json()["items"][0]["status"] == "done"
    noted = tutor.post(f"{url}/notes", json={"kind": "comment", "text": "Хорошее начало маршрута"})
    assert noted.status_code == 200
    seen = curator.get(url).json()
    assert seen["notes"][0]["author_role"] == "tutor" and seen["notes"][0]["author_name"] == "Тьюторова Ирина 1"
    assert len(seen["diagnoses"]) == 1 and seen["items"][0]["product"] == "Удостоверение № 123"

    # RouteStarted leaves monitoring with ids and facets, never a name
    started = wait_until(lambda: _route_started(stack, route["id"]), timeout=30, what="RouteStarted published")
    assert started["type"] == "mentorship.monitoring.route_started.v1"
    assert "Маршрутова" not in str(started) and place["school_a_name"] not in str(started)

    # reporting counts the route started and the item done for the school, its municipality and the region
    def counted() -> dict[str, int] | None:
        totals = operator.get("/api/v1/indicators/participants").json()["totals"]
        return totals if totals.get("route") == 1 and totals.get("route.item.done") == 1 else None
    wait_until(counted, timeout=30, what="the route counted by reporting")
    row = next(r for r in curator.get("/api/v1/indicators/participants").json()["rows"]
               if r["unit_id"] == place["school_a"])
    assert row["counts"]["route"] == 1 and row["counts"]["route.item.done"] == 1
    assert "Начато маршрутов" in operator.get("/indicators").text

    # the pages: the curator's list and the route with its chart; the tutor's list; 404 for the second tutor
    listing = curator.get("/school/routes")
    assert listing.status_code == 200 and "Маршрутова" in listing.text and "Тьюторова Ирина 1" in listing.text
    page = curator.get(f"/routes/{route['id']}")
    assert page.status_code == 200 and "<svg" in page.text and 'id="diagnosis-table"' in page.text
    assert 'id="tutor-form"' in page.text
    tutor_list = tutor.get("/tutor/routes")
    assert tutor_list.status_code == 200 and "Маршрутова" in tutor_list.text
    assert place["school_a_name"] in tutor_list.text
    tutor_page = tutor.get(f"/routes/{route['id']}")
    assert tutor_page.status_code == 200 and 'id="tutor-form"' not in tutor_page.text
    assert 'id="note-form"' in tutor_page.text
    assert second.get(f"/routes/{route['id']}").status_code == 404
    assert "Маршрутова" not in second.get("/tutor/routes").text
    assert tutor.get("/school/persons").status_code == 403
