"""The school's bases through the gateway: every value set round-trips, consent gates and withdrawal,
the regional base as the only way out of the school, and counts for the outer contour."""

from __future__ import annotations

import html
import re
import secrets
from typing import Any

import pytest

from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.proto_enums import names
from tests.support import pair_formed, unique_name, wait_until

STUDENT_CATEGORIES = ["gifted", "low_results", "disability", "hard_life_situation", "behaviour", "disengaged",
                      "adaptation"]
TEACHER_CATEGORIES = ["burnout", "new_in_team", "digital_skills", "non_pedagogical_education", "new_technology"]


def test_young_specialist_follows_the_length_of_pedagogical_service_not_the_hire(tenants, login) -> None:
    """Issue 10 item 16: a teacher with 20 years of service hired this year is «новый педагог в коллективе»."""
    curator = login(tenants.curator_a)
    moved = curator.consenting_person("staff", hired_on="2025-09-01", pedagogical_since="2005-09-01")
    assert moved["young_specialist"] is False and moved["data"]["pedagogical_since"] == "2005-09-01"
    refused = curator.post("/api/v1/mentees", json={"person_id": moved["id"], "categories": ["young_specialist"]})
    assert refused.status_code == 422 and "Новый педагог в коллективе" in refused.text
    mentee = curator.post("/api/v1/mentees", json={"person_id": moved["id"], "categories": ["new_in_team"]})
    assert mentee.status_code == 201 and mentee.json()["categories"] == ["new_in_team"]
    beginner = curator.consenting_person("staff", hired_on="2015-09-01", pedagogical_since="2025-09-01")
    assert beginner["young_specialist"] is True
    bad = curator.post("/api/v1/persons", json={"kind": "staff", "last_name": unique_name(), "first_name": "Тест",
                                               "hired_on": "2015-09-01", "pedagogical_since": "2999-01-01"})
    assert bad.status_code == 422 and [e["field"] for e in bad.json()["errors"]] == ["pedagogical_since"]


def test_a_college_records_its_students_by_course(gateway_container, tenants, login) -> None:
    """Issue 10 item 17: a college (СПО) records students with a course 1–5; a school keeps classes."""
    from mentorship_kit.principal import Principal, Role, Scope

    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    tag = secrets.token_hex(4)
    # A municipality of its own: the shared tenants' municipalities keep exactly the schools other tests expect.
    mun = gateway_container.registry.create_municipality(admin, region_id=tenants.region_id, name=f"Округ {tag}",
                                                         code=f"col-{tag}")
    college = gateway_container.registry.create_organisation(
        admin, municipality_id=mun.id, name=f"Колледж {tag}", kind="college", code=f"col-{tag}")
    gateway_container.auth.create_account(
        username=f"college-{tag}", password="test-password-1", display_name="Куратор колледжа",
        role=Role.SCHOOL_CURATOR, org_id=college.id, municipality_id=mun.id, region_id=tenants.region_id)
    curator = login(f"college-{tag}")
    student = {"kind": "student", "last_name": unique_name(), "first_name": "Тест", "birth_date": "2007-05-01"}
    made = curator.post("/api/v1/persons", json={**student, "course_year": "2"})
    assert made.status_code == 201, made.text
    assert made.json()["data"]["course_year"] == "2" and made.json()["data"]["class_name"] == ""
    for bad, field in (({"class_name": "7А"}, "class_name"), ({"course_year": "6"}, "course_year")):
        refused = curator.post("/api/v1/persons", json={**student, **bad})
        assert refused.status_code == 422 and field in {e["field"] for e in refused.json()["errors"]}, refused.text
    school = login(tenants.curator_a)
    pupil = school.post("/api/v1/persons", json={**student, "class_name": "7А", "course_year": "2"})
    assert pupil.status_code == 422 and [e["field"] for e in pupil.json()["errors"]] == ["course_year"]


