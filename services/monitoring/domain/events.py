"""Facts monitoring tells the platform (payloads in proto/mentorship/monitoring/v1/events.proto): counts only."""

from __future__ import annotations

from dataclasses import dataclass

from monitoring.domain.meetings import Meeting


@dataclass(frozen=True)
class MeetingHeld:
    meeting: Meeting
