"""The regional KPIs and the exact 1.1 end to end through the gateway (ADR 021): a school in a fresh region adds two
students (born 2012 and 2019) and a young teacher, one student files two requests, a run publishes one pair; the
municipality reads ``GET /api/v1/indicators/kpis`` (and the age bounds), the `/indicators` page shows the section,
and 1.1 counts the student once."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

import pytest

from tests.support import Api, unique_name, wait_until


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область показателей {tag}", code=f"kpi-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ показателей {tag}",
                                                code=f"kpi-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Школа показателей {tag}", code=f"kpi-{tag}")
    auth.create_account(username=f"kpi-{tag}", password=PASSWORD, display_name="Куратор",
                        role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                        region_id=region.id)
    auth.create_account(username=f"kpi-mun-{tag}", password=PASSWORD, display_name="Муниципалитет",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=municipality.id, region_id=region.id)
    return {"org_id": school.id, "curator": f"kpi-{tag}", "municipal": f"kpi-mun-{tag}"}


def _student(curator: Api, born: str) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name(), class_name="6А", birth_date=born)
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["low_results"]})
    assert mentee.status_code == 201, mentee.text
    return dict(mentee.json())


def _request(curator: Api, mentee: dict[str, Any]) -> None:
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee["id"], "topics": ["Математика"],
                                                  "desired_form": "teacher_pupil", "source": "classroom_teacher"})
    assert made.status_code == 201, made.text


def test_kpis_through_the_gateway(place, login) -> None:  # type: ignore[no-untyped-def]
    curator, municipality = login(place["curator"]), login(place["municipal"])
    this_year = date.today().year
    curator.consenting_person("staff", last_name=unique_name(), pedagogical_since=f"{this_year - 1}-09-01")
    mentor_person = curator.consenting_person("staff", last_name=unique_name())
    mentor = curator.post("/api/v1/mentors", json={"person_id": mentor_person["id"], "origin": "teacher",
                                                   "capacity": 1, "subjects": ["Математика"], "experience_years": 9})
    assert mentor.status_code == 201, mentor.text
    older = _student(curator, f"{this_year - 14}-03-01")
    _student(curator, f"{this_year - 7}-03-01")  # a 7-year-old in the base, no request
    _request(curator, older)
    _request(curator, older)  # the same student asks twice: 1.1 counts people
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    assert run["totals"]["matched"] == 1, run
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "kind": "individual", "term_months": 6})
    assert published.status_code == 200, published.text

    def kpis(**params: Any) -> dict[str, Any] | None:
        found = municipality.get("/api/v1/indicators/kpis", params=params)
        assert found.status_code == 200, found.text
        body: dict[str, Any] = found.json()
        return body if body["totals"]["student_coverage"]["numerator"] == 1 else None

    body = wait_until(kpis, timeout=60, what="the student covered in the municipality's KPIs")
    totals = body["totals"]
    assert totals["student_coverage"]["denominator"] == 2 and totals["student_coverage"]["share"] == 0.5
    assert body["coverage_target"] == 0.7 and body["retention_counted"] is True
    assert totals["implementing"]["denominator"] == 1 and totals["implementing_with_pair"]["numerator"] == 0
    assert totals["young_teachers_with_mentor"] == {"numerator": 0, "denominator": 1, "share": 0.0}
    assert totals["retention_1y"]["denominator"] == 0, "the young teacher joined today: no cohort of a year ago"
    assert body["pairs_by_form"] == {"teacher_pupil": 1} and body["pairs_by_kind"] == {"individual": 1}
    assert [r["unit_id"] for r in body["rows"]] == [place["org_id"]]
    bounded = wait_until(lambda: kpis(min_age=10, max_age=18), timeout=10, what="the bounded coverage")
    assert bounded["totals"]["student_coverage"]["denominator"] == 1 and (bounded["min_age"], bounded["max_age"]) \
        == (10, 18), "the 7-year-old is outside 10–18"
    assert "mentee_id" not in str(body) and "person" not in str(body)

    wrong = municipality.get("/api/v1/indicators/kpis", params={"min_age": 18, "max_age": 10})
    assert wrong.status_code == 422 and "Верхняя граница" in wrong.text
    assert municipality.get("/api/v1/indicators/kpis", params={"min_age": 99}).status_code == 422

    appendix = {a["code"]: a["value"] for a in curator.get("/api/v1/indicators/participants").json()
                ["appendix_indicators"]}
    assert appendix["1.1"] == 1, "two requests of one student count once"
    page = municipality.get("/indicators")
    assert page.status_code == 200 and "Региональные показатели" in page.text and 'id="kpi-coverage"' in page.text
    assert "50,0 %" in page.text and "70,0 %" in page.text
