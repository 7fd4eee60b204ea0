"""Оценка программы end to end (issue 13 items 5-7, ADR 013): the curator of school A scores the nine indicators of
001 §6 beside the platform's evidence, sees the level, cannot change a completed evaluation except by a new version
with its reason, downloads the «Аналитическая справка» that reads back with the same numbers; school B sees none of
it; the municipality and the region see the school's total and level through reporting — and no names. A pair's
student outcomes count in 3.5 / 3.6 of 000 App. 2; a mentor's evidence sheet counts the mentor's pairs."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import httpx

from tests.matching_support import mentor, request
from tests.support import Api, wait_until

PERIOD = "2026-H1"
KEYS = ("goals_fit", "principles_fit", "modern_approaches", "psychological_climate", "mentor_logic",
        "participants_satisfaction", "partners_satisfaction", "mentee_activity", "knowledge_application")
COMMISSION = "Председатель: Соколова Анна Петровна"


def _scores(*values: int) -> dict[str, int]:
    return dict(zip(KEYS, values, strict=True))


def test_the_curator_scores_the_program_and_the_outer_contour_sees_the_level(tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(tenants.curator_a)
    sheet = curator.get(f"/api/v1/monitoring/evaluations/{PERIOD}")
    assert sheet.status_code == 200, sheet.text
    body = sheet.json()
    assert [c["criterion"] for c in body["criteria"]] == list(KEYS) and body.get("current") is None
    evidence = {e["key"]: e for c in body["criteria"] for e in c["evidence"]}
    assert evidence["satisfaction_mean"]["available"] is False and evidence["meetings_held"]["available"] is True

    refused = curator.post(f"/api/v1/monitoring/evaluations/{PERIOD}", json={"scores": {**_scores(*[2] * 9),
                                                                                      "goals_fit": 3}})
    assert refused.status_code == 422 and "0, 1 или 2" in refused.json()["detail"], refused.text
    wrong_period = curator.get("/api/v1/monitoring/evaluations/2026-H3")
    assert wrong_period.status_code == 422 and "Период" in wrong_period.json()["detail"]

    first = curator.post(f"/api/v1/monitoring/evaluations/{PERIOD}",
                         json={"scores": _scores(2, 2, 1, 1, 2, 2, 2, 1, 1), "commission": COMMISSION})
    assert first.status_code == 201, first.text
    assert (first.json()["total"], first.json()["level"], first.json()["version"]) == (14, "acceptable", 1)

    frozen = curator.post(f"/api/v1/monitoring/evaluations/{PERIOD}",
                          json={"scores": _scores(*[2] * 9), "based_on_version": 1})
    assert frozen.status_code == 422 and "причину" in frozen.json()["detail"], frozen.text
    stale = curator.post(f"/api/v1/monitoring/evaluations/{PERIOD}",
                         json={"scores": _scores(*[2] * 9), "reason": "Пересчёт", "based_on_version": 0})
    assert stale.status_code == 409, stale.text
    assert curator.get(f"/api/v1/monitoring/evaluations/{PERIOD}").json()["current"]["total"] == 14

    second = curator.post(f"/api/v1/monitoring/evaluations/{PERIOD}",
                          json={"scores": _scores(2, 2, 1, 2, 2, 2, 2, 1, 1), "commission": COMMISSION,
                                "reason": "Учтены итоги пробных встреч", "based_on_version": 1})
    assert second.status_code == 201, second.text
    assert (second.json()["total"], second.json()["level"], second.json()["version"]) == (15, "optimal", 2)
    versions = curator.get(f"/api/v1/monitoring/evaluations/{PERIOD}").json()["versions"]
    assert [(v["version"], v["total"]) for v in versions] == [(1, 14), (2, 15)]
    assert [e["total"] for e in curator.get("/api/v1/monitoring/evaluations").json()["evaluations"]] == [15]

    spravka = curator.get(f"/api/v1/monitoring/evaluations/{PERIOD}/spravka.docx")
    assert spravka.status_code == 200 and spravka.content[:2] == b"PK"
    read = docx.Document(io.BytesIO(spravka.content))
    text = "\n".join(p.text for p in read.paragraphs)
    assert "Аналитическая справка по итогам мониторинга" in text and "Итого: 15 баллов из 18" in text
    assert "Уровень: оптимальный уровень" in text and COMMISSION in text
    scored = [[c.text for c in r.cells] for r in read.tables[0].rows if r.cells[0].text.isdigit()]
    assert [int(r[3]) for r in scored] == [2, 2, 1, 2, 2, 2, 2, 1, 1]

    other_school = login(tenants.curator_b)
    assert other_school.get(f"/api/v1/monitoring/evaluations/{PERIOD}").json().get("current") is None
    assert other_school.get("/api/v1/monitoring/evaluations").json().get("evaluations", []) == []

    municipality = login(tenants.mun_1)
    assert municipality.get(f"/api/v1/monitoring/evaluations/{PERIOD}").status_code == 403

    def school_a_row(client: Api) -> dict[str, Any] | None:
        found = client.get("/api/v1/indicators/evaluations")
        assert found.status_code == 200, found.text
        row = next((r for r in found.json()["schools"] if r["org_id"] == tenants.school_a), None)
        return found.json() if row and row.get("total") == 15 else None

    levels = wait_until(lambda: school_a_row(municipality), timeout=30, what="school A's level in reporting")
    row = next(r for r in levels["schools"] if r["org_id"] == tenants.school_a)
    assert (row["period"], row["level"], row["version"]) == (PERIOD, "optimal", 2)
    assert levels["totals"]["optimal"] >= 1 and "Соколова" not in str(levels)
    assert {r["org_id"] for r in levels["schools"]} == {tenants.school_a, tenants.school_c}
    region = login(tenants.region_op)
    assert wait_until(lambda: school_a_row(region), timeout=30, what="school A's level for the region")
    elsewhere = login(tenants.mun_2).get("/api/v1/indicators/evaluations").json()
    assert tenants.school_a not in {r["org_id"] for r in elsewhere["schools"]}
    page = municipality.get("/indicators")
    assert page.status_code == 200 and "Оценка программ наставничества" in page.text


def test_student_outcomes_count_in_3_5_and_3_6_and_a_mentor_s_evidence(tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(tenants.curator_a)
    made_mentor, _ = mentor(curator, "staff", "teacher", 1, subjects=["Физика"], experience_years=12)
    made = request(curator, "8Б", ["Физика"], "teacher_pupil")
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "kind": "individual", "term_months": 9})
    assert published.status_code == 200, published.text
    pair = next(p for p in published.json()["pairs"] if p["request_id"] == made["id"])

    def recorded() -> dict[str, Any] | None:
        found = curator.put(f"/api/v1/pairs/{pair['id']}/outcome",
                            json={"academic_improved": True, "contest_prepared": True, "note": "Олимпиада"})
        return found.json() if found.status_code == 200 else None

    outcome = wait_until(recorded, timeout=30, what="the pair learnt by monitoring and its outcome recorded")
    assert outcome["academic_improved"] and outcome["contest_prepared"] and outcome["version"] == 1

    def appendix() -> dict[str, int] | None:
        found = curator.get("/api/v1/indicators/participants").json()["appendix_indicators"]
        rows = {a["code"]: a["value"] for a in found}
        return rows if rows.get("3.5", 0) >= 1 and rows.get("3.6", 0) >= 1 else None

    rows = wait_until(appendix, timeout=30, what="3.5 and 3.6 counted by reporting")
    assert rows["3.5"] >= 1 and rows["3.6"] >= 1

    sheet = curator.get(f"/api/v1/persons/{made_mentor['person_id']}/mentor-evidence")
    assert sheet.status_code == 200, sheet.text
    work = sheet.json()["work"]
    assert (work["pairs_total"], work["mentees_improved"], work["mentees_contests"]) == (1, 1, 1)
    assert sheet.json()["level"] == "initial"
    assert login(tenants.mun_1).get(f"/api/v1/persons/{made_mentor['person_id']}/mentor-evidence").status_code == 403


def test_a_satisfaction_answer_shows_up_as_evidence_of_its_period(stack, tenants, login) -> None:  # type: ignore[no-untyped-def]
    """An anonymous answer to the curator's satisfaction questionnaire, given by its link, is counted beside
    «Степень удовлетворенности всех участников» of the period it was given in (001 §6): a mean out of 10."""
    curator = login(tenants.curator_a)
    copy = curator.post("/api/v1/questionnaires/templates/satisfaction_curator/copy")
    assert copy.status_code == 201, copy.text
    q = curator.post(f"/api/v1/questionnaires/{copy.json()['id']}/publish").json()
    issued = curator.post(f"/api/v1/questionnaires/{q['id']}/invitations",
                          json={"invitees": [{"respondent_kind": "curator", "label": "Куратор"}], "valid_days": 0})
    assert issued.status_code == 201, issued.text
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as public:
        answered = public.post(f"/q/{issued.json()['links'][0]['token']}",
                               data={"q1.1": "10", "q1.2": "10", "q1.3": "10", "q1.4": "10"})
    assert answered.status_code == 200, answered.text

    today = date.today()
    period = f"{today.year}-H{1 if today.month <= 6 else 2}"
    sheet = curator.get(f"/api/v1/monitoring/evaluations/{period}")
    assert sheet.status_code == 200, sheet.text
    shown = {e["key"]: e for c in sheet.json()["criteria"] if c["criterion"] == "participants_satisfaction"
             for e in c["evidence"]}
    assert shown["satisfaction_curator_mean"]["available"] and shown["satisfaction_curator_mean"]["value"] == 10
    assert shown["satisfaction_curator_mean"]["out_of"] == 10 and shown["satisfaction_answers"]["value"] >= 1
    assert shown["satisfaction_mean"]["available"]
    other_school = login(tenants.curator_b).get(f"/api/v1/monitoring/evaluations/{period}").json()
    elsewhere = {e["key"]: e for c in other_school["criteria"] for e in c["evidence"]}
    assert not elsewhere["satisfaction_curator_mean"].get("available", False)
