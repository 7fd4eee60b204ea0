"""REST shapes of the pairs' work: a held meeting with its diary entry, a planned meeting, the school's setting.
The value sets come from monitoring's domain; its rules and their Russian messages stay there."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field

from gateway.entrypoints.api.schemas import Strict
from mentorship_kit.vocabulary import MEETING_FORMAT_TITLES, MEETING_KIND_TITLES

MeetingKindName = enum.StrEnum("MeetingKindName", {v: v for v in MEETING_KIND_TITLES})  # type: ignore[misc]
MeetingFormatName = enum.StrEnum("MeetingFormatName", {v: v for v in MEETING_FORMAT_TITLES})  # type: ignore[misc]
Wide = 1_000_000
"""Numbers are bounded here only to fit the wire; their real range is monitoring's rule, refused there in Russian."""
Day = Annotated[str, Field(min_length=1, max_length=10, description="ГГГГ-ММ-ДД")]


class MeetingCreate(Strict):
    """A held meeting (001 §5) and the mentor's diary entry of it."""

    kind: MeetingKindName
    held_on: Day
    format: MeetingFormatName
    topic: Annotated[str, Field(min_length=1, max_length=300)]
    duration_minutes: Annotated[int, Field(ge=-Wide, le=Wide, description="Продолжительность, минут: 1..480")]
    participants: Annotated[str, Field(max_length=500)] = ""
    outcome: Annotated[str, Field(max_length=2000)] = ""
    next_step: Annotated[str, Field(max_length=1000)] = ""
    diary: Annotated[str, Field(max_length=4000, description="Запись дневника наставника")] = ""
    planned_id: Annotated[str, Field(max_length=100, description="Встреча плана, которую эта выполняет")] = ""


class PlannedMeetingCreate(Strict):
    kind: MeetingKindName
    planned_on: Day
    topic: Annotated[str, Field(max_length=300)] = ""


class SchoolSettingsIn(Strict):
    no_meeting_weeks: Annotated[int, Field(ge=-Wide, le=Wide,
                                           description="«Нет встреч N недель» отмечает пару просроченной: 1..26")]
    reminder_emails: Annotated[list[Annotated[str, Field(max_length=254)]] | None, Field(
        max_length=10,
        description="Адреса для напоминаний о просроченных встречах (до 10); не указано — не менять")] = None


class MentorReportCreate(Strict):
    """The mentor's report on the work done for an ended reporting period (003 §7)."""

    period_number: Annotated[int, Field(ge=-Wide, le=Wide, description="Номер отчётного периода пары, с 1")]
    done: Annotated[str, Field(min_length=1, max_length=4000, description="Проделанная работа")]
    results: Annotated[str, Field(max_length=4000)] = ""
    difficulties: Annotated[str, Field(max_length=4000)] = ""
    plans: Annotated[str, Field(max_length=4000, description="Планы на следующий период")] = ""


class HalfYearExport(Strict):
    """The curator's half-yearly report: the half-year and the free-text conclusion (the figures are assembled)."""

    year: Annotated[int, Field(ge=-Wide, le=Wide)]
    half: Annotated[int, Field(ge=-Wide, le=Wide, description="1 — январь–июнь, 2 — июль–декабрь")]
    conclusion: Annotated[str, Field(max_length=8000, description="Выводы куратора")] = ""


class AttendanceIn(Strict):
    mentee_id: Annotated[str, Field(min_length=1, max_length=100)]
    present: bool


class GroupMeetingCreate(Strict):
    """A held meeting of a group: every member still in it marked present or absent (an unmarked one is absent)."""

    kind: MeetingKindName
    held_on: Day
    format: MeetingFormatName
    topic: Annotated[str, Field(min_length=1, max_length=300)]
    duration_minutes: Annotated[int, Field(ge=-Wide, le=Wide, description="Продолжительность, минут: 1..480")]
    attendance: Annotated[list[AttendanceIn], Field(max_length=200)]
    outcome: Annotated[str, Field(max_length=2000)] = ""
    next_step: Annotated[str, Field(max_length=1000)] = ""
    diary: Annotated[str, Field(max_length=4000)] = ""
