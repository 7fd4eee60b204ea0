"""The pairs' work end to end through the gateway (issue 12, first slice): a curator publishes a run in matching;
the pair appears in monitoring from matching.events (waited for with a bound); meetings are recorded with the
diary and the calendar plan; bad meetings are refused in Russian with nothing written; «overdue» shows on the list
and the pages; another school sees nothing; a closed pair takes no meeting.

The overdue pair is a pair formed two months ago: no run can publish one in the past, so its PairFormed is applied
through monitoring's own consumer as it would arrive from matching.events (the way tests/support.pair_formed
stands in for the registry)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.clock import today
from tests.matching_support import mentor, request
from tests.monitoring_support import formed_in_monitoring, published_envelope, school_place
from tests.support import Api, wait_until


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return school_place(gateway_container, code="work", title="работы пар")


def _published_pair(curator: Api) -> dict[str, Any]:
    mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=8)
    made = request(curator, "7А", ["Математика"], "teacher_pupil")
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "kind": "individual", "term_months": 9})
    assert published.status_code == 200, published.text
    pair = next(p for p in published.json()["pairs"] if p["request_id"] == made["id"])
    return dict(pair)


def _work(client: Api, pair_id: str) -> dict[str, Any] | None:
    found = client.get(f"/api/v1/pairs/{pair_id}/meetings")
    return found.json() if found.status_code == 200 else None


MEETING = {"kind": "acquaintance", "format": "in_person", "topic": "Знакомство и ожидания", "duration_minutes": 45,
           "participants": "наставник, наставляемый, куратор", "outcome": "Определили цели на четверть",
           "next_step": "Пробная встреча по дробям", "diary": "Ученик стесняется, но готов работать"}




def test_a_published_pair_is_worked_in_monitoring(stack, place, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    pair = _published_pair(curator)
    work = wait_until(lambda: _work(curator, pair["id"]), timeout=30, what="the pair learnt by monitoring")
    assert work["pair"]["status"] == "active" and work["pair"]["form"] == "teacher_pupil"
    assert work["pair"]["kind"] == "individual" and work["pair"]["term_start"] == pair["term_start"]
    assert work["meetings"] == [] and work["no_meeting_weeks"] == 4

    url = f"/api/v1/pairs/{pair['id']}/meetings"
    refusals = [
        ({"held_on": (today() + timedelta(days=1)).isoformat()}, "Встреча в будущем не может быть проведённой"),
        ({"held_on": today().isoformat(), "duration_minutes": 0}, "от 1 минуты до 8 часов"),
        ({"held_on": today().isoformat(), "duration_minutes": 481}, "от 1 минуты до 8 часов"),
        ({"held_on": (date.fromisoformat(pair["term_start"]) - timedelta(days=1)).isoformat()},
         "раньше, чем сформирована пара"),
        ({"held_on": "01.09.2026"}, "ГГГГ-ММ-ДД"),
    ]
    for changes, message in refusals:
        refused = curator.post(url, json={**MEETING, **changes})
        assert refused.status_code == 422, refused.text
        assert message in refused.json()["detail"], refused.json()
    assert _work(curator, pair["id"])["meetings"] == []  # type: ignore[index]

    planned = curator.post(f"/api/v1/pairs/{pair['id']}/plan",
                           json={"kind": "acquaintance", "planned_on": today().isoformat(), "topic": "Знакомство"})
    assert planned.status_code == 201, planned.text
    later = curator.post(f"/api/v1/pairs/{pair['id']}/plan",
                         json={"kind": "trial", "planned_on": (today() + timedelta(days=7)).isoformat()})
    assert later.status_code == 201, later.text
    held = curator.post(url, json={**MEETING, "held_on": today().isoformat()})
    assert held.status_code == 201, held.text
    assert held.json()["planned_id"] == planned.json()["id"]
    envelope = wait_until(lambda: published_envelope(stack, f"meetings/{held.json()['id']}"), timeout=30,
                          what="MeetingHeld published by monitoring's relay")
    assert envelope["type"] == "mentorship.monitoring.meeting_held.v1" and envelope["org_id"] == place["org_id"]
    assert MEETING["diary"] not in str(envelope) and MEETING["topic"] not in str(envelope)

    def meetings_counted() -> dict[str, Any] | None:  # reporting consumes monitoring.events: counts only
        found = curator.get("/api/v1/indicators/pairs")
        assert found.status_code == 200, found.text
        totals = found.json()["totals"]
        return totals if totals["meetings_held"] >= 1 else None

    totals = wait_until(meetings_counted, timeout=30, what="MeetingHeld counted by reporting")
    assert totals["meetings_held"] == 1 and totals["meetings_by_kind"] == {"acquaintance": 1}
    assert "Проведено встреч" in curator.get("/indicators").text
    work = _work(curator, pair["id"])
    assert work is not None and [m["diary"] for m in work["meetings"]] == [MEETING["diary"]]
    assert work["pair"]["meetings_held"] == 1 and work["pair"]["overdue"] == []
    assert [p["held_meeting_id"] for p in work["plan"]] == [held.json()["id"], ""]
    assert curator.get(f"/api/v1/pairs/{pair['id']}/plan").json()[1]["kind"] == "trial"

    # The pages: the pair card links the work page; the work page shows the diary and the plan.
    card = curator.get(f"/school/pairs/{pair['id']}").text
    assert f'/school/pairs/{pair["id"]}/work' in card
    page = curator.get(f"/school/pairs/{pair['id']}/work")
    assert page.status_code == 200 and MEETING["diary"] in page.text and "Календарный план" in page.text
    assert "Встреча-знакомство" in page.text and "Просрочек нет" in page.text and pair["mentee_name"] in page.text
    assert "Записать встречу" in page.text

    # The psychologist reads, but may not record; another school sees nothing of the pair.
    psychologist = login(place["psychologist"])
    assert _work(psychologist, pair["id"]) is not None
    assert psychologist.post(url, json={**MEETING, "held_on": today().isoformat()}).status_code == 403
    other = login(tenants.curator_b)
    assert other.get(f"/api/v1/pairs/{pair['id']}/meetings").status_code == 404
    assert other.post(url, json={**MEETING, "held_on": today().isoformat()}).status_code == 404
    assert pair["id"] not in other.get("/api/v1/monitoring/pairs").text

    # Closed in matching: monitoring learns it and refuses a meeting with the reason, writing nothing.
    closed = curator.post(f"/api/v1/pairs/{pair['id']}/close", json={"reason": "Замена наставника по заявлению"})
    assert closed.status_code == 200, closed.text
    wait_until(lambda: (w := _work(curator, pair["id"])) and w["pair"]["status"] == "closed", timeout=30,
               what="the close learnt by monitoring")
    refused = curator.post(url, json={**MEETING, "kind": "regular", "held_on": today().isoformat()})
    assert refused.status_code == 409 and "Пара закрыта" in refused.json()["detail"]
    assert len(_work(curator, pair["id"])["meetings"]) == 1  # type: ignore[index]




def test_overdue_is_derived_and_shown(stack, place, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    started = today() - timedelta(days=60)
    pair_id = formed_in_monitoring(stack, place, started)
    due = (started + timedelta(days=14)).isoformat()
    assert curator.post(f"/api/v1/pairs/{pair_id}/plan",
                        json={"kind": "trial", "planned_on": due, "topic": "Пробная"}).status_code == 201

    listed = curator.get("/api/v1/monitoring/pairs", params={"overdue_only": True}).json()
    mine = next(p for p in listed["pairs"] if p["pair_id"] == pair_id)
    assert mine["overdue"] == [f"Не проведена по плану: пробная встреча на {date.fromisoformat(due):%d.%m.%Y}",
                               "Нет встреч 4 нед. и дольше с начала работы пары"]
    page = curator.get("/school/monitoring").text
    assert "Не проведена по плану: пробная встреча" in page and 'class="overdue"' in page
    home = curator.get("/").text  # the reminder on the home page «На сегодня», linked to the pair's work
    assert "Пары с просроченными встречами" in home and f"/school/pairs/{pair_id}/work" in home
    assert f"Пара №{pair_id[:8]}" in home

    # Held three weeks ago, fulfilling the plan: only «no meeting in N weeks» is left once N is 2.
    held_on = (today() - timedelta(days=21)).isoformat()
    held = curator.post(f"/api/v1/pairs/{pair_id}/meetings",
                        json={**MEETING, "kind": "trial", "format": "remote", "held_on": held_on})
    assert held.status_code == 201, held.text
    assert curator.put("/api/v1/monitoring/settings", json={"no_meeting_weeks": 27}).status_code == 422
    assert curator.put("/api/v1/monitoring/settings", json={"no_meeting_weeks": 4}).json()["no_meeting_weeks"] == 4
    assert not any(p["pair_id"] == pair_id
                   for p in curator.get("/api/v1/monitoring/pairs", params={"overdue_only": True}).json()["pairs"])
    assert curator.put("/api/v1/monitoring/settings", json={"no_meeting_weeks": 2}).status_code == 200
    mine = next(p for p in curator.get("/api/v1/monitoring/pairs").json()["pairs"] if p["pair_id"] == pair_id)
    assert mine["overdue"] == [f"Нет встреч 2 нед. и дольше (последняя — {date.fromisoformat(held_on):%d.%m.%Y})"]
    assert mine["meetings_held"] == 1 and mine["last_meeting_on"] == held_on


def test_bad_page_input_is_shown_again_in_russian(place, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    pair = _published_pair(curator)
    wait_until(lambda: _work(curator, pair["id"]), timeout=30, what="the pair learnt by monitoring")
    csrf = curator.csrf
    answer = curator.post(f"/school/pairs/{pair['id']}/meetings", data={
        "csrf_token": csrf, "kind": "regular", "held_on": today().isoformat(), "format": "in_person",
        "topic": "Разбор задач", "duration_minutes": "600", "diary": "Напечатанный текст"})
    assert answer.status_code == 422 and "от 1 минуты до 8 часов" in answer.text
    assert "Напечатанный текст" in answer.text  # what was typed is kept
    assert _work(curator, pair["id"])["meetings"] == []  # type: ignore[index]
    done = curator.post(f"/school/pairs/{pair['id']}/meetings", data={
        "csrf_token": csrf, "kind": "regular", "held_on": today().isoformat(), "format": "remote",
        "topic": "Разбор задач", "duration_minutes": "60"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith(f"/school/pairs/{pair['id']}/work")
    assert "Разбор задач" in curator.get(f"/school/pairs/{pair['id']}/work").text


def test_the_school_names_where_reminders_go(place, login) -> None:  # type: ignore[no-untyped-def]
    """The reminder job mails the addresses the school names here (REST and the monitoring page)."""
    curator = login(place["curator"])
    saved = curator.put("/api/v1/monitoring/settings", json={
        "no_meeting_weeks": 4, "reminder_emails": ["Curator@School.example", "head@school.example"]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["reminder_emails"] == ["curator@school.example", "head@school.example"]
    refused = curator.put("/api/v1/monitoring/settings", json={"no_meeting_weeks": 4, "reminder_emails": ["нет"]})
    assert refused.status_code == 422 and "не адрес электронной почты" in refused.text
    kept = curator.put("/api/v1/monitoring/settings", json={"no_meeting_weeks": 4}).json()  # not given: kept
    assert kept["reminder_emails"] == ["curator@school.example", "head@school.example"]
    page = curator.get("/school/monitoring").text
    assert "Адреса для напоминаний" in page and "head@school.example" in page
    answer = curator.post("/school/monitoring/settings", data={
        "csrf_token": curator.csrf, "no_meeting_weeks": "4", "reminder_emails": "curator@school.example\nплохой"})
    assert answer.status_code == 422 and "«плохой» — не адрес электронной почты" in answer.text
    done = curator.post("/school/monitoring/settings", data={
        "csrf_token": curator.csrf, "no_meeting_weeks": "4", "reminder_emails": "curator@school.example"},
        follow_redirects=False)
    assert done.status_code == 303
    assert curator.get("/api/v1/monitoring/settings").json()["reminder_emails"] == ["curator@school.example"]