@pytest.mark.parametrize("origin", names(pb.MentorOrigin))
def test_every_mentor_origin_round_trips(tenants, login, origin: str) -> None:
    curator = login(tenants.curator_a)
    mentor = curator.register_mentor(origin, subjects=["Математика"], competencies=["Профориентация"],
                                     interests=["Шахматы"], age_group="middle", hours_per_month=8, experience_years=5,
                                     education="Высшее педагогическое", position="Учитель")
    card = curator.get(f"/api/v1/persons/{mentor['person_id']}").json()
    got = card["mentor"]
    assert got["origin"] == origin and got["card"]["age_group"] == "middle" and got["level"] == "initial"
    assert got["card"]["competencies"] == ["Профориентация"] and got["card"]["hours_per_month"] == 8
    listed = curator.get("/api/v1/mentors", params={"origin": origin, "query": got["full_name"]}).json()
    assert [m["id"] for m in listed["mentors"]] == [mentor["id"]]


def test_every_mentee_category_form_source_status_and_level_round_trips(stack, tenants, login) -> None:
    curator = login(tenants.curator_a)
    student = curator.consenting_person("student")
    mentee = curator.post("/api/v1/mentees", json={"person_id": student["id"], "categories": STUDENT_CATEGORIES})
    assert mentee.status_code == 201, mentee.text
    assert mentee.json()["categories"] == STUDENT_CATEGORIES and mentee.json()["person_kind"] == "student"
    young = curator.consenting_person("staff", hired_on="2025-09-01", pedagogical_since="2025-09-01")
    teacher = curator.post("/api/v1/mentees", json={"person_id": young["id"], "categories": TEACHER_CATEGORIES})
    assert teacher.status_code == 201, teacher.text
    assert teacher.json()["categories"] == ["young_specialist", *TEACHER_CATEGORIES]
    assert set(STUDENT_CATEGORIES + TEACHER_CATEGORIES + ["young_specialist"]) == set(names(pb.MenteeCategory))

    for form in names(pb.MentoringForm):
        for source in names(pb.RequestSource):
            made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": ["Тема"],
                                                          "desired_form": form, "source": source})
            assert made.status_code == 201, made.text
            assert (made.json()["desired_form"], made.json()["source"], made.json()["status"]) == (form, source, "open")
    request_id = made.json()["id"]
    by_hand = curator.post(f"/api/v1/requests/{request_id}/status", json={"status": "matched"})
    assert by_hand.status_code == 409 and by_hand.json()["detail"] == (
        "Наставник подбирается на странице «Подбор пар»: запрос отмечается подобранным при утверждении пары")
    pair_id = pair_formed(stack, request_id)  # matched when its pair is approved (ADR 007)
    matched = curator.get("/api/v1/requests", params={"mentee_id": mentee.json()["id"], "status": "matched"}).json()
    assert [(r["id"], r["pair_id"]) for r in matched["requests"]] == [(request_id, pair_id)]
    for status in ("open", "withdrawn"):
        changed = curator.post(f"/api/v1/requests/{request_id}/status", json={"status": status})
        assert changed.status_code == 200 and changed.json()["status"] == status
    refused = curator.post(f"/api/v1/requests/{request_id}/status", json={"status": "open"})
    assert refused.status_code == 409 and "нельзя перевести" in refused.json()["detail"]

    mentor = curator.register_mentor("teacher")
    for level in ("gold", "platinum", "initial"):
        # forward by an order; back only as an explicit correction with its reason (ADR 013)
        if level == "initial":
            refused = curator.post(f"/api/v1/mentors/{mentor['id']}/level", json={"level": level, "reason": "Приказ"})
            assert refused.status_code == 409 and "только вперёд" in refused.json()["detail"]
        moved = curator.post(f"/api/v1/mentors/{mentor['id']}/level",
                             json={"level": level, "reason": "Приказ", "correction": level == "initial"})
        assert moved.status_code == 200 and moved.json()["level"] == level
    assert [h["to_level"] for h in moved.json()["level_history"]] == ["gold", "platinum", "initial"]
    assert [h["correction"] for h in moved.json()["level_history"]] == [False, False, True]
    assert set(names(pb.MentorLevel)) == {"initial", "gold", "platinum"}
    assert set(names(ppb.ConsentPurpose)) == {"participation", "regional_base"}


