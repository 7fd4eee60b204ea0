"""Use cases of the pair's work: meetings with the diary, the calendar plan, what is overdue, the school's setting.

Every write runs in one transaction with the pair locked, so a meeting cannot land on a pair a concurrent close
just ended, and a refused meeting leaves nothing behind."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from mentorship_kit.errors import FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, Reach, owns, reach, require
from mentorship_kit.principal import Principal, Role
from monitoring.domain import commands
from monitoring.domain.events import MeetingHeld, ReminderRecipientsChanged
from monitoring.domain.meetings import Meeting, PlannedMeeting, check_held, check_planned, plan_to_fulfil
from monitoring.domain.overdue import MAX_NO_MEETING_WEEKS, overdue_reasons
from monitoring.domain.pairs import MonitoredPair
from monitoring.domain.recipients import checked_recipients
from monitoring.service_layer.unit_of_work import UnitOfWork

Clock = Callable[[], datetime]
PAIR_NOT_FOUND = "Пара не найдена в мониторинге: возможно, она только что утверждена — обновите страницу"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PairView:
    pair: MonitoredPair
    meetings_held: int
    last_meeting_on: date | None
    overdue: list[str]


@dataclass(frozen=True)
class PairWork:
    view: PairView
    meetings: list[Meeting] = field(default_factory=list)
    plan: list[PlannedMeeting] = field(default_factory=list)
    no_meeting_weeks: int = 0


def _known_id(value: str) -> bool:
    """Ids are UUIDs; anything else names nothing (a 404, never a database error)."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def is_own(principal: Principal, pair: MonitoredPair) -> bool:
    """A participant's login (reach ``own``, ADR 010) reaches only the pairs where it is the mentor or the mentee;
    staff reach the school's (the database's tenant policies decide that). The id comes from the principal only."""
    granted = reach(principal, Action.PAIR_READ)
    return granted is not None and owns(principal, granted, mentor_ids=(pair.mentor_id,),
                                        mentee_ids=(pair.mentee_id,))


def _pair(uow: UnitOfWork, pair_id: str, *, lock: bool = False) -> MonitoredPair:
    """The pair the caller may reach: another school's or, for a participant, another's pair is a 404 — it does not
    exist for this caller (the database's restrictive policies hide it as well)."""
    pair = uow.pairs.get(pair_id, lock=lock) if _known_id(pair_id) else None
    if pair is None or not is_own(uow.principal, pair):
        raise NotFound(PAIR_NOT_FOUND)
    return pair


def for_reader(principal: Principal, meetings: list[Meeting]) -> list[Meeting]:
    """The mentor's diary is the mentor's notes about the mentee: a mentee who signs in reads the meetings without
    it (ADR 010)."""
    if principal.participant_role is not Role.MENTEE:
        return meetings
    return [replace(m, diary="") for m in meetings]


def record_meeting(cmd: commands.RecordMeeting, uow: UnitOfWork, *, now: Clock = utc_now) -> Meeting:
    require(uow.principal, Action.PAIR_WORK_RECORD)  # the gateway's gate, checked again where the data lives
    at = now()
    with uow:
        pair = _pair(uow, cmd.pair_id, lock=True)
        day, texts = check_held(pair, kind=cmd.kind, held_on=cmd.held_on, format=cmd.format, topic=cmd.topic,
                                duration_minutes=cmd.duration_minutes, today=at.date(),
                                texts={"participants": cmd.participants, "outcome": cmd.outcome,
                                       "next_step": cmd.next_step, "diary": cmd.diary})
        planned = plan_to_fulfil(uow.plan.of_pair(pair.id), kind=cmd.kind, planned_id=cmd.planned_id)
        meeting = Meeting(
            id=str(uuid.uuid4()), pair_id=pair.id, org_id=pair.org_id, municipality_id=pair.municipality_id,
            region_id=pair.region_id, kind=cmd.kind, held_on=day, format=cmd.format, topic=texts["topic"],
            duration_minutes=cmd.duration_minutes, participants=texts["participants"], outcome=texts["outcome"],
            next_step=texts["next_step"], diary=texts["diary"], planned_id=planned.id if planned else "",
            recorded_by=uow.principal.user_id, recorded_at=at)
        uow.meetings.add(meeting)
        if planned is not None:
            uow.plan.mark_held(planned.id, meeting.id)
        uow.collect(MeetingHeld(meeting))
        uow.commit()
    return meeting


