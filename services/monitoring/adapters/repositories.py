"""Pairs, meetings, the plan and the school's setting in PostgreSQL, always inside the school the unit of work bound
(row-level security keeps the rest out of reach)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from monitoring.adapters.questionnaire_repository import questionnaire_of
from monitoring.adapters.tables import (
    group_meetings,
    meetings,
    mentor_reports,
    monitored_groups,
    monitored_pairs,
    pair_outcomes,
    plan_documents,
    planned_meetings,
    program_evaluations,
    questionnaire_responses,
    questionnaires,
    reminder_recipients,
    school_settings,
    sent_reminders,
    sent_work_reminders,
)
from monitoring.domain.evaluation import CRITERION_KEYS, SATISFACTION_PURPOSES, ProgramEvaluation
from monitoring.domain.groups import GroupMeeting, MonitoredGroup
from monitoring.domain.meetings import Meeting, PlannedMeeting
from monitoring.domain.outcomes import PairOutcome
from monitoring.domain.overdue import DEFAULT_NO_MEETING_WEEKS
from monitoring.domain.pairs import MonitoredPair, PairStatus
from monitoring.domain.plans import Agreement, PlanDocument, PlanItem
from monitoring.domain.questionnaires import Answers, Questionnaire
from monitoring.domain.reports import MentorReport

_PAIR = ("mentor_id", "mentee_id", "form", "kind", "term_start", "term_end", "reporting", "ended_on")
_MEETING = ("kind", "held_on", "format", "topic", "duration_minutes", "participants", "outcome", "next_step", "diary",
            "recorded_by", "recorded_at")
_TENANT = ("org_id", "municipality_id", "region_id")


def _ids(row: Any, *names: str) -> dict[str, str]:
    return {n: str(getattr(row, n)) if getattr(row, n) is not None else "" for n in names}


def _pair(row: Any) -> MonitoredPair:
    return MonitoredPair(**_ids(row, "id", *_TENANT, "mentor_id", "mentee_id"), form=row.form, kind=row.kind,
                         term_start=row.term_start, term_end=row.term_end, status=PairStatus(row.status),
                         version=int(row.version), reporting=row.reporting, ended_on=row.ended_on)


class SqlPairRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, pair_id: str, *, lock: bool = False) -> MonitoredPair | None:
        if lock:  # an advisory lock: the application role may not lock the consumer's rows (it cannot update them)
            self._s.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(f"monitoring.pair:{pair_id}", 0))))
        row = self._s.execute(select(monitored_pairs).where(monitored_pairs.c.id == pair_id)).first()
        return _pair(row) if row else None

    def put(self, pair: MonitoredPair) -> bool:
        values = {"id": pair.id, **{n: getattr(pair, n) for n in (*_TENANT, *_PAIR)}, "status": pair.status.value,
                  "version": pair.version}
        q = pg_insert(monitored_pairs).values(values)
        q = q.on_conflict_do_update(index_elements=[monitored_pairs.c.id],
                                    set_={k: q.excluded[k] for k in values if k != "id"},
                                    where=monitored_pairs.c.version < q.excluded.version)
        return self._s.execute(q.returning(monitored_pairs.c.id)).first() is not None

    def all(self) -> list[MonitoredPair]:
        return [_pair(r) for r in self._s.execute(select(monitored_pairs)).all()]


def _meeting(row: Any) -> Meeting:
    values: dict[str, Any] = {**_ids(row, "id", "pair_id", *_TENANT, "planned_id"),
                              **{n: getattr(row, n) for n in _MEETING}}
    return Meeting(**values)


class SqlMeetingRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, m: Meeting) -> None:
        self._s.execute(insert(meetings).values(
            id=m.id, pair_id=m.pair_id, planned_id=m.planned_id or None,
            **{n: getattr(m, n) for n in (*_TENANT, *_MEETING)}))

    def of_pair(self, pair_id: str) -> list[Meeting]:
        rows = self._s.execute(select(meetings).where(meetings.c.pair_id == pair_id)
                               .order_by(meetings.c.held_on.desc(), meetings.c.recorded_at.desc())).all()
        return [_meeting(r) for r in rows]

    def between(self, start: date, end: date) -> list[Meeting]:
        rows = self._s.execute(select(meetings).where(meetings.c.held_on.between(start, end))).all()
        return [_meeting(r) for r in rows]

    def held_summary(self) -> dict[str, tuple[int, date]]:
        rows = self._s.execute(select(meetings.c.pair_id, func.count(), func.max(meetings.c.held_on))
                               .group_by(meetings.c.pair_id)).all()
        return {str(p): (int(n), last) for p, n, last in rows}


def _planned(row: Any) -> PlannedMeeting:
    return PlannedMeeting(**_ids(row, "id", "pair_id", *_TENANT, "held_meeting_id"), kind=row.kind,
                          planned_on=row.planned_on, topic=row.topic)


class SqlPlanRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, p: PlannedMeeting) -> None:
        self._s.execute(insert(planned_meetings).values(
            id=p.id, pair_id=p.pair_id, kind=p.kind, planned_on=p.planned_on, topic=p.topic,
            held_meeting_id=p.held_meeting_id or None, **{n: getattr(p, n) for n in _TENANT}))

    def of_pair(self, pair_id: str) -> list[PlannedMeeting]:
        rows = self._s.execute(select(planned_meetings).where(planned_meetings.c.pair_id == pair_id)
                               .order_by(planned_meetings.c.planned_on, planned_meetings.c.id)).all()
        return [_planned(r) for r in rows]

    def mark_held(self, planned_id: str, meeting_id: str) -> None:
        self._s.execute(update(planned_meetings).where(planned_meetings.c.id == planned_id)
                        .values(held_meeting_id=meeting_id))

    def open_before(self, day: date) -> list[PlannedMeeting]:
        rows = self._s.execute(select(planned_meetings).where(planned_meetings.c.held_meeting_id.is_(None),
                                                              planned_meetings.c.planned_on < day)).all()
        return [_planned(r) for r in rows]


class SqlSettingsRepository:
    def __init__(self, session: Session, tenant: tuple[str, str, str]) -> None:
        self._s = session
        self._tenant = tenant

    def no_meeting_weeks(self) -> int:
        found = self._s.execute(select(school_settings.c.no_meeting_weeks)).scalar()
        return int(found) if found is not None else DEFAULT_NO_MEETING_WEEKS

    def set_no_meeting_weeks(self, weeks: int) -> None:
        org, municipality, region = self._tenant
        q = pg_insert(school_settings).values(org_id=org, municipality_id=municipality, region_id=region,
                                              no_meeting_weeks=weeks)
        self._s.execute(q.on_conflict_do_update(index_elements=[school_settings.c.org_id],
                                                set_={"no_meeting_weeks": weeks}))


class SqlReminderRepository:
    def __init__(self, session: Session, tenant: tuple[str, str, str]) -> None:
        self._s = session
        self._tenant = tenant

    def recipients(self) -> list[str]:
        rows = self._s.execute(select(reminder_recipients.c.email).order_by(reminder_recipients.c.email)).all()
        return [str(r.email) for r in rows]

    def set_recipients(self, emails: list[str]) -> None:
        org, municipality, region = self._tenant
        self._s.execute(delete(reminder_recipients))
        if emails:
            self._s.execute(reminder_recipients.insert(), [
                {"org_id": org, "municipality_id": municipality, "region_id": region, "email": e} for e in emails])

    def claim(self, pair_id: str, overdue_on: date) -> bool:
        org, municipality, region = self._tenant
        q = pg_insert(sent_reminders).values(org_id=org, municipality_id=municipality, region_id=region,
                                             pair_id=pair_id, overdue_on=overdue_on, sent_at=func.now())
        return self._s.execute(q.on_conflict_do_nothing().returning(sent_reminders.c.pair_id)).first() is not None

    def claim_work(self, kind: str, pair_id: str, condition: str) -> bool:
        org, municipality, region = self._tenant
        q = pg_insert(sent_work_reminders).values(org_id=org, municipality_id=municipality, region_id=region,
                                                  kind=kind, pair_id=pair_id, condition=condition,
                                                  sent_at=func.now())
        return self._s.execute(q.on_conflict_do_nothing().returning(sent_work_reminders.c.pair_id)).first() \
            is not None


def _opt_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _document(row: Any) -> PlanDocument:
    items = [PlanItem(id=i["id"], title=i["title"], due_on=date.fromisoformat(i["due_on"]),
                      expected_product=i["expected_product"], progress=i["progress"],
                      progress_on=_opt_day(i["progress_on"]), progress_note=i["progress_note"],
                      progress_by=i["progress_by"]) for i in row.items]
    agreements = [Agreement(a["party"], a["recorded_by"], datetime.fromisoformat(a["recorded_at"]))
                  for a in row.agreements]
    return PlanDocument(**_ids(row, "pair_id", *_TENANT), kind=row.kind, version=int(row.version),
                        term_start=row.term_start, term_end=row.term_end, deficits=list(row.deficits),
                        final_product=row.final_product, items=items, agreements=agreements,
                        drafted_by=row.drafted_by, updated_at=row.updated_at)


class SqlPlanDocumentRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, pair_id: str) -> PlanDocument | None:
        row = self._s.execute(select(plan_documents).where(plan_documents.c.pair_id == pair_id)).first()
        return _document(row) if row else None

    def put(self, d: PlanDocument) -> None:
        items = [{"id": i.id, "title": i.title, "due_on": i.due_on.isoformat(), "expected_product": i.expected_product,
                  "progress": i.progress, "progress_on": i.progress_on.isoformat() if i.progress_on else None,
                  "progress_note": i.progress_note, "progress_by": i.progress_by} for i in d.items]
        agreements = [{"party": a.party, "recorded_by": a.recorded_by, "recorded_at": a.recorded_at.isoformat()}
                      for a in d.agreements]
        values = {"kind": d.kind, "version": d.version, "term_start": d.term_start, "term_end": d.term_end,
                  "deficits": d.deficits, "final_product": d.final_product, "items": items,
                  "agreements": agreements, "drafted_by": d.drafted_by, "updated_at": d.updated_at}
        q = pg_insert(plan_documents).values(pair_id=d.pair_id, **{n: getattr(d, n) for n in _TENANT}, **values)
        self._s.execute(q.on_conflict_do_update(index_elements=[plan_documents.c.pair_id], set_=values))

    def all(self) -> list[PlanDocument]:
        return [_document(r) for r in self._s.execute(select(plan_documents)).all()]


_REPORT = ("period_number", "period_start", "period_end", "done", "results", "difficulties", "plans", "submitted_by",
           "submitted_at")


def _report(row: Any) -> MentorReport:
    values: dict[str, Any] = {**_ids(row, "id", "pair_id", *_TENANT), **{n: getattr(row, n) for n in _REPORT}}
    return MentorReport(**values)


class SqlReportRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, r: MentorReport) -> None:
        self._s.execute(insert(mentor_reports).values(
            id=r.id, pair_id=r.pair_id, **{n: getattr(r, n) for n in (*_TENANT, *_REPORT)}))

    def of_pair(self, pair_id: str) -> list[MentorReport]:
        rows = self._s.execute(select(mentor_reports).where(mentor_reports.c.pair_id == pair_id)
                               .order_by(mentor_reports.c.period_number)).all()
        return [_report(r) for r in rows]

    def all(self) -> list[MentorReport]:
        return [_report(r) for r in self._s.execute(select(mentor_reports)).all()]


def _evaluation(row: Any) -> ProgramEvaluation:
    scores = {key: int(row.scores[key]) for key in CRITERION_KEYS if key in row.scores}
    return ProgramEvaluation(**_ids(row, "id", *_TENANT), period=row.period, version=int(row.version), scores=scores,
                             commission=row.commission, reason=row.reason, completed_by=row.completed_by,
                             completed_at=row.completed_at, notes=dict(row.notes))


def _period_order(period: str) -> tuple[int, int]:
    """2025-H2 < 2025-2026 < 2026-H1: by the year it starts, a half-year before the school year starting then."""
    year = int(period[:4])
    return (year, 0 if period.endswith("H1") else 1 if period.endswith("H2") else 2)


class SqlEvaluationRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, e: ProgramEvaluation) -> None:
        self._s.execute(insert(program_evaluations).values(
            id=e.id, **{n: getattr(e, n) for n in _TENANT}, period=e.period, version=e.version, scores=e.scores,
            notes=e.notes, total=e.total, level=e.level.value, commission=e.commission, reason=e.reason,
            completed_by=e.completed_by, completed_at=e.completed_at))

    def of_period(self, period: str) -> list[ProgramEvaluation]:
        rows = self._s.execute(select(program_evaluations).where(program_evaluations.c.period == period)
                               .order_by(program_evaluations.c.version)).all()
        return [_evaluation(r) for r in rows]

    def latest_per_period(self) -> list[ProgramEvaluation]:
        rows = self._s.execute(select(program_evaluations)
                               .distinct(program_evaluations.c.period)
                               .order_by(program_evaluations.c.period, program_evaluations.c.version.desc())).all()
        return sorted((_evaluation(r) for r in rows), key=lambda e: _period_order(e.period))

    def lock_period(self, period: str) -> None:
        self._s.execute(select(func.pg_advisory_xact_lock(
            func.hashtextextended(func.concat("monitoring.evaluation:", func.app_org_id(), ":", period), 0))))

    def satisfaction_answers(self, start: date, end: date) -> list[tuple[Questionnaire, Answers]]:
        # Only the answers' own table and the questionnaire: response_respondents is never joined, so an anonymous
        # answer and a named one are read alike, as numbers.
        r, q = questionnaire_responses, questionnaires
        rows = self._s.execute(select(q, r.c.answers).select_from(r.join(q, q.c.id == r.c.questionnaire_id))
                               .where(q.c.purpose.in_(SATISFACTION_PURPOSES), r.c.submitted_on >= start,
                                      r.c.submitted_on <= end)
                               .order_by(r.c.submitted_on, r.c.id)).all()
        found: dict[str, Questionnaire] = {}
        return [(found.setdefault(str(row.id), questionnaire_of(row)), dict(row.answers)) for row in rows]


_OUTCOME = ("academic_improved", "contest_prepared", "note", "version", "recorded_by", "recorded_at",
            "management_reserve", "project_lead", "pro_contest")


def _outcome(row: Any) -> PairOutcome:
    values: dict[str, Any] = {**_ids(row, "pair_id", *_TENANT, "mentee_id"), **{n: getattr(row, n) for n in _OUTCOME}}
    return PairOutcome(**values)


class SqlOutcomeRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, pair_id: str) -> PairOutcome | None:
        row = self._s.execute(select(pair_outcomes).where(pair_outcomes.c.pair_id == pair_id)).first()
        return _outcome(row) if row else None

    def put(self, o: PairOutcome) -> None:
        values = {n: getattr(o, n) for n in _OUTCOME}
        q = pg_insert(pair_outcomes).values(pair_id=o.pair_id, mentee_id=o.mentee_id,
                                            **{n: getattr(o, n) for n in _TENANT}, **values)
        self._s.execute(q.on_conflict_do_update(index_elements=[pair_outcomes.c.pair_id], set_=values))

    def of_mentee(self, mentee_id: str) -> list[PairOutcome]:
        rows = self._s.execute(select(pair_outcomes).where(pair_outcomes.c.mentee_id == mentee_id)).all()
        return [_outcome(r) for r in rows]

    def lock_mentee(self, mentee_id: str) -> None:
        self._s.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(f"monitoring.mentee:{mentee_id}", 0))))

    def all(self) -> list[PairOutcome]:
        return [_outcome(r) for r in self._s.execute(select(pair_outcomes)).all()]


def _group(row: Any) -> MonitoredGroup:
    return MonitoredGroup(**_ids(row, "id", *_TENANT), form=row.form, kind=row.kind, term_start=row.term_start,
                          term_end=row.term_end, status=PairStatus(row.status), version=int(row.version),
                          reporting=row.reporting, ended_on=row.ended_on, mentor_ids=list(row.mentor_ids),
                          members={str(k): bool(v) for k, v in dict(row.members).items()})


class SqlGroupRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, group_id: str, *, lock: bool = False) -> MonitoredGroup | None:
        if lock:  # as for pairs: an advisory lock, the application role cannot lock the consumer's rows
            self._s.execute(select(func.pg_advisory_xact_lock(
                func.hashtextextended(f"monitoring.group:{group_id}", 0))))
        row = self._s.execute(select(monitored_groups).where(monitored_groups.c.id == group_id)).first()
        return _group(row) if row else None

    def put(self, group: MonitoredGroup) -> bool:
        values = {"id": group.id, **{n: getattr(group, n) for n in _TENANT}, "form": group.form, "kind": group.kind,
                  "term_start": group.term_start, "term_end": group.term_end, "reporting": group.reporting,
                  "status": group.status.value, "ended_on": group.ended_on, "mentor_ids": group.mentor_ids,
                  "members": group.members, "version": group.version}
        q = pg_insert(monitored_groups).values(values)
        q = q.on_conflict_do_update(index_elements=[monitored_groups.c.id],
                                    set_={k: q.excluded[k] for k in values if k != "id"},
                                    where=monitored_groups.c.version < q.excluded.version)
        return self._s.execute(q.returning(monitored_groups.c.id)).first() is not None

    def all(self) -> list[MonitoredGroup]:
        return [_group(r) for r in self._s.execute(select(monitored_groups).order_by(monitored_groups.c.term_start,
                                                                                        monitored_groups.c.id))]


_GROUP_MEETING = ("kind", "held_on", "format", "topic", "duration_minutes", "outcome", "next_step", "diary",
                  "attendance", "recorded_by", "recorded_at")


class SqlGroupMeetingRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, m: GroupMeeting) -> None:
        self._s.execute(insert(group_meetings).values(
            id=m.id, group_id=m.group_id, **{n: getattr(m, n) for n in (*_TENANT, *_GROUP_MEETING)}))

    def of_group(self, group_id: str) -> list[GroupMeeting]:
        rows = self._s.execute(select(group_meetings).where(group_meetings.c.group_id == group_id)
                               .order_by(group_meetings.c.held_on.desc(), group_meetings.c.recorded_at.desc())).all()
        return [_group_meeting(r) for r in rows]

    def last_held(self) -> dict[str, tuple[int, date]]:
        rows = self._s.execute(select(group_meetings.c.group_id, func.count(), func.max(group_meetings.c.held_on))
                               .group_by(group_meetings.c.group_id)).all()
        return {str(r[0]): (int(r[1]), r[2]) for r in rows}


def _group_meeting(row: Any) -> GroupMeeting:
    values: dict[str, Any] = {**_ids(row, "id", "group_id", *_TENANT),
                              **{n: getattr(row, n) for n in _GROUP_MEETING if n != "attendance"}}
    return GroupMeeting(**values, attendance={str(k): bool(v) for k, v in dict(row.attendance).items()})
