"""The outer contour at work through the gateway (issue 15 items 5-8, ADR 024), on a region of its own: municipality
M1 with schools A and C, M2 with school B, and a second region with school D.

- the regional base of programs: A publishes its approved program, every tier of the region finds it, D's region
  does not; a draft is refused; withdrawing takes it out;
- agreements and courses: the region's and M1's agreements, A's external mentor refers to one; the region schedules
  a 36-hour course, M1 asks seats for A, A enrols its mentor and records completion — the card's «обучение» and the
  ``mentor.trained`` count follow; M2 sees no seats of M1's schools and cannot ask for them;
- Школа молодого учителя: M1's 3-year plan, a session held, A marks its teacher; M1 reads the count, not the name;
- risks: M1 and the region read signals per school, M2 does not see M1's schools; the mitigation log."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest

from tests.clock import today
from tests.support import Api, wait_until


@pytest.fixture(scope="module")
def region(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    r = registry.create_region(admin, name=f"Область баз {tag}", code=f"ow-r-{tag}")
    m1 = registry.create_municipality(admin, region_id=r.id, name=f"Первый округ {tag}", code=f"ow-m1-{tag}")
    m2 = registry.create_municipality(admin, region_id=r.id, name=f"Второй округ {tag}", code=f"ow-m2-{tag}")
    a = registry.create_organisation(admin, municipality_id=m1.id, kind="school", name=f"Школа А {tag}",
                                     code=f"ow-a-{tag}")
    c = registry.create_organisation(admin, municipality_id=m1.id, kind="school", name=f"Школа В {tag}",
                                     code=f"ow-c-{tag}")
    b = registry.create_organisation(admin, municipality_id=m2.id, kind="school", name=f"Школа Б {tag}",
                                     code=f"ow-b-{tag}")
    r2 = registry.create_region(admin, name=f"Другая область {tag}", code=f"ow-r2-{tag}")
    m3 = registry.create_municipality(admin, region_id=r2.id, name=f"Третий округ {tag}", code=f"ow-m3-{tag}")
    d = registry.create_organisation(admin, municipality_id=m3.id, kind="school", name=f"Школа Г {tag}",
                                     code=f"ow-d-{tag}")
    accounts = {
        "curator_a": (Role.SCHOOL_CURATOR, {"org_id": a.id, "municipality_id": m1.id, "region_id": r.id}),
        "curator_b": (Role.SCHOOL_CURATOR, {"org_id": b.id, "municipality_id": m2.id, "region_id": r.id}),
        "curator_d": (Role.SCHOOL_CURATOR, {"org_id": d.id, "municipality_id": m3.id, "region_id": r2.id}),
        "mun_1": (Role.MUNICIPAL_CURATOR, {"municipality_id": m1.id, "region_id": r.id}),
        "mun_2": (Role.MUNICIPAL_CURATOR, {"municipality_id": m2.id, "region_id": r.id}),
        "region_op": (Role.REGIONAL_OPERATOR, {"region_id": r.id}),
        "department": (Role.REGIONAL_DEPARTMENT, {"region_id": r.id}),
        "tutor": (Role.TUTOR, {"region_id": r.id}),
    }
    names = {}
    for name, (role, homes) in accounts.items():
        names[name] = f"ow-{name}-{tag}"
        auth.create_account(username=names[name], password=PASSWORD, display_name=name, role=role, **homes)
    return {**names, "region_id": r.id, "m1": m1.id, "m2": m2.id, "a": a.id, "b": b.id, "c": c.id, "d": d.id,
            "tag": tag}


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _refused(response: Any, status: int, text: str = "") -> None:
    assert response.status_code == status, response.text
    assert text in response.json()["detail"], response.json()


def _approved_program(curator: Api, municipality: Api) -> dict[str, Any]:
    doc = _ok(curator.post("/api/v1/documents", json={"kind": "program"}))
    doc = _ok(curator.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": doc["revision"]}))
    return dict(_ok(municipality.post(f"/api/v1/documents/{doc['id']}/approve", json={"revision": doc["revision"]})))


def test_the_regional_base_of_programs(region, login) -> None:  # type: ignore[no-untyped-def]
    curator, m1 = login(region["curator_a"]), login(region["mun_1"])
    doc = _ok(curator.post("/api/v1/documents", json={"kind": "program"}))
    url = f"/api/v1/programs/{doc['id']}/publication"
    body = {"forms": ["teacher_teacher", "student_student"], "summary": "Наставничество молодых педагогов"}
    _refused(curator.put(url, json=body), 409, "только утверждённая")
    doc = _ok(curator.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": doc["revision"]}))
    _ok(m1.post(f"/api/v1/documents/{doc['id']}/approve", json={"revision": doc["revision"]}))
    _refused(curator.put(url, json={**body, "forms": ["nonsense"]}), 422, "Неизвестная форма")
    _refused(m1.put(url, json=body), 403)  # the school chooses to publish, not its municipality
    _refused(login(region["curator_b"]).put(url, json=body), 404)  # another school's program
    published = _ok(curator.put(url, json=body))
    assert published["approved_version"] == 1 and published["forms"] == ["teacher_teacher", "student_student"]
    assert published["organisation_name"].startswith("Школа А") and published["sections"][0]["title"]

    for reader in ("curator_b", "mun_2", "region_op", "department", "tutor"):
        found = _ok(login(region[reader]).get("/api/v1/program-base", params={"query": region["tag"]}))
        assert [p["document_id"] for p in found["programs"]] == [doc["id"]], reader
        assert found["programs"][0]["sections"] == []  # the list carries no text; the card does
    assert _ok(login(region["mun_2"]).get(f"/api/v1/program-base/{doc['id']}"))["sections"]
    other = login(region["curator_d"])
    assert _ok(other.get("/api/v1/program-base", params={"query": region["tag"]}))["programs"] == []
    _refused(other.get(f"/api/v1/program-base/{doc['id']}"), 404)

    mun_2 = login(region["mun_2"])
    by_form = _ok(mun_2.get("/api/v1/program-base", params={"form": "teacher_teacher",
                                                            "municipality_id": region["m1"]}))
    assert doc["id"] in [p["document_id"] for p in by_form["programs"]]
    assert _ok(mun_2.get("/api/v1/program-base", params={"form": "team_team", "query": region["tag"]}))["total"] == 0

    assert curator.delete(url).status_code == 204
    assert _ok(mun_2.get("/api/v1/program-base", params={"query": region["tag"]}))["total"] == 0
    _refused(curator.delete(url), 404)


def test_agreements_and_the_external_mentors_reference(region, login) -> None:  # type: ignore[no-untyped-def]
    regional, m1, m2, curator = (login(region[n]) for n in ("region_op", "mun_1", "mun_2", "curator_a"))
    agreement = {"number": f"С-{region['tag']}", "signed_on": today().isoformat(), "kind": "with_operator",
                 "parties": ["АУ «Институт развития образования»", "Школа А"], "subject": "Наставничество",
                 "valid_from": today().isoformat(), "valid_until": (today() + timedelta(days=365)).isoformat()}
    _refused(regional.post("/api/v1/agreements", json={**agreement, "parties": ["одна сторона"]}), 422,
             "не меньше двух")
    _refused(regional.post("/api/v1/agreements", json={**agreement, "valid_until": "2000-01-01"}), 422)
    of_region = _ok(regional.post("/api/v1/agreements", json=agreement))
    assert (of_region["state"], of_region["municipality_id"]) == ("active", "")
    _refused(regional.post("/api/v1/agreements", json=agreement), 409, "уже есть")
    of_m1 = _ok(m1.post("/api/v1/agreements", json={**agreement, "kind": "with_employer",
                                                      "parties": ["Управление образования", "ООО «Завод»"]}))
    assert of_m1["municipality_id"] == region["m1"]
    _refused(curator.post("/api/v1/agreements", json=agreement), 403)

    seen_by_school = {a["id"] for a in _ok(curator.get("/api/v1/agreements"))["agreements"]}
    assert {of_region["id"], of_m1["id"]} <= seen_by_school
    assert of_m1["id"] not in {a["id"] for a in _ok(m2.get("/api/v1/agreements"))["agreements"]}
    assert of_m1["id"] in {a["id"] for a in _ok(regional.get("/api/v1/agreements"))["agreements"]}
    _refused(m2.post(f"/api/v1/agreements/{of_m1['id']}/end", json={"ended_on": today().isoformat()}), 404)
    _refused(regional.post(f"/api/v1/agreements/{of_m1['id']}/end", json={"ended_on": today().isoformat()}), 403)

    mentor = curator.register_mentor("employer")
    assert mentor["pairable"] is False
    linked = _ok(curator.put(f"/api/v1/mentors/{mentor['id']}/cooperation-agreement",
                             json={"agreement_id": of_m1["id"]}))
    assert (linked["agreement_number"], linked["agreement_date"]) == (of_m1["number"], of_m1["signed_on"])
    card = _mentor(curator, mentor)
    assert card["agreement_number"] == of_m1["number"] and card["pairable"] is True

    ended = _ok(m1.post(f"/api/v1/agreements/{of_m1['id']}/end", json={"ended_on": today().isoformat()}))
    assert ended["state"] == "ended"
    assert of_m1["id"] not in {a["id"] for a in _ok(curator.get("/api/v1/agreements",
                                                                  params={"active_only": True}))["agreements"]}
    other = curator.register_mentor("employer")
    _refused(curator.put(f"/api/v1/mentors/{other['id']}/cooperation-agreement", json={"agreement_id": of_m1["id"]}),
             409, "не действует")
    _refused(login(region["curator_b"]).put(f"/api/v1/mentors/{mentor['id']}/cooperation-agreement",
                                            json={"agreement_id": of_region["id"]}), 404)


def _mentor(curator: Api, mentor: dict[str, Any]) -> dict[str, Any]:
    return dict(_ok(curator.get(f"/api/v1/persons/{mentor['person_id']}"))["mentor"])


def _trained_count(curator: Api) -> int | None:
    rows = _ok(curator.get("/api/v1/indicators/participants", params={"grouping": "organisation"}))["rows"]
    return rows[0]["counts"].get("mentor.trained", 0) if rows else None


def test_a_course_from_schedule_to_completion(region, login) -> None:  # type: ignore[no-untyped-def]
    regional, m1, m2, curator = (login(region[n]) for n in ("region_op", "mun_1", "mun_2", "curator_a"))
    course = {"title": f"Наставничество в школе {region['tag']}", "study_form": "заочная",
              "starts_on": (today() - timedelta(days=10)).isoformat(),
              "ends_on": (today() + timedelta(days=20)).isoformat(), "seats": 3}
    _refused(m1.post("/api/v1/courses", json=course), 403)
    _refused(regional.post("/api/v1/courses", json={**course, "ends_on": "2000-01-01"}), 422)
    made = _ok(regional.post("/api/v1/courses", json=course))
    assert (made["hours"], made["provider"], made["seats_asked"]) == (36, "ЦНППМ", 0)

    seats = f"/api/v1/courses/{made['id']}/seats"
    _refused(m1.put(seats, json={"schools": [{"org_id": region["a"], "seats": 4}]}), 409, "3 мест")
    _refused(m1.put(seats, json={"schools": [{"org_id": region["b"], "seats": 1}]}), 403, "вне вашего")
    asked = _ok(m1.put(seats, json={"schools": [{"org_id": region["a"], "seats": 1},
                                                {"org_id": region["c"], "seats": 1}]}))
    assert asked["seats_asked"] == 2 and {s["org_id"] for s in asked["schools"]} == {region["a"], region["c"]}
    listed = {c["id"]: c for c in _ok(m2.get("/api/v1/courses"))["courses"]}
    assert listed[made["id"]]["schools"] == []  # M2 sees the course, not M1's seats
    regional_view = {c["id"]: c for c in _ok(regional.get("/api/v1/courses"))["courses"]}[made["id"]]
    assert regional_view["seats_asked"] == 2

    before = _trained_count(curator) or 0
    first, second = curator.register_mentor("teacher"), curator.register_mentor("teacher")
    enrol = f"/api/v1/courses/{made['id']}/enrolments"
    _refused(login(region["curator_b"]).post(enrol, json={"mentor_id": first["id"]}), 409, "не подавал")
    enrolled = _ok(curator.post(enrol, json={"mentor_id": first["id"]}))
    assert enrolled["seats"] == 1 and [e["full_name"] for e in enrolled["enrolments"]] == [first["full_name"]]
    _refused(curator.post(enrol, json={"mentor_id": second["id"]}), 409, "заняты")
    _refused(m1.put(seats, json={"schools": [{"org_id": region["a"], "seats": 0}]}), 422, "уже записала")
    _refused(m1.get(enrol), 403)  # names stay in the school
    counted = {c["id"]: c for c in _ok(m1.get("/api/v1/courses"))["courses"]}[made["id"]]
    assert (counted["enrolled"], counted["completed"]) == (1, 0)

    done_url = f"{enrol}/{first['id']}/completion"
    _refused(curator.post(done_url, json={"completed_on": (today() + timedelta(days=1)).isoformat()}), 422)
    done = _ok(curator.post(done_url, json={"completed_on": today().isoformat()}))
    assert done["enrolments"][0]["completed_on"] == today().isoformat()
    _refused(curator.post(done_url, json={"completed_on": today().isoformat()}), 409, "уже отмечено")
    card = _mentor(curator, first)
    assert [(t["course"], t["hours"], t["provider"]) for t in card["trainings"]] == [(course["title"], 36, "ЦНППМ")]
    assert {c["id"]: c for c in _ok(m1.get("/api/v1/courses"))["courses"]}[made["id"]]["completed"] == 1
    wait_until(lambda: (_trained_count(curator) or 0) > before, timeout=30, what="mentor.trained counted")


def test_young_teacher_school_plan_sessions_and_attendance(region, login) -> None:  # type: ignore[no-untyped-def]
    m1, m2, curator, regional = (login(region[n]) for n in ("mun_1", "mun_2", "curator_a", "region_op"))
    first_year = today().year if today().month >= 9 else today().year - 1
    this_month = f"{today():%Y-%m}"
    months = sorted({this_month, f"{first_year}-10", f"{first_year + 1}-11", f"{first_year + 2}-05"})
    plan = [{"month": m, "topic": f"Тема {m}"} for m in months]
    _refused(m1.put("/api/v1/young-teacher-school/plan", json={"first_year": first_year, "sessions": [
        {"month": f"{first_year + 4}-01", "topic": "Слишком поздно"}]}), 422, "вне плана")
    _refused(curator.put("/api/v1/young-teacher-school/plan", json={"first_year": first_year, "sessions": plan}), 403)
    saved = _ok(m1.put("/api/v1/young-teacher-school/plan", json={"first_year": first_year, "sessions": plan}))
    assert [s["month"] for s in saved["sessions"]] == months
    now = next(s for s in saved["sessions"] if s["month"] == this_month)
    held = _ok(m1.post(f"/api/v1/young-teacher-school/sessions/{now['id']}/held",
                       json={"held_on": today().isoformat()}))
    assert next(s for s in held["sessions"] if s["id"] == now["id"])["held_on"] == today().isoformat()

    teacher = curator.add_person("staff")
    student = curator.add_person("student", class_name="5А")
    attendance = f"/api/v1/young-teacher-school/sessions/{now['id']}/attendance"
    _refused(curator.put(attendance, json={"person_ids": [student["id"]]}), 422, "для педагогов")
    marked = _ok(curator.put(attendance, json={"person_ids": [teacher["id"]]}))
    assert [a["person_id"] for a in marked["attendees"]] == [teacher["id"]]
    _refused(login(region["curator_b"]).put(attendance, json={"person_ids": [teacher["id"]]}), 404)
    _refused(m1.get(attendance), 403)

    seen = _ok(m1.get("/api/v1/young-teacher-school/plan"))
    session = next(s for s in seen["sessions"] if s["id"] == now["id"])
    assert session["attended"] == 1 and [(s["org_id"], s["attended"]) for s in session["schools"]] == [
        (region["a"], 1)]
    assert "full_name" not in str(seen)
    school_view = _ok(curator.get("/api/v1/young-teacher-school/plan"))
    assert [s["month"] for s in school_view["sessions"]] == months  # the school reads its municipality's plan
    assert _ok(m2.get("/api/v1/young-teacher-school/plan"))["sessions"] == []
    assert _ok(regional.get("/api/v1/young-teacher-school/plan", params={"municipality_id": region["m1"]}))[
        "sessions"][0]["month"] == months[0]
    _refused(m1.put("/api/v1/young-teacher-school/plan", json={"first_year": first_year, "sessions": [
        p for p in plan if p["month"] != this_month]}), 409, "уже проведено")


def test_risks_per_school_and_the_mitigation_log(region, login) -> None:  # type: ignore[no-untyped-def]
    m1, m2, regional, curator = (login(region[n]) for n in ("mun_1", "mun_2", "region_op", "curator_a"))
    _refused(curator.get("/api/v1/risks"), 403)
    schools = {s["unit_id"]: s for s in _ok(m1.get("/api/v1/risks"))["schools"]}
    assert set(schools) == {region["a"], region["c"]}
    codes = {s["code"] for s in schools[region["c"]]["signals"]}
    assert {"roadmap_not_approved", "program_not_approved"} <= codes  # school C has no documents at all
    assert schools[region["c"]]["raised"]["interaction"] >= 2
    assert region["a"] not in {s["unit_id"] for s in _ok(m2.get("/api/v1/risks"))["schools"]}
    assert {region["a"], region["b"], region["c"]} <= {s["unit_id"] for s in _ok(regional.get("/api/v1/risks"))[
        "schools"]}

    note = {"org_id": region["c"], "risk": "interaction", "text": "Проведена консультация по дорожной карте"}
    _refused(m1.post("/api/v1/risks/mitigations", json={**note, "risk": "unknown"}), 422, "004 §VI")
    _refused(m2.post("/api/v1/risks/mitigations", json=note), 404)
    _refused(curator.post("/api/v1/risks/mitigations", json=note), 403)
    written = _ok(m1.post("/api/v1/risks/mitigations", json=note))
    assert (written["author_role"], written["risk"]) == ("municipal_curator", "interaction") and written["at"]
    _ok(regional.post("/api/v1/risks/mitigations", json={**note, "text": "Региональный семинар"}))
    log = _ok(regional.get("/api/v1/risks/mitigations", params={"org_id": region["c"]}))["mitigations"]
    assert [m["text"] for m in log] == ["Региональный семинар", note["text"]]
    assert _ok(m2.get("/api/v1/risks/mitigations", params={"org_id": region["c"]}))["mitigations"] == []
