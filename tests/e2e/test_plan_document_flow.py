"""The pair's plan document end to end through the gateway (issue 12 item 2): a teacher mentee's personalised
program is drafted, refused in Russian with nothing written, agreed by the mentor (recorded by the curator) and the
curator, progressed; PlanItemDone leaves through monitoring's outbox with ids and facets only. A student mentee's
pair gets a development plan; another school sees nothing.

The teacher pair's PairFormed is applied through monitoring's own consumer as it would arrive from matching.events
(as in test_monitoring_flow: a run publishing a teacher-teacher pair needs a staff roster this test does not own)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.clock import today
from tests.matching_support import mentor, request
from tests.monitoring_support import formed_in_monitoring, published_envelope, school_place
from tests.support import wait_until


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return school_place(gateway_container, code="plan", title="планов")


def _teacher_pair(stack, place: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    return formed_in_monitoring(stack, place, today() - timedelta(days=30), days=330, form="teacher_teacher",
                                kind="individual")


def _program(start: str, end: str, **changes: Any) -> dict[str, Any]:
    return {"term_start": start, "term_end": end, "deficits": ["Формирующее оценивание", "Работа с родителями"],
            "final_product": "Методическая разработка урока",
            "items": [{"title": "Посещение уроков наставника", "due_on": (today() + timedelta(days=20)).isoformat(),
                       "expected_product": "Анализ трёх уроков"},
                      {"title": "Открытый урок", "due_on": (today() + timedelta(days=90)).isoformat(),
                       "expected_product": "Технологическая карта"}], **changes}


def test_a_teacher_program_is_drafted_agreed_and_progressed(stack, place, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    pair_id = _teacher_pair(stack, place)
    url = f"/api/v1/pairs/{pair_id}/plan-document"
    blank = curator.get(url)
    assert blank.status_code == 200, blank.text
    assert blank.json()["kind"] == "program" and blank.json()["version"] == 0
    start = blank.json()["term_start"]
    end = (datetime.fromisoformat(start).date() + timedelta(days=200)).isoformat()

    refusals = [
        (_program(start, (today() + timedelta(days=10)).isoformat()), "от 3 до 12 месяцев"),
        (_program(start, end, items=[{"title": "Урок", "due_on": (today() + timedelta(days=400)).isoformat()}]),
         "в сроке пары"),
        (_program(start, end, items=[{"title": " ", "due_on": today().isoformat()}]), "укажите название"),
    ]
    for body, message in refusals:
        refused = curator.put(url, json=body)
        assert refused.status_code == 422 and message in refused.text, refused.text
    assert curator.get(url).json()["version"] == 0  # nothing half-written

    drafted = curator.put(url, json=_program(start, end))
    assert drafted.status_code == 200, drafted.text
    document = drafted.json()
    assert document["version"] == 1 and not document["agreed"] and len(document["items"]) == 2
    item = document["items"][0]["id"]
    early = curator.post(f"{url}/items/{item}/progress", json={"progress": "done", "on": today().isoformat()})
    assert early.status_code == 409 and "не согласован" in early.json()["detail"]

    psychologist = login(place["psychologist"])
    assert psychologist.get(url).status_code == 200
    assert psychologist.post(f"{url}/agreements", json={"party": "mentor", "version": 1}).status_code == 403
    assert curator.post(f"{url}/agreements", json={"party": "mentor", "version": 1}).status_code == 200
    again = curator.post(f"{url}/agreements", json={"party": "mentor", "version": 1})
    assert again.status_code == 409 and "уже согласована" in again.json()["detail"]
    agreed = curator.post(f"{url}/agreements", json={"party": "curator", "version": 1})
    assert agreed.status_code == 200 and agreed.json()["agreed"]
    assert [a["party"] for a in agreed.json()["agreements"]] == ["mentor", "curator"]
    wait_until(lambda: published_envelope(stack, f"pairs/{pair_id}/plan-document/1"), timeout=30,
               what="PlanAgreed published by monitoring's relay")

    progressed = curator.post(f"{url}/items/{item}/progress",
                              json={"progress": "done", "on": today().isoformat(), "note": "Анализ сдан"})
    assert progressed.status_code == 200, progressed.text
    assert progressed.json()["items"][0]["progress"] == "done"
    envelope = wait_until(lambda: published_envelope(stack, f"pairs/{pair_id}/plan-document/items/{item}"), timeout=30,
                          what="PlanItemDone published by monitoring's relay")
    assert envelope["type"] == "mentorship.monitoring.plan_item_done.v1" and envelope["org_id"] == place["org_id"]
    assert "Анализ" not in str(envelope) and "Посещение" not in str(envelope)

    # Changing an agreed plan's items makes version 2, to be agreed again; progress is kept by item id.
    changed = _program(start, end, items=[{**document["items"][0], "title": "Посещение пяти уроков"}])
    for key in ("progress", "progress_on", "progress_note", "progress_by"):
        changed["items"][0].pop(key)
    version2 = curator.put(url, json=changed)
    assert version2.status_code == 200, version2.text
    assert version2.json()["version"] == 2 and not version2.json()["agreed"]
    assert version2.json()["items"][0]["progress"] == "done"

    other = login(tenants.curator_b)
    assert other.get(url).status_code == 404
    assert other.put(url, json=_program(start, end)).status_code == 404


def test_a_student_pair_gets_a_development_plan(place, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=8)
    made = request(curator, "7А", ["Математика"], "teacher_pupil")
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "kind": "individual", "term_months": 9})
    assert published.status_code == 200, published.text
    pair = next(p for p in published.json()["pairs"] if p["request_id"] == made["id"])
    url = f"/api/v1/pairs/{pair['id']}/plan-document"
    blank = wait_until(lambda: (r := curator.get(url)).status_code == 200 and r.json(), timeout=30,
                       what="the pair learnt by monitoring")
    assert blank["kind"] == "development_plan"
    short = curator.put(url, json={"term_start": blank["term_start"], "term_end": blank["term_start"],
                                   "items": [{"title": "Подтянуть дроби", "due_on": blank["term_start"],
                                              "expected_product": "Контрольная на «4»"}]})
    assert short.status_code == 200 and short.json()["version"] == 1, short.text
    work = curator.get(f"/school/pairs/{pair['id']}/work").text
    assert f"/school/pairs/{pair['id']}/plan-document" in work

    # The page: the plan shows; a bad row is refused in Russian with nothing written; agreements from the page.
    page_url = f"/school/pairs/{pair['id']}/plan-document"
    page = curator.get(page_url)
    assert page.status_code == 200 and "Индивидуальный план развития" in page.text and "Подтянуть дроби" in page.text
    item = short.json()["items"][0]["id"]
    form = {"csrf_token": curator.csrf, "term_start": blank["term_start"], "term_end": blank["term_start"],
            "item_id_0": item, "item_title_0": "Подтянуть дроби", "item_due_on_0": blank["term_start"],
            "item_title_1": "Без срока"}
    refused = curator.post(page_url, data=form)
    assert refused.status_code == 422 and "укажите дату" in refused.text
    assert len(curator.get(url).json()["items"]) == 1
    for party in ("mentor", "curator"):
        agreed = curator.post(f"{page_url}/agreements", data={"csrf_token": curator.csrf, "party": party,
                                                               "version": "1"}, follow_redirects=False)
        assert agreed.status_code == 303, agreed.text
    shown = curator.get(page_url).text
    assert "Согласован" in shown and "Записать согласие наставника" not in shown and "Отметить" in shown
    done = curator.post(f"{page_url}/progress", data={"csrf_token": curator.csrf, "item_id": item,
                                                      "progress": "in_progress", "on": today().isoformat()},
                        follow_redirects=False)
    assert done.status_code == 303, done.text
    assert curator.get(url).json()["items"][0]["progress"] == "in_progress"