def plan_meeting(cmd: commands.PlanMeeting, uow: UnitOfWork) -> PlannedMeeting:
    require(uow.principal, Action.PAIR_WORK_RECORD)
    with uow:
        pair = _pair(uow, cmd.pair_id, lock=True)
        day, topic = check_planned(pair, kind=cmd.kind, planned_on=cmd.planned_on, topic=cmd.topic)
        planned = PlannedMeeting(id=str(uuid.uuid4()), pair_id=pair.id, org_id=pair.org_id,
                                 municipality_id=pair.municipality_id, region_id=pair.region_id, kind=cmd.kind,
                                 planned_on=day, topic=topic)
        uow.plan.add(planned)
        uow.commit()
    return planned


def pair_work(pair_id: str, uow: UnitOfWork, *, now: Clock = utc_now) -> PairWork:
    require(uow.principal, Action.PAIR_READ)
    today = now().date()
    with uow:
        pair = _pair(uow, pair_id)
        meetings, plan = uow.meetings.of_pair(pair.id), uow.plan.of_pair(pair.id)
        weeks = uow.settings.no_meeting_weeks()
    last = max((m.held_on for m in meetings), default=None)
    view = PairView(pair, len(meetings), last,
                    overdue_reasons(pair, plan, last, today=today, no_meeting_weeks=weeks))
    return PairWork(view, for_reader(uow.principal, meetings), plan, weeks)


def list_pairs(uow: UnitOfWork, *, overdue_only: bool = False, now: Clock = utc_now) -> tuple[list[PairView], int]:
    """The school's pairs with their overdue marks (active first, then by the start of the term)."""
    require(uow.principal, Action.PAIR_READ)
    today = now().date()
    with uow:
        pairs, held = uow.pairs.all(), uow.meetings.held_summary()
        open_plan, weeks = uow.plan.open_before(today), uow.settings.no_meeting_weeks()
    plan_of: dict[str, list[PlannedMeeting]] = {}
    for planned in open_plan:
        plan_of.setdefault(planned.pair_id, []).append(planned)
    views = []
    for pair in (p for p in pairs if is_own(uow.principal, p)):
        count, last = held.get(pair.id, (0, None))
        reasons = overdue_reasons(pair, plan_of.get(pair.id, []), last, today=today, no_meeting_weeks=weeks)
        if reasons or not overdue_only:
            views.append(PairView(pair, count, last, reasons))
    views.sort(key=lambda v: (v.pair.status != "active", v.pair.term_start, v.pair.id))
    return views, weeks


def school_weeks(uow: UnitOfWork) -> int:
    require(uow.principal, Action.PAIR_READ)
    with uow:
        return uow.settings.no_meeting_weeks()


def school_settings(uow: UnitOfWork) -> tuple[int, list[str]]:
    """«Нет встреч N недель» and the reminder addresses (staff's e-mails: not for a participant's login)."""
    granted = require(uow.principal, Action.PAIR_READ)
    with uow:
        weeks = uow.settings.no_meeting_weeks()
        return weeks, [] if granted is Reach.OWN else uow.reminders.recipients()


def set_school_weeks(weeks: int, uow: UnitOfWork) -> int:
    return set_school_settings(weeks, None, uow)[0]


def set_school_settings(weeks: int, emails: list[str] | None, uow: UnitOfWork) -> tuple[int, list[str]]:
    """Both settings in one transaction; ``emails`` None keeps the addresses."""
    require(uow.principal, Action.MONITORING_SETTINGS)
    problems = []
    if not 1 <= weeks <= MAX_NO_MEETING_WEEKS:
        problems.append(FieldProblem(
            "no_meeting_weeks", f"«Нет встреч N недель»: целое число от 1 до {MAX_NO_MEETING_WEEKS}"))
    try:
        checked = checked_recipients(emails) if emails is not None else None
    except ValidationFailed as exc:
        problems += exc.problems
    if problems:
        raise ValidationFailed(problems)
    with uow:
        uow.settings.set_no_meeting_weeks(weeks)
        if checked is not None:
            uow.reminders.set_recipients(checked)
        kept = uow.reminders.recipients()
        if checked is not None:  # the registry mails its reminders to the same addresses (its projection)
            p = uow.principal
            uow.collect(ReminderRecipientsChanged(org_id=p.org_id or "", municipality_id=p.municipality_id or "",
                                                  region_id=p.region_id or "", emails=tuple(kept)))
        uow.commit()
    return weeks, kept
