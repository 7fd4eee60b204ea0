"""Reports (issue 12 item 4) against the in-memory unit of work: reporting periods from the term and the schedule,
the mentor's report per ended period with its meetings listed, refusals in Russian with nothing written (a period
not over, twice for a period, no such period), and the half-year summary assembled from the data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import pairwise

import pytest

from mentorship_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.event_codec import encode_event
from monitoring.domain import commands
from monitoring.domain.events import ReportSubmitted
from monitoring.domain.reports import ReportingPeriod, half_year_bounds, reporting_periods
from monitoring.service_layer.pair_events import learn_pair
from monitoring.service_layer.report_handlers import half_year_summary, pair_reports, submit_report
from monitoring.service_layer.work_handlers import record_meeting
from tests.unit.monitoring_fakes import FakeMonitoringUnitOfWork, as_protocol

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
PAIR = "11111111-1111-1111-1111-111111111111"
OTHER = "22222222-2222-2222-2222-222222222222"
TODAY = datetime(2026, 11, 27, 10, tzinfo=UTC)
REPORT = {"done": "Провели три встречи", "results": "Контрольная на «4»", "difficulties": "Нет",
          "plans": "Подготовка к олимпиаде"}


def clock() -> datetime:
    return TODAY


def learn(uow: FakeMonitoringUnitOfWork, pair_id: str, *, start: str, end: str, form: str = "teacher_pupil",
          status: str = "active", version: int = 1) -> None:
    learn_pair(commands.LearnPair(pair_id=pair_id, version=version, mentor_id="m", mentee_id="e", form=form,
                                  kind="individual", term_start=start, term_end=end, status=status), uow)


@pytest.fixture
def uow() -> FakeMonitoringUnitOfWork:
    curator = Principal(user_id="u-curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=ORG,
                        municipality_id=MUN, region_id=REG)
    fake = FakeMonitoringUnitOfWork(curator)
    as_protocol(fake)
    learn(fake, PAIR, start="2026-09-01", end="2027-05-28")
    return fake


def held(uow: FakeMonitoringUnitOfWork, day: str, kind: str = "regular") -> None:
    record_meeting(commands.RecordMeeting(pair_id=PAIR, kind=kind, held_on=day, format="in_person", topic="Дроби",
                                          duration_minutes=40), uow, now=clock)


def test_periods_cover_the_term_monthly_quarterly_and_final() -> None:
    monthly = reporting_periods(date(2026, 9, 1), date(2027, 5, 28), "monthly")
    assert len(monthly) == 9 and monthly[0] == ReportingPeriod(1, date(2026, 9, 1), date(2026, 9, 30))
    assert monthly[-1] == ReportingPeriod(9, date(2027, 5, 1), date(2027, 5, 28))
    quarterly = reporting_periods(date(2026, 9, 1), date(2027, 5, 28), "quarterly")
    assert [(p.start, p.end) for p in quarterly] == [
        (date(2026, 9, 1), date(2026, 11, 30)), (date(2026, 12, 1), date(2027, 2, 28)),
        (date(2027, 3, 1), date(2027, 5, 28))]
    assert reporting_periods(date(2026, 9, 1), date(2027, 5, 28), "final") == [
        ReportingPeriod(1, date(2026, 9, 1), date(2027, 5, 28))]
    month_end = reporting_periods(date(2027, 1, 31), date(2027, 4, 15), "monthly")
    assert [p.end for p in month_end] == [date(2027, 2, 27), date(2027, 3, 30), date(2027, 4, 15)]
    assert all(a.end.toordinal() + 1 == b.start.toordinal() for a, b in pairwise(month_end))


def test_a_report_for_an_ended_period_lists_its_meetings_and_is_announced_without_text(
        uow: FakeMonitoringUnitOfWork) -> None:
    held(uow, "2026-09-10", "acquaintance")
    held(uow, "2026-10-05")
    held(uow, "2026-10-20")
    report = submit_report(PAIR, 2, REPORT, uow, now=clock)
    assert (report.period_start, report.period_end, report.submitted_by) == (
        date(2026, 10, 1), date(2026, 10, 31), "u-curator")
    periods = pair_reports(PAIR, uow, now=clock)
    assert [p.due for p in periods[:4]] == [True, True, False, False]
    assert [m.held_on for m in periods[1].meetings] == [date(2026, 10, 5), date(2026, 10, 20)]
    assert periods[1].report is not None and periods[1].report.done == "Провели три встречи"
    assert periods[0].report is None and len(periods[0].meetings) == 1
    assert uow.events[-1] == ReportSubmitted(report)
    wire = encode_event(uow.events[-1])
    assert wire.type == "mentorship.monitoring.report_submitted.v1" and wire.org_id == ORG
    assert wire.payload.period_number == 2 and list(wire.payload.facets) == ["report", "report.mentor"]
    assert "встречи" not in str(wire.payload) and "олимпиаде" not in str(wire.payload)


@pytest.mark.parametrize(("period", "texts", "message"), [
    (3, REPORT, "после его окончания (30.11.2026)"),
    (10, REPORT, "периода №10 у этой пары нет"),
    (0, REPORT, "периода №0 у этой пары нет"),
    (1, {**REPORT, "done": " \x00 "}, "Опишите проделанную работу"),
    (1, {**REPORT, "plans": "п" * 4001}, "Не длиннее 4000"),
])
def test_bad_reports_are_refused_in_russian_and_nothing_is_written(uow: FakeMonitoringUnitOfWork, period: int,
                                                                   texts: dict[str, str], message: str) -> None:
    before = len(uow.events)
    with pytest.raises(ValidationFailed) as refused:
        submit_report(PAIR, period, texts, uow, now=clock)
    assert message in str([p.message for p in refused.value.problems])
    assert uow.reports.rows == {} and len(uow.events) == before


def test_a_second_report_for_the_period_is_a_conflict(uow: FakeMonitoringUnitOfWork) -> None:
    submit_report(PAIR, 1, REPORT, uow, now=clock)
    with pytest.raises(Conflict, match="уже сдан"):
        submit_report(PAIR, 1, {**REPORT, "done": "Другое"}, uow, now=clock)
    assert [r.done for r in uow.reports.rows.values()] == ["Провели три встречи"]


def test_unknown_pair_and_missing_rights_are_refused(uow: FakeMonitoringUnitOfWork) -> None:
    with pytest.raises(NotFound):
        submit_report(OTHER, 1, REPORT, uow, now=clock)
    with pytest.raises(NotFound):
        pair_reports("not-an-id", uow, now=clock)
    uow.principal = Principal(user_id="u-psy", roles=frozenset({Role.SCHOOL_PSYCHOLOGIST}), scope=Scope.ORG,
                              org_id=ORG, municipality_id=MUN, region_id=REG)
    with pytest.raises(Forbidden):
        submit_report(PAIR, 1, REPORT, uow, now=clock)
    assert uow.reports.rows == {}


def test_the_half_year_is_assembled_from_pairs_meetings_overdue_and_reports(uow: FakeMonitoringUnitOfWork) -> None:
    learn(uow, OTHER, start="2026-09-01", end="2027-05-28", form="student_student")
    learn(uow, OTHER, start="", end="", form="", status="closed", version=2)
    learn(uow, "33333333-3333-3333-3333-333333333333", start="2026-02-01", end="2026-06-30")  # first half only
    held(uow, "2026-09-10", "acquaintance")
    held(uow, "2026-10-05")
    submit_report(PAIR, 1, REPORT, uow, now=clock)
    summary = half_year_summary(2026, 2, uow, now=clock)
    assert (summary.start, summary.end) == (date(2026, 7, 1), date(2026, 12, 31))
    assert {f: (c.active, c.completed, c.closed) for f, c in summary.by_form.items()} == {
        "student_student": (0, 0, 1), "teacher_pupil": (1, 0, 0)}
    assert summary.meetings_held == 2
    assert summary.pairs_overdue == 1  # the active pair: no meeting since 05.10 (4 weeks); a closed one is never
    # periods ended by 27.11: September and October, for each of the two pairs of the half-year
    assert (summary.reports_due, summary.reports_submitted) == (4, 1)
    first = half_year_summary(2026, 1, uow, now=clock)
    assert {f: c.active for f, c in first.by_form.items()} == {"teacher_pupil": 1} and first.reports_due == 5


@pytest.mark.parametrize(("year", "half"), [(2026, 0), (2026, 3), (1999, 1)])
def test_a_half_year_outside_one_or_two_is_refused(uow: FakeMonitoringUnitOfWork, year: int, half: int) -> None:
    with pytest.raises(ValidationFailed, match="Полугодие"):
        half_year_summary(year, half, uow, now=clock)
    with pytest.raises(ValidationFailed):
        half_year_bounds(year, half)
