"""Reports end to end through the gateway (issue 12 item 4): the mentor's report per reporting period of a pair with
the period's meetings listed from monitoring's data; a report for a period not over, a second one for a period and
a half-year outside 1/2 are refused in Russian with nothing written; the school's half-year is assembled from the
data and downloaded as a DOCX that reads back with its numbers; another school sees nothing of the pair.

A pair with ended periods is a pair formed months ago: its PairFormed is applied through monitoring's own consumer as
it would arrive from matching.events (as tests/e2e/test_monitoring_flow.py does)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest

from tests.clock import today
from tests.matching_support import mentor, request
from tests.monitoring_support import formed_in_monitoring, school_place
from tests.support import Api, wait_until

REPORT = {"done": "Провели встречи по плану", "results": "Контрольная на «4»", "difficulties": "Пропуски",
          "plans": "Подготовка к олимпиаде"}
MEETING = {"format": "in_person", "topic": "Разбор задач", "duration_minutes": 45}



@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return school_place(gateway_container, code="rep", title="отчётов")


def _published_pair(curator: Api) -> dict[str, Any]:
    mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=8)
    made = request(curator, "7А", ["Математика"], "teacher_pupil")
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "kind": "individual", "term_months": 9})
    assert published.status_code == 200, published.text
    return dict(next(p for p in published.json()["pairs"] if p["request_id"] == made["id"]))


def test_mentor_reports_and_the_half_year_docx(stack, place, tenants, login) -> None:  # type: ignore[no-untyped-def]
    import docx

    from monitoring.domain.reports import half_year_bounds, reporting_periods

    curator = login(place["curator"])
    started = today() - timedelta(days=75)
    pair_id = formed_in_monitoring(stack, place, started)
    periods = reporting_periods(started, started + timedelta(days=270))
    first, running = periods[0], next(p for p in periods if p.end >= today())
    held_days = [first.start + timedelta(days=2), first.start + timedelta(days=9), today() - timedelta(days=3)]
    for n, day in enumerate(held_days):
        held = curator.post(f"/api/v1/pairs/{pair_id}/meetings",
                            json={**MEETING, "kind": "acquaintance" if n == 0 else "regular",
                                  "held_on": day.isoformat()})
        assert held.status_code == 201, held.text

    url = f"/api/v1/pairs/{pair_id}/reports"
    listed = curator.get(url).json()
    assert listed["schedule"] == "monthly" and listed["periods"][0]["due"] is True
    assert [m["held_on"] for m in listed["periods"][0]["meetings"]] == [d.isoformat() for d in held_days[:2]]
    assert listed["periods"][running.number - 1]["due"] is False

    # Refused in Russian, nothing written: a period not over, no such period, no text of the work done.
    for body, status, message in [
        ({**REPORT, "period_number": running.number}, 422, "после его окончания"),
        ({**REPORT, "period_number": 99}, 422, "периода №99 у этой пары нет"),
        ({**REPORT, "period_number": 1, "done": "   "}, 422, "Опишите проделанную работу"),
    ]:
        refused = curator.post(url, json=body)
        assert refused.status_code == status and message in refused.json()["detail"], refused.text
    assert all(p["report"] is None for p in curator.get(url).json()["periods"])

    accepted = curator.post(url, json={**REPORT, "period_number": 1})
    assert accepted.status_code == 201, accepted.text
    assert (accepted.json()["period_start"], accepted.json()["period_end"]) == (
        first.start.isoformat(), first.end.isoformat())

    def reports_counted() -> dict[str, Any] | None:  # reporting consumes ReportSubmitted: counts only (ADR 017)
        totals = curator.get("/api/v1/indicators/pairs").json()["totals"]
        return totals if totals["reports_submitted"] >= 1 else None

    assert wait_until(reports_counted, timeout=30, what="ReportSubmitted counted by reporting")[
        "reports_submitted"] == 1
    assert "Сдано отчётов наставников" in curator.get("/indicators").text
    twice = curator.post(url, json={**REPORT, "period_number": 1, "done": "Другое"})
    assert twice.status_code == 409 and "уже сдан" in twice.json()["detail"]
    assert curator.get(url).json()["periods"][0]["report"]["done"] == REPORT["done"]

    # The psychologist reads but may not record; another school sees nothing of the pair.
    psychologist = login(place["psychologist"])
    assert psychologist.get(url).status_code == 200
    assert psychologist.post(url, json={**REPORT, "period_number": 2}).status_code == 403
    other = login(tenants.curator_b)
    assert other.get(url).status_code == 404
    assert other.post(url, json={**REPORT, "period_number": 2}).status_code == 404

    # The half-year, assembled from the data, and its DOCX read back with the same numbers.
    year, half = today().year, 1 if today().month <= 6 else 2
    start, end = half_year_bounds(year, half)
    meetings = sum(1 for d in held_days if start <= d <= end)
    due = sum(1 for p in periods if start <= p.end <= end and p.end < today())
    submitted = int(start <= first.end <= end)
    figures = curator.get("/api/v1/monitoring/half-year", params={"year": year, "half": half}).json()
    assert figures["forms"] == [{"form": "student_student", "active": 1, "completed": 0, "closed": 0}]
    assert (figures["meetings_held"], figures["reports_due"], figures["reports_submitted"],
            figures["pairs_overdue"]) == (meetings, due, submitted, 0)
    assert curator.get("/api/v1/monitoring/half-year", params={"year": year, "half": 3}).status_code == 422
    bad = curator.post("/api/v1/monitoring/half-year/export.docx", json={"year": year, "half": 0})
    assert bad.status_code == 422 and "Полугодие — 1 или 2" in bad.json()["detail"]

    exported = curator.post("/api/v1/monitoring/half-year/export.docx",
                            json={"year": year, "half": half, "conclusion": "Работа пар идёт по плану."})
    assert exported.status_code == 200 and exported.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    read = docx.Document(io.BytesIO(exported.content))
    text = "\n".join(p.text for p in read.paragraphs)
    assert f"за {'I' if half == 1 else 'II'} полугодие {year} г." in text and "Работа пар идёт по плану." in text
    months = ("января", "июля")
    assert f"«01» {months[half - 1]} {year} г." in text
    pairs_table, figures_table = ([[c.text for c in row.cells] for row in t.rows] for t in read.tables)
    assert pairs_table[1] == ["Ученик – ученик", "1", "0", "0"] and pairs_table[-1] == ["Всего", "1", "0", "0"]
    assert dict((row[0], row[1]) for row in figures_table[1:]) == {
        "Проведено встреч за полугодие": str(meetings), "Пар с просроченными встречами": "0",
        "Отчётов наставников ожидалось": str(due), "Отчётов наставников сдано": str(submitted)}


def test_report_pages(stack, place, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    pair = _published_pair(curator)
    wait_until(lambda: curator.get(f"/api/v1/pairs/{pair['id']}/reports").status_code == 200 or None, timeout=30,
               what="the pair learnt by monitoring")
    work = curator.get(f"/school/pairs/{pair['id']}/work").text
    assert f"/school/pairs/{pair['id']}/reports" in work and 'href="/school/reports"' in work
    page = curator.get(f"/school/pairs/{pair['id']}/reports")
    assert page.status_code == 200 and "Отчётные периоды" in page.text and "(период не окончен)" in page.text
    assert pair["mentee_name"] in page.text and "Принять отчёт" not in page.text  # no period has ended yet
    refused = curator.post(f"/school/pairs/{pair['id']}/reports",
                           data={"csrf_token": curator.csrf, "period_number": "1", "done": "Напечатанный текст"})
    assert refused.status_code == 422 and "после его окончания" in refused.text
    assert all(p["report"] is None for p in curator.get(f"/api/v1/pairs/{pair['id']}/reports").json()["periods"])

    reports = curator.get("/school/reports")
    assert reports.status_code == 200 and "Скачать отчёт (DOCX)" in reports.text
    assert curator.get("/school/reports", params={"half": "3"}).status_code == 422
    year, half = today().year, 1 if today().month <= 6 else 2
    download = curator.post("/school/reports/half-year.docx", data={
        "csrf_token": curator.csrf, "year": str(year), "half": str(half), "conclusion": "Вывод куратора"})
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert login(tenants.curator_b).get(f"/school/pairs/{pair['id']}/reports").status_code == 404


def test_a_quarterly_pair_reports_per_quarter(stack, place, login) -> None:  # type: ignore[no-untyped-def]
    """The schedule comes with PairFormed (ADR 017): three-month periods, the first due once it is over."""
    curator = login(place["curator"])
    started = today() - timedelta(days=100)
    pair_id = formed_in_monitoring(stack, place, started, reporting="quarterly")
    listed = curator.get(f"/api/v1/pairs/{pair_id}/reports").json()
    assert listed["schedule"] == "quarterly" and len(listed["periods"]) == 3
    assert listed["periods"][0]["due"] is True and listed["periods"][1]["due"] is False
