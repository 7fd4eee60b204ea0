"""What the use cases need from storage, as Protocols (SQL in ``monitoring.adapters``, in-memory in the unit tests).
Every repository works inside the school the unit of work bound."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from monitoring.domain.evaluation import ProgramEvaluation
from monitoring.domain.groups import GroupMeeting, MonitoredGroup
from monitoring.domain.meetings import Meeting, PlannedMeeting
from monitoring.domain.outcomes import PairOutcome
from monitoring.domain.pairs import MonitoredPair
from monitoring.domain.plans import PlanDocument
from monitoring.domain.questionnaires import Answers, Questionnaire
from monitoring.domain.reports import MentorReport


class PairRepository(Protocol):
    def get(self, pair_id: str, *, lock: bool = False) -> MonitoredPair | None: ...
    def put(self, pair: MonitoredPair) -> bool:
        """Insert the pair, or replace an older version of it; False when a same or newer version is kept."""
        ...
    def all(self) -> list[MonitoredPair]: ...


class MeetingRepository(Protocol):
    def add(self, meeting: Meeting) -> None: ...
    def of_pair(self, pair_id: str) -> list[Meeting]:
        """Newest first."""
        ...
    def between(self, start: date, end: date) -> list[Meeting]:
        """Meetings of the school held from ``start`` to ``end`` inclusive."""
        ...
    def held_summary(self) -> dict[str, tuple[int, date]]:
        """Per pair of the school: meetings held and the day of the latest."""
        ...


class PlanRepository(Protocol):
    def add(self, planned: PlannedMeeting) -> None: ...
    def of_pair(self, pair_id: str) -> list[PlannedMeeting]:
        """In the order of their dates."""
        ...
    def mark_held(self, planned_id: str, meeting_id: str) -> None: ...
    def open_before(self, day: date) -> list[PlannedMeeting]:
        """Planned meetings of the school not held and dated before ``day``."""
        ...


class SettingsRepository(Protocol):
    def no_meeting_weeks(self) -> int:
        """The school's N of «no meeting in N weeks» (the default when the school has not set it)."""
        ...
    def set_no_meeting_weeks(self, weeks: int) -> None: ...


class ReminderRepository(Protocol):
    def recipients(self) -> list[str]:
        """The school's addresses for reminders (its curators'), empty when nobody asked for them."""
        ...
    def set_recipients(self, emails: list[str]) -> None:
        """Replaces the school's addresses."""
        ...
    def claim(self, pair_id: str, overdue_on: date) -> bool:
        """Records the condition as sent; False when it already was (then nothing is sent)."""
        ...
    def claim_work(self, kind: str, pair_id: str, condition: str) -> bool:
        """The same for a report due or a plan awaiting agreement (``work_reminders``)."""
        ...


class PlanDocumentRepository(Protocol):
    def get(self, pair_id: str) -> PlanDocument | None: ...
    def put(self, document: PlanDocument) -> None:
        """Insert or replace the pair's one document (the pair is locked by the caller)."""
        ...
    def all(self) -> list[PlanDocument]: ...


class ReportRepository(Protocol):
    def add(self, report: MentorReport) -> None: ...
    def of_pair(self, pair_id: str) -> list[MentorReport]:
        """In the order of their periods."""
        ...
    def all(self) -> list[MentorReport]: ...


class EvaluationRepository(Protocol):
    def add(self, evaluation: ProgramEvaluation) -> None:
        """Insert only: a completed version is never changed (the table refuses updates too)."""
        ...
    def of_period(self, period: str) -> list[ProgramEvaluation]:
        """Every version of the period, oldest first."""
        ...
    def latest_per_period(self) -> list[ProgramEvaluation]:
        """The newest version of each period evaluated, in the order of the periods."""
        ...
    def lock_period(self, period: str) -> None:
        """Serialises completions of one period of the school (so two versions cannot get one number)."""
        ...
    def satisfaction_answers(self, start: date, end: date) -> list[tuple[Questionnaire, Answers]]:
        """Read only: the answers to the school's satisfaction questionnaires submitted between the dates, each with
        its questionnaire (anonymous ones too — nothing of the respondent is read)."""
        ...


class OutcomeRepository(Protocol):
    def get(self, pair_id: str) -> PairOutcome | None: ...
    def put(self, outcome: PairOutcome) -> None: ...
    def of_mentee(self, mentee_id: str) -> list[PairOutcome]: ...
    def lock_mentee(self, mentee_id: str) -> None:
        """Serialises outcomes of one mentee's pairs, so its published versions grow in order."""
        ...
    def all(self) -> list[PairOutcome]: ...


class GroupRepository(Protocol):
    def get(self, group_id: str, *, lock: bool = False) -> MonitoredGroup | None: ...
    def put(self, group: MonitoredGroup) -> bool:
        """Insert the group, or replace an older version of it; False when a same or newer version is kept."""
        ...
    def all(self) -> list[MonitoredGroup]:
        """The groups the caller may see (a mentor's login: his own, by row-level security)."""
        ...


class GroupMeetingRepository(Protocol):
    def add(self, meeting: GroupMeeting) -> None: ...
    def of_group(self, group_id: str) -> list[GroupMeeting]:
        """Newest first."""
        ...
    def last_held(self) -> dict[str, tuple[int, date]]:
        """group id → (meetings held, the day of the latest) for the groups the caller may see."""
        ...