def test_no_consent_means_no_base_and_a_minor_consents_through_the_guardian(tenants, login) -> None:
    curator = login(tenants.curator_a)
    student = curator.add_person("student", birth_date="2014-02-01", guardian_name="Орлова Ирина Петровна")
    assert student["minor"] is True
    for path, body in (("/api/v1/mentees", {"categories": ["gifted"]}),
                       ("/api/v1/mentors", {"origin": "student", "capacity": 1})):
        refused = curator.post(path, json={"person_id": student["id"], **body})
        assert refused.status_code == 422
        assert "Нет действующего согласия" in refused.json()["errors"][0]["message"]
    by_self = curator.post(f"/api/v1/persons/{student['id']}/consents",
                           json={"purpose": "participation", "given_by": "self"})
    assert by_self.status_code == 422 and "законный представитель" in by_self.json()["errors"][0]["message"]
    by_guardian = curator.post(f"/api/v1/persons/{student['id']}/consents",
                               json={"purpose": "participation", "given_by": "guardian", "document_ref": "№ 3"})
    assert by_guardian.status_code == 201 and by_guardian.json()["giver_name"] == "Орлова Ирина Петровна"
    again = curator.post(f"/api/v1/persons/{student['id']}/consents",
                         json={"purpose": "participation", "given_by": "guardian"})
    assert again.status_code == 409
    assert curator.post("/api/v1/mentees", json={"person_id": student["id"], "categories": ["gifted"]}).status_code \
        == 201


def test_withdrawal_takes_the_person_out_of_every_base_and_the_counts_follow(tenants, login) -> None:
    curator, municipality = login(tenants.curator_a), login(tenants.mun_1)
    before = {f: municipality.facet_count(tenants.school_a, f) for f in
              ("mentor", "mentee", "request.status.open", "consent.participation.withdrawn", "transition.student")}
    student = curator.consenting_person("student", birth_date="2009-01-10")
    mentee = curator.post("/api/v1/mentees", json={"person_id": student["id"], "categories": ["adaptation"]}).json()
    curator.post("/api/v1/requests", json={"mentee_id": mentee["id"], "topics": ["Адаптация"], "source": "self"})
    mentor = curator.post("/api/v1/mentors", json={"person_id": student["id"], "origin": "student", "capacity": 1})
    assert mentor.status_code == 201, mentor.text
    card = curator.get(f"/api/v1/persons/{student['id']}").json()
    assert card["became_mentor_at"], "a mentee who became a mentor is recorded (000 App. 2, 3.7)"
    wait_until(lambda: municipality.facet_count(tenants.school_a, "transition.student")
               == before["transition.student"] + 1, what="3.7 counted")
    wait_until(lambda: municipality.facet_count(tenants.school_a, "mentor") == before["mentor"] + 1, what="mentor")

    consent = next(c for c in card["consents"] if c["purpose"] == "participation")
    withdrawn = curator.post(f"/api/v1/consents/{consent['id']}/withdraw", json={"reason": "По заявлению"})
    assert withdrawn.status_code == 200 and withdrawn.json()["valid"] is False
    after = curator.get(f"/api/v1/persons/{student['id']}").json()
    assert after["mentor"]["active"] is False and "отозвано" in after["mentor"]["inactive_reason"]
    assert after["mentor"]["pairable"] is False and after["mentee"]["active"] is False
    assert {r["status"] for r in after["requests"]} == {"withdrawn"}
    wait_until(lambda: municipality.facet_count(tenants.school_a, "mentor") == before["mentor"], what="mentor out")
    wait_until(lambda: municipality.facet_count(tenants.school_a, "consent.participation.withdrawn")
               == before["consent.participation.withdrawn"] + 1, what="withdrawn consent counted")
    assert municipality.facet_count(tenants.school_a, "mentee") == before["mentee"]
    assert municipality.facet_count(tenants.school_a, "request.status.open") == before["request.status.open"]
    assert curator.get("/api/v1/mentees", params={"query": student["full_name"], "active_only": True}).json()[
        "total"] == 0


