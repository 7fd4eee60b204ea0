"""Facts monitoring tells the platform (payloads in proto/mentorship/monitoring/v1/events.proto): counts only."""

from __future__ import annotations

from dataclasses import dataclass

from monitoring.domain.meetings import Meeting
from monitoring.domain.reports import MentorReport


@dataclass(frozen=True)
class MeetingHeld:
    meeting: Meeting


@dataclass(frozen=True)
class ReportSubmitted:
    """A mentor's report accepted for a period: ids, the period and facets — never its text."""

    report: MentorReport
