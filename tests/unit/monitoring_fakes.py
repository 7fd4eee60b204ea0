"""An in-memory unit of work for monitoring's use cases, like matching's: leaving ``with uow:`` without ``commit()``
restores the state the block began with and drops its events; stored objects are copies."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any, Self

from mentorship_kit.principal import Principal
from monitoring.domain.evaluation import ProgramEvaluation
from monitoring.domain.groups import GroupMeeting, MonitoredGroup
from monitoring.domain.meetings import Meeting, PlannedMeeting
from monitoring.domain.outcomes import PairOutcome
from monitoring.domain.overdue import DEFAULT_NO_MEETING_WEEKS
from monitoring.domain.pairs import MonitoredPair
from monitoring.domain.plans import PlanDocument
from monitoring.domain.questionnaires import Answers, Questionnaire
from monitoring.domain.reports import MentorReport
from monitoring.service_layer.unit_of_work import UnitOfWork


class FakePairs:
    def __init__(self) -> None:
        self.rows: dict[str, MonitoredPair] = {}

    def get(self, pair_id: str, *, lock: bool = False) -> MonitoredPair | None:
        found = self.rows.get(pair_id)
        return copy.deepcopy(found) if found else None

    def put(self, pair: MonitoredPair) -> bool:
        known = self.rows.get(pair.id)
        if known is not None and known.version >= pair.version:
            return False
        self.rows[pair.id] = copy.deepcopy(pair)
        return True

    def all(self) -> list[MonitoredPair]:
        return [copy.deepcopy(p) for p in self.rows.values()]


class FakeMeetings:
    def __init__(self) -> None:
        self.rows: dict[str, Meeting] = {}

    def add(self, meeting: Meeting) -> None:
        self.rows[meeting.id] = copy.deepcopy(meeting)

    def of_pair(self, pair_id: str) -> list[Meeting]:
        found = [copy.deepcopy(m) for m in self.rows.values() if m.pair_id == pair_id]
        return sorted(found, key=lambda m: (m.held_on, m.recorded_at), reverse=True)

    def between(self, start: date, end: date) -> list[Meeting]:
        return [copy.deepcopy(m) for m in self.rows.values() if start <= m.held_on <= end]

    def held_summary(self) -> dict[str, tuple[int, date]]:
        summary: dict[str, tuple[int, date]] = {}
        for m in self.rows.values():
            count, last = summary.get(m.pair_id, (0, m.held_on))
            summary[m.pair_id] = (count + 1, max(last, m.held_on))
        return summary


class FakePlan:
    def __init__(self) -> None:
        self.rows: dict[str, PlannedMeeting] = {}

    def add(self, planned: PlannedMeeting) -> None:
        self.rows[planned.id] = copy.deepcopy(planned)

    def of_pair(self, pair_id: str) -> list[PlannedMeeting]:
        return sorted((copy.deepcopy(p) for p in self.rows.values() if p.pair_id == pair_id),
                      key=lambda p: (p.planned_on, p.id))

    def mark_held(self, planned_id: str, meeting_id: str) -> None:
        self.rows[planned_id].held_meeting_id = meeting_id

    def open_before(self, day: date) -> list[PlannedMeeting]:
        return [copy.deepcopy(p) for p in self.rows.values() if not p.held_meeting_id and p.planned_on < day]


class FakeSettings:
    def __init__(self) -> None:
        self.weeks: int | None = None

    def no_meeting_weeks(self) -> int:
        return self.weeks if self.weeks is not None else DEFAULT_NO_MEETING_WEEKS

    def set_no_meeting_weeks(self, weeks: int) -> None:
        self.weeks = weeks


class FakeReminders:
    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.sent: set[tuple[str, date]] = set()
        self.sent_work: set[tuple[str, str, str]] = set()

    def recipients(self) -> list[str]:
        return list(self.addresses)

    def set_recipients(self, emails: list[str]) -> None:
        self.addresses = list(emails)

    def claim(self, pair_id: str, overdue_on: date) -> bool:
        if (pair_id, overdue_on) in self.sent:
            return False
        self.sent.add((pair_id, overdue_on))
        return True

    def claim_work(self, kind: str, pair_id: str, condition: str) -> bool:
        if (kind, pair_id, condition) in self.sent_work:
            return False
        self.sent_work.add((kind, pair_id, condition))
        return True


class FakePlanDocuments:
    def __init__(self) -> None:
        self.rows: dict[str, PlanDocument] = {}

    def get(self, pair_id: str) -> PlanDocument | None:
        found = self.rows.get(pair_id)
        return copy.deepcopy(found) if found else None

    def put(self, document: PlanDocument) -> None:
        self.rows[document.pair_id] = copy.deepcopy(document)

    def all(self) -> list[PlanDocument]:
        return [copy.deepcopy(d) for d in self.rows.values()]


class FakeReports:
    def __init__(self) -> None:
        self.rows: dict[str, MentorReport] = {}

    def add(self, report: MentorReport) -> None:
        self.rows[report.id] = copy.deepcopy(report)

    def of_pair(self, pair_id: str) -> list[MentorReport]:
        return sorted((copy.deepcopy(r) for r in self.rows.values() if r.pair_id == pair_id),
                      key=lambda r: r.period_number)

    def all(self) -> list[MentorReport]:
        return [copy.deepcopy(r) for r in self.rows.values()]


class FakeEvaluations:
    """Insert-only like the table: a stored version is never replaced."""

    def __init__(self) -> None:
        self.rows: list[ProgramEvaluation] = []
        self.answered: list[tuple[Questionnaire, date, Answers]] = []

    def add(self, evaluation: ProgramEvaluation) -> None:
        if any((e.period, e.version) == (evaluation.period, evaluation.version) for e in self.rows):
            raise AssertionError("a version of a period is written once")
        self.rows.append(evaluation)

    def of_period(self, period: str) -> list[ProgramEvaluation]:
        return sorted((e for e in self.rows if e.period == period), key=lambda e: e.version)

    def latest_per_period(self) -> list[ProgramEvaluation]:
        latest: dict[str, ProgramEvaluation] = {}
        for e in self.rows:
            if e.period not in latest or latest[e.period].version < e.version:
                latest[e.period] = e
        return sorted(latest.values(), key=lambda e: e.period)

    def lock_period(self, period: str) -> None:
        return None

    def satisfaction_answers(self, start: date, end: date) -> list[tuple[Questionnaire, Answers]]:
        return [(q, a) for q, on, a in self.answered if start <= on <= end]


class FakeOutcomes:
    def __init__(self) -> None:
        self.rows: dict[str, PairOutcome] = {}

    def get(self, pair_id: str) -> PairOutcome | None:
        return self.rows.get(pair_id)

    def put(self, outcome: PairOutcome) -> None:
        self.rows[outcome.pair_id] = outcome

    def of_mentee(self, mentee_id: str) -> list[PairOutcome]:
        return [o for o in self.rows.values() if o.mentee_id == mentee_id]

    def lock_mentee(self, mentee_id: str) -> None:
        return None

    def all(self) -> list[PairOutcome]:
        return list(self.rows.values())


class FakeGroups:
    def __init__(self) -> None:
        self.rows: dict[str, MonitoredGroup] = {}

    def get(self, group_id: str, *, lock: bool = False) -> MonitoredGroup | None:
        found = self.rows.get(group_id)
        return copy.deepcopy(found) if found else None

    def put(self, group: MonitoredGroup) -> bool:
        known = self.rows.get(group.id)
        if known is not None and known.version >= group.version:
            return False
        self.rows[group.id] = copy.deepcopy(group)
        return True

    def all(self) -> list[MonitoredGroup]:
        return [copy.deepcopy(g) for g in sorted(self.rows.values(), key=lambda g: (g.term_start, g.id))]


class FakeGroupMeetings:
    def __init__(self) -> None:
        self.rows: dict[str, GroupMeeting] = {}

    def add(self, meeting: GroupMeeting) -> None:
        self.rows[meeting.id] = copy.deepcopy(meeting)

    def of_group(self, group_id: str) -> list[GroupMeeting]:
        found = [copy.deepcopy(m) for m in self.rows.values() if m.group_id == group_id]
        return sorted(found, key=lambda m: (m.held_on, m.recorded_at), reverse=True)

    def last_held(self) -> dict[str, tuple[int, date]]:
        held: dict[str, tuple[int, date]] = {}
        for m in self.rows.values():
            count, last = held.get(m.group_id, (0, m.held_on))
            held[m.group_id] = (count + 1, max(last, m.held_on))
        return held


class FakeMonitoringUnitOfWork:
    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.pairs, self.meetings, self.plan, self.settings = FakePairs(), FakeMeetings(), FakePlan(), FakeSettings()
        self.reminders = FakeReminders()
        self.plan_documents = FakePlanDocuments()
        self.reports = FakeReports()
        self.evaluations = FakeEvaluations()
        self.outcomes = FakeOutcomes()
        self.groups, self.group_meetings = FakeGroups(), FakeGroupMeetings()
        self.events: list[object] = []
        self._pending: list[object] = []
        self._saved: Any = None
        self.commits = 0

    def _state(self) -> Any:
        return (copy.deepcopy(self.pairs.rows), copy.deepcopy(self.meetings.rows), copy.deepcopy(self.plan.rows),
                self.settings.weeks, set(self.reminders.sent), copy.deepcopy(self.plan_documents.rows),
                copy.deepcopy(self.reports.rows), list(self.evaluations.rows), dict(self.outcomes.rows),
                set(self.reminders.sent_work), copy.deepcopy(self.groups.rows),
                copy.deepcopy(self.group_meetings.rows))

    def __enter__(self) -> Self:
        self._saved = self._state()
        self._pending = []
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            (self.pairs.rows, self.meetings.rows, self.plan.rows, self.settings.weeks,
             self.reminders.sent, self.plan_documents.rows, self.reports.rows, self.evaluations.rows,
             self.outcomes.rows, self.reminders.sent_work, self.groups.rows, self.group_meetings.rows) = self._saved
            self._saved = None
        self._pending = []

    def collect(self, event: object) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        self.events += self._pending
        self._pending = []
        self._saved = None
        self.commits += 1


def as_protocol(uow: FakeMonitoringUnitOfWork) -> UnitOfWork:
    """Fails to type-check when the fake drifts from the Protocol."""
    return uow