def test_outer_contour_and_other_schools_get_nothing_of_the_school(tenants, login) -> None:
    curator_a, curator_b = login(tenants.curator_a), login(tenants.curator_b)
    person = curator_a.consenting_person("student", last_name=unique_name("Тайна"))
    mentee = curator_a.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["gifted"]}).json()
    request = curator_a.post("/api/v1/requests", json={"mentee_id": mentee["id"], "topics": ["Олимпиада"],
                                                       "source": "parents"}).json()
    consent_id = curator_a.get(f"/api/v1/persons/{person['id']}").json()["consents"][0]["id"]

    for path in ("/api/v1/persons", "/api/v1/mentees", "/api/v1/requests", "/api/v1/mentors"):
        listed = curator_b.get(path, params={"page_size": 200}).json()
        assert person["full_name"] not in str(listed), path
        for outer in (tenants.mun_1, tenants.region_op, tenants.admin):
            assert login(outer).get(path).status_code == 403, (outer, path)
    assert curator_b.get(f"/api/v1/persons/{person['id']}").status_code == 404
    assert curator_b.post(f"/api/v1/consents/{consent_id}/withdraw", json={}).status_code == 404
    assert curator_b.post(f"/api/v1/requests/{request['id']}/status", json={"status": "withdrawn"}).status_code == 404
    assert curator_b.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["gifted"]}).status_code \
        == 404
    assert login(tenants.mun_1).get(f"/api/v1/persons/{person['id']}").status_code == 403
    counts = login(tenants.region_op).get("/api/v1/indicators/participants", params={"grouping": "organisation"})
    assert counts.status_code == 200 and person["data"]["last_name"] not in counts.text
    assert curator_a.get(f"/api/v1/persons/{person['id']}").json()["requests"][0]["status"] == "open"


def _page_figures(html: str, unit_name: str) -> tuple[int, int, dict[str, int]]:
    """From the /indicators page: «внешних» of one unit's row and of «Итого», and the Appendix-2 values by code."""
    from gateway.entrypoints.web.indicator_view import PARTICIPANT_COLUMNS

    column = PARTICIPANT_COLUMNS.index("mentor.outside")
    table = html[html.index('id="participant-counts"'):html.index('id="appendix-2"')]
    # the unit's name links to its level of the drill-down (issue 14)
    row = re.search(rf"<tr><td>(?:<a [^>]*>)?{re.escape(unit_name)}(?:</a>)?</td>(.*?)</tr>", table, re.S)
    total = re.search(r"<tr><th>Итого</th>(.*?)</tr>", table, re.S)
    assert row and total, "the bases' table lists the unit and the totals"
    appendix = {code: int(value) for code, value in re.findall(r'id="indicator-([\d.]+)">(\d+)<', html)}
    return (int(re.findall(r'class="num">(\d+)<', row[1])[column]),
            int(re.findall(r'class="num">(\d+)<', total[1])[column]), appendix)


def test_rest_returns_the_derived_figures_the_indicators_page_shows(tenants, login) -> None:
    """«Внешних» mentors and the rows of 000 App. 2 are derived by reporting; REST and the page show the same."""
    curator, region = login(tenants.curator_a), login(tenants.region_op)
    outside_before = region.facet_count(tenants.school_a, "mentor.origin.employer", "organisation")
    curator.register_mentor("employer")
    wait_until(lambda: region.facet_count(tenants.school_a, "mentor.origin.employer", "organisation")
               == outside_before + 1, what="the employer mentor counted")

    def same_on_both() -> dict[str, Any] | None:
        found = region.get("/api/v1/indicators/participants", params={"grouping": "organisation"}).json()
        page = region.get("/indicators", params={"grouping": "organisation"})
        assert page.status_code == 200
        row = next(r for r in found["rows"] if r["unit_id"] == tenants.school_a)
        shown_row, shown_total, shown_appendix = _page_figures(html.unescape(page.text), row["unit_name"])
        rest_appendix = {a["code"]: a["value"] for a in found["appendix_indicators"]}
        agree = (shown_row, shown_total, shown_appendix) == (row["derived"]["mentor.outside"],
                                                             found["derived_totals"]["mentor.outside"], rest_appendix)
        return found if agree else None

    found = wait_until(same_on_both, what="REST and the page to show the same derived figures")
    row = next(r for r in found["rows"] if r["unit_id"] == tenants.school_a)
    outside = sum(n for facet, n in row["counts"].items()
                  if facet.startswith("mentor.origin.") and facet not in ("mentor.origin.teacher",
                                                                           "mentor.origin.student"))
    assert row["derived"]["mentor.outside"] == outside >= 1
    appendix = {a["code"]: a for a in found["appendix_indicators"]}
    assert list(appendix)[:2] == ["1.1", "1.2"] and {"3.4", "3.7"} <= set(appendix)
    assert appendix["3.4"]["title"] == "Количество педагогов, сменивших статус с наставляемого на наставника"
    assert appendix["2.4"]["facet"] == "mentor.origin.employer"
    assert appendix["2.4"]["value"] == found["totals"].get("mentor.origin.employer", 0) >= 1


