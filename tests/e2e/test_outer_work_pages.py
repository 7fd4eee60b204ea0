"""The pages of the outer contour's work (ADR 024): each tier reaches its pages from the navigation, the forms
work and refuse in Russian, a school's names stay on the school's pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from tests.clock import today
from tests.e2e.test_outer_work_flow import region  # noqa: F401  (the module's region, as a fixture)
from tests.support import Api


def _page(client: Api, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    return response.text


def _post(client: Api, url: str, data: dict[str, Any], status: int = 303) -> Any:
    response = client.post(url, data={"csrf_token": client.csrf, **data}, follow_redirects=False)
    assert response.status_code == status, response.text[:800]
    return response


def test_navigation_shows_each_tier_its_pages(region, login) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    expected = {"curator_a": {"/program-base", "/agreements", "/courses", "/young-teacher-school"},
                "mun_1": {"/program-base", "/agreements", "/courses", "/young-teacher-school", "/risks"},
                "region_op": {"/program-base", "/agreements", "/courses", "/young-teacher-school", "/risks"},
                "tutor": {"/program-base", "/courses"}}
    ours = {"/program-base", "/agreements", "/courses", "/young-teacher-school", "/risks"}
    for who, links in expected.items():
        client = login(region[who])
        home = _page(client, "/")
        assert {link for link in ours if f'href="{link}"' in home} == links, who
        for link in links:
            _page(client, link)
        for link in ours - links:
            _page(client, link, 403)


def test_the_municipality_plans_shmu_and_the_school_marks_its_teacher(region, login) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    m1, curator = login(region["mun_1"]), login(region["curator_a"])
    first_year = today().year if today().month >= 9 else today().year - 1
    refused = _post(m1, "/young-teacher-school/plan", {"first_year": str(first_year), "plan": "сентябрь Знакомство"},
                    422)
    assert "ГГГГ-ММ" in refused.text and "сентябрь Знакомство" in refused.text  # what was typed stays
    _post(m1, "/young-teacher-school/plan", {"first_year": str(first_year),
                                             "plan": f"{today():%Y-%m} Адаптация молодого педагога\n"
                                                     f"{first_year + 1}-10 Современный урок"})
    page = _page(m1, "/young-teacher-school")
    assert "Адаптация молодого педагога" in page and "Современный урок" in page
    session_id = re.search(r'/young-teacher-school/sessions/([0-9a-f-]{36})/held', page)[1]  # type: ignore[index]
    _post(m1, f"/young-teacher-school/sessions/{session_id}/held", {"held_on": today().isoformat()})

    teacher = curator.add_person("staff", last_name="Молодцова")
    school_view = _page(curator, "/young-teacher-school")
    assert f"/young-teacher-school/sessions/{session_id}" in school_view
    attendance = _page(curator, f"/young-teacher-school/sessions/{session_id}")
    assert "Молодцова" in attendance
    _post(curator, f"/young-teacher-school/sessions/{session_id}", {"person_ids": teacher["id"]})
    assert 'checked> Молодцова' in _page(curator, f"/young-teacher-school/sessions/{session_id}")
    counted = _page(m1, "/young-teacher-school")
    assert "Молодцова" not in counted and "Школа А" in counted
    _page(m1, f"/young-teacher-school/sessions/{session_id}", 403)


def test_agreements_courses_and_risks_pages(region, login) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    regional, m1, curator = login(region["region_op"]), login(region["mun_1"]), login(region["curator_a"])
    number = f"П-{region['tag']}"
    refused = _post(regional, "/agreements", {"agreement_number": number, "signed_on": today().isoformat(),
                                              "kind": "with_operator", "parties": "Одна сторона",
                                              "valid_from": today().isoformat()}, 422)
    assert "не меньше двух" in refused.text
    _post(regional, "/agreements", {"agreement_number": number, "signed_on": today().isoformat(),
                                    "kind": "with_operator", "parties": "Институт развития образования\nШкола А",
                                    "valid_from": today().isoformat()})
    assert number in _page(curator, "/agreements")

    title = f"Наставник-практик {region['tag']}"
    _post(regional, "/courses", {"title": title, "hours": "36", "provider": "ЦНППМ", "seats": "5",
                                 "starts_on": today().isoformat(),
                                 "ends_on": (today() + timedelta(days=30)).isoformat()})
    course_id = next(c["id"] for c in m1.get("/api/v1/courses").json()["courses"] if c["title"] == title)
    _post(m1, f"/courses/{course_id}/seats", {f"seats-{region['a']}": "1", f"seats-{region['c']}": "0"})
    mentor = curator.register_mentor("teacher")
    _post(curator, f"/courses/{course_id}/enrolments", {"mentor_id": mentor["id"]})
    _post(curator, f"/courses/{course_id}/enrolments", {"mentor_id": mentor["id"],
                                                        "completed_on": today().isoformat()})
    assert today().strftime("%d.%m.%Y") in _page(curator, f"/courses/{course_id}")
    assert mentor["full_name"] not in _page(m1, "/courses")

    risks = _page(m1, "/risks")
    assert "Дорожная карта школы не утверждена" in risks and "Школа В" in risks
    _post(m1, "/risks", {"org_id": region["c"], "risk": "interaction", "mitigation_text": ""}, 422)
    _post(m1, "/risks", {"org_id": region["c"], "risk": "formalism",
                         "mitigation_text": "Методический выезд в школу"})
    assert "Методический выезд в школу" in _page(m1, "/risks")
