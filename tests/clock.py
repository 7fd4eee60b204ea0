"""The day the platform calls today, read when a test needs it.

A module-level date is read once at import; a run that crosses midnight then
sends yesterday's «сегодня» to services that already live in the new day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")  # reporting's day of a fact (HISTORY_TIME_ZONE)


def today(zone: tzinfo = UTC) -> date:
    return datetime.now(zone).date()
