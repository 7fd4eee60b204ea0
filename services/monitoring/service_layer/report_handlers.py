"""Use cases of the reports: the mentor's report per reporting period of a pair (the curator records and accepts it
until mentors sign in), and the school's half-yearly summary assembled from monitoring's data at read time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from mentorship_kit.policy import Action, require
from monitoring.domain.events import ReportSubmitted
from monitoring.domain.meetings import Meeting
from monitoring.domain.overdue import overdue_reasons
from monitoring.domain.reports import (
    DEFAULT_SCHEDULE,
    HalfYearSummary,
    MentorReport,
    ReportingPeriod,
    assemble_half_year,
    check_report,
    half_year_bounds,
    meetings_in,
    pair_periods,
)
from monitoring.service_layer.unit_of_work import UnitOfWork
from monitoring.service_layer.work_handlers import Clock, _pair, is_own, utc_now


@dataclass(frozen=True)
class PeriodView:
    period: ReportingPeriod
    due: bool
    meetings: list[Meeting]
    report: MentorReport | None
    schedule: str = DEFAULT_SCHEDULE
    """The pair's schedule the periods follow (each period carries it so the list alone answers the page)."""


def pair_reports(pair_id: str, uow: UnitOfWork, *, now: Clock = utc_now) -> list[PeriodView]:
    """Every reporting period of the pair with its meetings (listed automatically) and its report, if filed."""
    require(uow.principal, Action.PAIR_READ)
    today = now().date()
    with uow:
        pair = _pair(uow, pair_id)
        meetings, reports = uow.meetings.of_pair(pair.id), uow.reports.of_pair(pair.id)
    filed = {r.period_number: r for r in reports}
    return [PeriodView(p, p.due(today), meetings_in(p, meetings), filed.get(p.number), pair.reporting)
            for p in pair_periods(pair)]


def submit_report(pair_id: str, period_number: int, texts: dict[str, str], uow: UnitOfWork, *,
                  now: Clock = utc_now) -> MentorReport:
    """Accept the mentor's report for an ended period: the row and its ``ReportSubmitted`` are one transaction; the
    pair's lock and the unique (pair, period) keep a second report for the period out (409)."""
    require(uow.principal, Action.PAIR_WORK_RECORD)
    moment = now()
    with uow:
        pair = _pair(uow, pair_id, lock=True)
        period, sections = check_report(pair, period_number, texts, today=moment.date(),
                                        filed=uow.reports.of_pair(pair.id))
        report = MentorReport(id=str(uuid.uuid4()), pair_id=pair.id, org_id=pair.org_id,
                              municipality_id=pair.municipality_id, region_id=pair.region_id,
                              period_number=period.number, period_start=period.start, period_end=period.end,
                              submitted_by=uow.principal.user_id, submitted_at=moment, **sections)
        uow.reports.add(report)
        uow.collect(ReportSubmitted(report))
        uow.commit()
    return report


@dataclass(frozen=True)
class ReportDue:
    pair_id: str
    period: ReportingPeriod


def reports_due(uow: UnitOfWork, *, now: Clock = utc_now) -> list[ReportDue]:
    """The ended periods of the caller's active pairs with no mentor's report, oldest first: the school's for the
    staff who record them, a mentor's own pairs for a mentor's login (ADR 010)."""
    require(uow.principal, Action.PAIR_WORK_RECORD)
    today = now().date()
    with uow:
        pairs, reports = uow.pairs.all(), uow.reports.all()
    filed = {(r.pair_id, r.period_number) for r in reports}
    due = [ReportDue(pair.id, period) for pair in pairs if pair.status == "active" and is_own(uow.principal, pair)
           for period in pair_periods(pair) if period.due(today) and (pair.id, period.number) not in filed]
    return sorted(due, key=lambda d: (d.period.end, d.pair_id))


def half_year_summary(year: int, half: int, uow: UnitOfWork, *, now: Clock = utc_now) -> HalfYearSummary:
    require(uow.principal, Action.SCHOOL_REPORT)
    start, end = half_year_bounds(year, half)  # refuses a wrong half before touching the database
    today = now().date()
    with uow:
        pairs, meetings, reports = uow.pairs.all(), uow.meetings.between(start, end), uow.reports.all()
        held, open_plan = uow.meetings.held_summary(), uow.plan.open_before(today)
        weeks = uow.settings.no_meeting_weeks()
    overdue = {pair.id for pair in pairs
               if overdue_reasons(pair, [o for o in open_plan if o.pair_id == pair.id],
                                  held.get(pair.id, (0, None))[1], today=today, no_meeting_weeks=weeks)}
    return assemble_half_year(year, half, pairs, meetings, reports, overdue, today=today)
