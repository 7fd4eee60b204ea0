"""«Просрочено», derived — never stored: a planned meeting not held by its date, or no meeting for N weeks (N is a
setting of the school's program). Only an active pair is overdue."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from monitoring.domain.meetings import PlannedMeeting
from monitoring.domain.pairs import MonitoredPair, PairStatus

DEFAULT_NO_MEETING_WEEKS = 4
MAX_NO_MEETING_WEEKS = 26
KIND_WORDS = {"acquaintance": "встреча-знакомство", "trial": "пробная встреча", "planning": "встреча-планирование",
              "regular": "регулярная встреча", "final": "итоговая встреча"}


def overdue_reasons(pair: MonitoredPair, plan: Iterable[PlannedMeeting], last_meeting_on: date | None, *,
                    today: date, no_meeting_weeks: int) -> list[str]:
    if pair.status is not PairStatus.ACTIVE:
        return []
    reasons = [f"Не проведена по плану: {KIND_WORDS.get(p.kind, p.kind)} на {p.planned_on.strftime('%d.%m.%Y')}"
               for p in sorted(plan, key=lambda p: p.planned_on)
               if not p.held_meeting_id and p.planned_on < today]
    since = last_meeting_on or pair.formed_on
    if today - since >= timedelta(weeks=no_meeting_weeks):
        reasons.append(f"Нет встреч {no_meeting_weeks} нед. и дольше" + (
            f" (последняя — {last_meeting_on.strftime('%d.%m.%Y')})" if last_meeting_on else " с начала работы пары"))
    return reasons