PUBLIC_FIELDS = {"mentor_id", "full_name", "organisation", "origin", "subjects", "competencies", "capacity",
                 "org_id"}


def test_the_regional_base_shows_consenting_mentors_and_only_their_public_fields(tenants, login) -> None:
    curator_a = login(tenants.curator_a)
    name = unique_name("Публичный")
    mentor = curator_a.register_mentor("teacher", last_name=name, subjects=["Химия"])
    hidden = curator_a.register_mentor("teacher", last_name=unique_name("Скрытый"))
    person = curator_a.get(f"/api/v1/persons/{mentor['person_id']}").json()["person"]
    curator_a.give_consent(person, "regional_base")

    for viewer in (tenants.curator_b, tenants.mun_2, tenants.region_op, tenants.role_users["tutor"]):
        found = login(viewer).get("/api/v1/regional-mentors", params={"query": name})
        assert found.status_code == 200, (viewer, found.text)
        assert [m["mentor_id"] for m in found.json()["mentors"]] == [mentor["id"]], viewer
        assert set(found.json()["mentors"][0]) == PUBLIC_FIELDS
        assert found.json()["mentors"][0]["subjects"] == ["Химия"]
        assert login(viewer).get("/api/v1/regional-mentors", params={"query": hidden["full_name"]}).json()[
            "total"] == 0
    assert login(tenants.admin).get("/api/v1/regional-mentors").status_code == 403

    consent = next(c for c in curator_a.get(f"/api/v1/persons/{person['id']}").json()["consents"]
                   if c["purpose"] == "regional_base")
    assert curator_a.post(f"/api/v1/consents/{consent['id']}/withdraw", json={}).status_code == 200
    assert login(tenants.region_op).get("/api/v1/regional-mentors", params={"query": name}).json()["total"] == 0
    assert curator_a.get(f"/api/v1/persons/{person['id']}").json()["mentor"]["active"] is True


def test_external_mentor_waits_for_the_agreement_and_the_vocabulary_grows(tenants, login) -> None:
    curator = login(tenants.curator_a)
    term = unique_name("Робототехника")
    assert curator.post("/api/v1/mentors", json={"person_id": curator.consenting_person("external")["id"],
                                                 "origin": "employer", "capacity": 2,
                                                 "competencies": [term]}).status_code == 422
    assert curator.post("/api/v1/competencies", json={"term": term}).status_code == 201
    assert curator.post("/api/v1/competencies", json={"term": term.upper()}).status_code == 409
    assert term in curator.get("/api/v1/competencies").json()["school"]
    assert term not in login(tenants.curator_b).get("/api/v1/competencies").json()["school"]
    mentor = curator.register_mentor("employer", competencies=[term.lower()])
    assert mentor["card"]["competencies"] == [term]
    assert mentor["pairable"] is False and any("договор" in b for b in mentor["pairing_blockers"])
    signed = curator.post(f"/api/v1/mentors/{mentor['id']}/agreement", json={"number": "7/26", "date": "01.10.2026"})
    assert signed.status_code == 200 and signed.json()["pairable"] is True
    trained = curator.post(f"/api/v1/mentors/{mentor['id']}/trainings",
                           json={"course": "Наставничество: технологии", "hours": 36, "completed_on": "2026-10-10"})
    assert trained.status_code == 200 and trained.json()["trainings"][0]["hours"] == 36


def test_person_edits_are_versioned_and_a_stale_save_is_refused(tenants, login) -> None:
    curator = login(tenants.curator_a)
    person = curator.add_person("student", external_key=unique_name("K"))
    body = {k: v for k, v in person["data"].items()}
    saved = curator.put(f"/api/v1/persons/{person['id']}", json={**body, "class_name": "8Б", "version": 1})
    assert saved.status_code == 200 and saved.json()["data"]["class_name"] == "8Б" and saved.json()["version"] == 2
    stale = curator.put(f"/api/v1/persons/{person['id']}", json={**body, "class_name": "9Б", "version": 1})
    assert stale.status_code == 409
    duplicate = curator.post("/api/v1/persons", json={**body})
    assert duplicate.status_code == 409 and "уже есть" in duplicate.json()["detail"]
    found = curator.get("/api/v1/persons", params={"query": person["data"]["external_key"]}).json()
    assert [p["id"] for p in found["persons"]] == [person["id"]]
    by_filter = curator.get("/api/v1/persons", params={"kind": "student", "class_name": "8б", "consent": "missing",
                                                       "query": person["data"]["last_name"]}).json()
    assert [p["id"] for p in by_filter["persons"]] == [person["id"]]


