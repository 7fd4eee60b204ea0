"""Facts monitoring tells the platform (payloads in proto/mentorship/monitoring/v1/events.proto): counts only."""

from __future__ import annotations

from dataclasses import dataclass

from monitoring.domain.evaluation import ProgramEvaluation
from monitoring.domain.groups import GroupMeeting
from monitoring.domain.meetings import Meeting
from monitoring.domain.reports import MentorReport


@dataclass(frozen=True)
class MeetingHeld:
    meeting: Meeting


@dataclass(frozen=True)
class GroupMeetingHeld:
    """A group's meeting: sent as ``meeting_held`` with the facet ``meeting.group`` and no pair — counts only."""

    meeting: GroupMeeting
    form: str = ""
    """The group's form: a «команда-команда» group's meetings are 3.9 of 000 App. 2 (``meeting.group.form.team_team``,
    ADR 021)."""


@dataclass(frozen=True)
class PlanAgreed:
    """Both agreements of a version of a pair's plan are recorded."""

    pair_id: str
    org_id: str
    municipality_id: str
    region_id: str
    kind: str
    version: int
    items: int
    item_due_on: tuple[tuple[str, str], ...] = ()
    """(item id, ISO due date) of every item: dates only, for reporting's «plans on track»."""
    done_item_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanItemDone:
    pair_id: str
    org_id: str
    municipality_id: str
    region_id: str
    kind: str
    version: int
    item_id: str
    done_on: str


@dataclass(frozen=True)
class ReportSubmitted:
    """A mentor's report accepted for a period: ids, the period and facets — never its text."""

    report: MentorReport


@dataclass(frozen=True)
class EvaluationCompleted:
    """A version of the school's program evaluation completed: period, total and level — no names, no notes."""

    evaluation: ProgramEvaluation


@dataclass(frozen=True)
class OutcomeRecorded:
    """A student mentee's counted outcomes (000 App. 2, 3.5 / 3.6) over all its pairs."""

    mentee_id: str
    org_id: str
    municipality_id: str
    region_id: str
    version: int
    facets: tuple[str, ...]


@dataclass(frozen=True)
class SurveyAnswered:
    """One answer to a questionnaire: its purpose, channel and how many questions were answered — nothing else."""

    questionnaire_id: str
    org_id: str
    municipality_id: str
    region_id: str
    purpose: str
    channel: str
    answered_on: str
    questions_answered: int


@dataclass(frozen=True)
class MeasurementRecorded:
    """An entry or exit measurement: the mean over the instrument's scales and, at exit, its change."""

    questionnaire_id: str
    org_id: str
    municipality_id: str
    region_id: str
    pair_id: str
    stage: str
    recorded_on: str
    scale_mean: float
    mean_change: float
    has_entry: bool


@dataclass(frozen=True)
class ReminderRecipientsChanged:
    """The school's staff addresses for reminder e-mails, the whole list as saved: the registry mails its own
    reminders to them (ADR 017 addendum)."""

    org_id: str
    municipality_id: str
    region_id: str
    emails: tuple[str, ...]
