"""Use cases of a group's work (issue 12 item 1): learning groups from matching's events, and the group's meetings
with attendance per mentee. A write runs in one transaction with the group locked, as for pairs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date

from mentorship_kit.errors import NotFound
from mentorship_kit.policy import Action, require
from monitoring.domain.events import GroupMeetingHeld
from monitoring.domain.groups import GroupMeeting, MonitoredGroup, check_attendance, group_overdue
from monitoring.domain.meetings import check_held
from monitoring.domain.pairs import PairStatus
from monitoring.service_layer.unit_of_work import UnitOfWork
from monitoring.service_layer.work_handlers import Clock, _known_id, utc_now

GROUP_NOT_FOUND = "Группа не найдена в мониторинге: возможно, она только что утверждена — обновите страницу"


@dataclass(frozen=True)
class LearnGroup:
    """A group's state from a matching event; fields an event does not carry are empty (kept from before)."""

    group_id: str
    version: int
    status: str
    form: str = ""
    kind: str = ""
    term_start: str = ""
    term_end: str = ""
    reporting: str = ""
    mentor_ids: tuple[str, ...] = ()
    mentee_ids: tuple[str, ...] = ()
    left_mentee_ids: tuple[str, ...] = ()
    ended_on: str = ""


def learn_group(cmd: LearnGroup, uow: UnitOfWork) -> bool:
    """A formed group enters; a newer state (a member left, the group ended) replaces an older one; a duplicate or a
    late event changes nothing. Returns whether the projection changed."""
    p = uow.principal
    with uow:
        known = uow.groups.get(cmd.group_id, lock=True)
        if known is not None and known.version >= cmd.version:
            return False
        if known is None:
            if not (cmd.term_start and cmd.term_end):
                return False  # an end of a group never announced: nothing to put it on
            known = MonitoredGroup(id=cmd.group_id, org_id=p.org_id or "", municipality_id=p.municipality_id or "",
                                   region_id=p.region_id or "", form=cmd.form, kind=cmd.kind,
                                   term_start=date.fromisoformat(cmd.term_start),
                                   term_end=date.fromisoformat(cmd.term_end), status=PairStatus.ACTIVE, version=0,
                                   reporting=cmd.reporting or "monthly")
        members = dict(known.members)
        members.update(dict.fromkeys(cmd.mentee_ids, True))
        members.update(dict.fromkeys(cmd.left_mentee_ids, False))
        group = replace(known, version=cmd.version, status=PairStatus(cmd.status or "active"), members=members,
                        mentor_ids=list(cmd.mentor_ids) or known.mentor_ids,
                        ended_on=date.fromisoformat(cmd.ended_on) if cmd.ended_on else known.ended_on)
        changed = uow.groups.put(group)
        uow.commit()
        return changed


@dataclass(frozen=True)
class GroupWork:
    group: MonitoredGroup
    meetings: list[GroupMeeting] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    no_meeting_weeks: int = 0

    @property
    def last_meeting_on(self) -> date | None:
        return max((m.held_on for m in self.meetings), default=None)


def _group(uow: UnitOfWork, group_id: str, *, lock: bool = False) -> MonitoredGroup:
    group = uow.groups.get(group_id, lock=lock) if _known_id(group_id) else None
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return group


def group_work(group_id: str, uow: UnitOfWork, *, now: Clock = utc_now) -> GroupWork:
    require(uow.principal, Action.PAIR_READ)
    today = now().date()
    with uow:
        group = _group(uow, group_id)
        meetings, weeks = uow.group_meetings.of_group(group.id), uow.settings.no_meeting_weeks()
    last = max((m.held_on for m in meetings), default=None)
    return GroupWork(group, meetings, group_overdue(group, last, today=today, no_meeting_weeks=weeks), weeks)


@dataclass(frozen=True)
class GroupSummary:
    group: MonitoredGroup
    meetings_held: int
    last_meeting_on: date | None
    overdue: list[str]


def list_groups(uow: UnitOfWork, *, overdue_only: bool = False,
                now: Clock = utc_now) -> tuple[list[GroupSummary], int]:
    """The caller's groups with their overdue marks, derived on read like a pair's (never stale); a mentor's login
    sees only his own groups — row-level security keeps the rest out (monitoring 0010)."""
    require(uow.principal, Action.PAIR_READ)
    today = now().date()
    with uow:
        groups, held, weeks = uow.groups.all(), uow.group_meetings.last_held(), uow.settings.no_meeting_weeks()
    found = []
    for group in groups:
        count, last = held.get(group.id, (0, None))
        overdue = group_overdue(group, last, today=today, no_meeting_weeks=weeks)
        if overdue or not overdue_only:
            found.append(GroupSummary(group, count, last, overdue))
    return found, weeks


@dataclass(frozen=True)
class RecordGroupMeeting:
    group_id: str
    kind: str
    held_on: str
    format: str
    topic: str
    duration_minutes: int
    attendance: dict[str, bool]
    outcome: str = ""
    next_step: str = ""
    diary: str = ""


def record_group_meeting(cmd: RecordGroupMeeting, uow: UnitOfWork, *, now: Clock = utc_now) -> GroupMeeting:
    require(uow.principal, Action.PAIR_WORK_RECORD)
    at = now()
    with uow:
        group = _group(uow, cmd.group_id, lock=True)
        day, texts = check_held(group, kind=cmd.kind, held_on=cmd.held_on, format=cmd.format, topic=cmd.topic,
                                duration_minutes=cmd.duration_minutes, today=at.date(),
                                texts={"outcome": cmd.outcome, "next_step": cmd.next_step, "diary": cmd.diary})
        attendance = check_attendance(group, cmd.attendance)
        meeting = GroupMeeting(
            id=str(uuid.uuid4()), group_id=group.id, org_id=group.org_id, municipality_id=group.municipality_id,
            region_id=group.region_id, kind=cmd.kind, held_on=day, format=cmd.format, topic=texts["topic"],
            duration_minutes=cmd.duration_minutes, outcome=texts["outcome"], next_step=texts["next_step"],
            diary=texts["diary"], attendance=attendance, recorded_by=uow.principal.user_id, recorded_at=at)
        uow.group_meetings.add(meeting)
        # counted in reporting with the pairs' meetings (ADR 017 addendum); a team's are 3.9 (ADR 021)
        uow.collect(GroupMeetingHeld(meeting, group.form))
        uow.commit()
    return meeting