@pytest.fixture
def quiet_school(gateway_container) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """A school in a region of its own (no other test's events in flight, no other test's totals disturbed):
    its id, its curator's login and its municipal curator's login."""
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth, tag = gateway_container.registry, gateway_container.auth, secrets.token_hex(4)
    region = registry.create_region(admin, name=f"Тихая область {tag}", code=f"quiet-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Тихий округ {tag}",
                                                code=f"quiet-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Тихая школа {tag}", code=f"quiet-{tag}")
    auth.create_account(username=f"quiet-{tag}", password=PASSWORD, display_name="Куратор", role=Role.SCHOOL_CURATOR,
                        org_id=school.id, municipality_id=municipality.id, region_id=region.id)
    auth.create_account(username=f"quiet-mun-{tag}", password=PASSWORD, display_name="Муниципалитет",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=municipality.id, region_id=region.id)
    return school.id, f"quiet-{tag}", f"quiet-mun-{tag}"


def test_a_mentor_and_a_mentee_leave_the_base_with_a_reason_and_come_back(stack, tenants, login,
                                                                          quiet_school) -> None:
    school_id, username, municipal = quiet_school
    curator, municipality = login(username), login(municipal)
    mentor = curator.register_mentor("teacher", subjects=["История"])
    wait_until(lambda: municipality.facet_count(school_id, "mentor") == 1, what="mentor counted")
    before = 1
    assert curator.post(f"/api/v1/mentors/{mentor['id']}/deactivate", json={"reason": ""}).status_code == 422
    left = curator.post(f"/api/v1/mentors/{mentor['id']}/deactivate", json={"reason": "Уволился"})
    assert left.status_code == 200 and left.json()["active"] is False and left.json()["inactive_reason"] == "Уволился"
    assert curator.post(f"/api/v1/mentors/{mentor['id']}/deactivate", json={"reason": "ещё раз"}).status_code == 409
    wait_until(lambda: municipality.facet_count(school_id, "mentor") == before - 1, what="mentor left")
    back = curator.post("/api/v1/mentors", json={"person_id": mentor["person_id"], "origin": "teacher",
                                                 "capacity": 4, "subjects": ["История"]})
    assert back.status_code == 201 and back.json()["id"] == mentor["id"] and back.json()["active"] is True
    assert back.json()["capacity"] == 4
    wait_until(lambda: municipality.facet_count(school_id, "mentor") == before, what="mentor back")

    student = curator.consenting_person("student")
    mentee = curator.post("/api/v1/mentees", json={"person_id": student["id"], "categories": ["gifted"]}).json()
    request = curator.post("/api/v1/requests", json={"mentee_id": mentee["id"], "topics": ["Олимпиада"],
                                                     "source": "self"}).json()
    served = curator.post("/api/v1/requests", json={"mentee_id": mentee["id"], "topics": ["Физика"],
                                                    "source": "self"}).json()
    pair_formed(stack, served["id"])
    gone = curator.post(f"/api/v1/mentees/{mentee['id']}/deactivate", json={"reason": "Цель достигнута"})
    assert gone.status_code == 200 and gone.json()["active"] is False
    card = curator.get(f"/api/v1/persons/{student['id']}").json()
    assert {(r["id"], r["status"], r["status_reason"]) for r in card["requests"]} == {
        (request["id"], "withdrawn", "Цель достигнута"), (served["id"], "matched", "")}, \
        "a waiting request is withdrawn; one already served by a pair stays as it was"
    assert card["consents"][0]["valid"] is True, "leaving a base is not withdrawing the consent"
    assert login(tenants.curator_b).post(f"/api/v1/mentees/{mentee['id']}/deactivate",
                                         json={"reason": "x"}).status_code == 404
