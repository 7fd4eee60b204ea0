"""A group's work end to end through the gateway (issue 12 item 1): a group run is published in matching; monitoring
learns the group from matching.events (waited for with a bound); reporting counts its meetings and «На сегодня» has
the section of overdue groups; a meeting is recorded with attendance per mentee —
over REST and through the page's form — refused in Russian with nothing written when nobody is marked present or a
stranger is marked; another school sees nothing of it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clock import today
from tests.monitoring_support import school_place
from tests.support import Api, unique_name, wait_until

MEETING = {"kind": "regular", "format": "in_person", "topic": "Проект по географии", "duration_minutes": 60}


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return school_place(gateway_container, code="gwork", title="работы групп")


def _group(curator: Api) -> dict[str, Any]:
    person = curator.consenting_person("staff", last_name=unique_name())
    mentor = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "teacher", "capacity": 3,
                                                   "subjects": ["География"], "experience_years": 10})
    assert mentor.status_code == 201, mentor.text
    for _ in range(2):
        student = curator.add_person("student", last_name=unique_name(), class_name="6А")
        curator.give_consent(student)
        mentee = curator.post("/api/v1/mentees", json={"person_id": student["id"], "categories": ["low_results"]})
        assert mentee.status_code == 201, mentee.text
        made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": ["География"],
                                                      "desired_form": "teacher_pupil", "source": "classroom_teacher"})
        assert made.status_code == 201, made.text
    run = curator.post("/api/v1/matching/runs", json={"mode": "group", "group_min": 1, "group_max": 3}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish", json={"version": run["version"]})
    assert published.status_code == 200, published.text
    [group] = published.json()["groups"]
    return dict(group)


def _work(client: Api, group_id: str) -> dict[str, Any] | None:
    found = client.get(f"/api/v1/groups/{group_id}/meetings")
    return found.json() if found.status_code == 200 else None


def test_a_group_meeting_records_attendance_per_mentee(place, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    group = _group(curator)
    members = [m["mentee_id"] for m in group["members"]]
    work = wait_until(lambda: _work(curator, group["id"]), timeout=30, what="the group learnt by monitoring")
    assert sorted(work["group"]["member_ids"]) == sorted(members) and work["group"]["status"] == "active"
    assert work["meetings"] == [] and work["group"]["overdue"] == []

    url = f"/api/v1/groups/{group['id']}/meetings"
    nobody = curator.post(url, json={**MEETING, "held_on": today().isoformat(),
                                     "attendance": [{"mentee_id": m, "present": False} for m in members]})
    assert nobody.status_code == 422 and "хотя бы одного" in nobody.json()["detail"], nobody.text
    stranger = curator.post(url, json={**MEETING, "held_on": today().isoformat(),
                                       "attendance": [{"mentee_id": "00000000-0000-4000-8000-000000000000",
                                                       "present": True}]})
    assert stranger.status_code == 422 and "нет в группе" in stranger.json()["detail"], stranger.text
    assert _work(curator, group["id"])["meetings"] == []  # type: ignore[index]

    held = curator.post(url, json={**MEETING, "held_on": today().isoformat(),
                                   "attendance": [{"mentee_id": members[0], "present": True}]})
    assert held.status_code == 201, held.text
    assert {a["mentee_id"]: a["present"] for a in held.json()["attendance"]} == {members[0]: True, members[1]: False}

    page = curator.get(f"/school/groups/{group['id']}/work")
    assert page.status_code == 200 and "присутствовал(а)" in page.text and "отсутствовал(а)" in page.text
    names = [m["mentee_name"] for m in group["members"]]
    assert all(name in page.text for name in names), "names come from matching, read as the caller"
    assert f"/school/groups/{group['id']}/work" in curator.get(f"/school/groups/{group['id']}").text

    form = curator.get(f"/school/groups/{group['id']}/work")
    token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    posted = curator.post(f"/school/groups/{group['id']}/meetings", data={
        "csrf_token": token, "kind": "final", "held_on": today().isoformat(), "format": "remote",
        "topic": "Итоги", "duration_minutes": "40", "member": members, "present": members[1]},
        follow_redirects=False)
    assert posted.status_code == 303, posted.text
    work = _work(curator, group["id"])
    assert work is not None and work["group"]["meetings_held"] == 2
    final = next(m for m in work["meetings"] if m["kind"] == "final")
    assert {a["mentee_id"]: a["present"] for a in final["attendance"]} == {members[0]: False, members[1]: True}

    def meetings_counted() -> dict[str, Any] | None:  # reporting counts a group's meetings with the pairs' (ADR 017)
        found = curator.get("/api/v1/indicators/pairs")
        assert found.status_code == 200, found.text
        totals = found.json()["totals"]
        return totals if totals["meetings_held"] >= 2 else None

    totals = wait_until(meetings_counted, timeout=30, what="the group's MeetingHeld counted by reporting")
    assert totals["meetings_held"] == 2 and totals["meetings_by_kind"] == {"regular": 1, "final": 1}
    home = curator.get("/")
    assert home.status_code == 200 and "Группы с просроченными встречами" in home.text
    assert f"Группа №{group['id'][:8]}" not in home.text, "met today: not overdue"

    other = login(tenants.curator_b)
    assert other.get(f"/api/v1/groups/{group['id']}/meetings").status_code == 404
