"""A group or team as monitoring knows it (issue 12 item 1): learnt from matching's ``group_formed``,
``group_member_left`` and ``group_closed`` — ids, form, вид, term, schedule, status, its mentors and mentees (ids
only, whether each is still in the group). A group's meeting records attendance per mentee: present or absent for
each member in the group that day. «Overdue» is derived as for a pair: no meeting for N weeks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from monitoring.domain.pairs import PairStatus


@dataclass
class MonitoredGroup:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    form: str
    kind: str
    term_start: date
    term_end: date
    status: PairStatus
    version: int
    reporting: str = "monthly"
    ended_on: date | None = None
    mentor_ids: list[str] = field(default_factory=list)
    members: dict[str, bool] = field(default_factory=dict)
    """mentee id → still in the group (False once ``group_member_left``)."""

    @property
    def formed_on(self) -> date:
        return self.term_start

    @property
    def active_members(self) -> list[str]:
        return [m for m, present in self.members.items() if present]


@dataclass
class GroupMeeting:
    id: str
    group_id: str
    org_id: str
    municipality_id: str
    region_id: str
    kind: str
    held_on: date
    format: str
    topic: str
    duration_minutes: int
    outcome: str
    next_step: str
    diary: str
    attendance: dict[str, bool]
    """mentee id → present (True) or absent (False): every member in the group on the day is marked."""
    recorded_by: str
    recorded_at: datetime

    @property
    def present(self) -> int:
        return sum(self.attendance.values())


def check_attendance(group: MonitoredGroup, marked: dict[str, bool]) -> dict[str, bool]:
    """Each member still in the group is present or absent (an unmarked one is absent); a mentee not in the group
    is refused; at least one must be present for a meeting to have been held."""
    if group.status is not PairStatus.ACTIVE:
        raise Conflict("Группа закрыта: встречи записывают только для действующей группы")
    strangers = [m for m in marked if m not in group.active_members]
    if strangers:
        raise ValidationFailed([FieldProblem("attendance", "Отмечен участник, которого нет в группе")])
    attendance = {m: bool(marked.get(m, False)) for m in group.active_members}
    if not any(attendance.values()):
        raise ValidationFailed([FieldProblem("attendance", "Отметьте хотя бы одного присутствовавшего участника")])
    return attendance


def group_overdue(group: MonitoredGroup, last_meeting_on: date | None, *, today: date,
                  no_meeting_weeks: int) -> list[str]:
    """The group's overdue marks: only an active group, and only «no meeting for N weeks» (groups keep no
    calendar plan in this slice)."""
    if group.status is not PairStatus.ACTIVE:
        return []
    since = last_meeting_on or group.formed_on
    if today - since < timedelta(weeks=no_meeting_weeks):
        return []
    return [f"Нет встреч {no_meeting_weeks} нед. и дольше" + (
        f" (последняя — {last_meeting_on.strftime('%d.%m.%Y')})" if last_meeting_on else " с начала работы группы")]
