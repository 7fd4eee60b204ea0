"""Reminders of overdue meetings (issue 12 item 6): when a pair's condition became overdue, and the e-mail saying so.

A reminder is due once per *condition*: the pair and the day it became overdue. While the pair stays overdue for
the same reason the day does not move, so the job sends nothing new; a meeting held resets «no meeting in N weeks»,
and when the pair falls behind again the day is a new one — a new reminder. The e-mail leaves the school's inner
contour, so it names the pair by number and links to it; it never carries a name, a topic or the diary."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from monitoring.domain.meetings import PlannedMeeting
from monitoring.domain.pairs import MonitoredPair, PairStatus


@dataclass(frozen=True)
class Reminder:
    pair_id: str
    overdue_on: date
    reasons: tuple[str, ...]


def overdue_since(pair: MonitoredPair, plan: Iterable[PlannedMeeting], last_meeting_on: date | None, *,
                  today: date, no_meeting_weeks: int) -> date | None:
    """The first day of the pair's current overdue condition (None: not overdue) — the same rules as
    :func:`monitoring.domain.overdue.overdue_reasons`: the day after a planned meeting not held, or N weeks after
    the last meeting (or the pair's formation)."""
    if pair.status is not PairStatus.ACTIVE:
        return None
    days = [p.planned_on + timedelta(days=1) for p in plan if not p.held_meeting_id and p.planned_on < today]
    silent_from = (last_meeting_on or pair.formed_on) + timedelta(weeks=no_meeting_weeks)
    if silent_from <= today:
        days.append(silent_from)
    return min(days, default=None)


def pair_number(pair_id: str) -> str:
    """The pair's label outside the school: the start of its id, never a name."""
    return f"пара №{pair_id[:8]}"


def compose(reminder: Reminder, *, link_base: str) -> tuple[str, str]:
    """Subject and body of the e-mail: the pair's number, the day, the reasons (kinds and dates only) and a link."""
    number = pair_number(reminder.pair_id)
    subject = f"Наставничество: {number} — просрочена встреча"
    body = "\n".join([
        "Здравствуйте!",
        "",
        f"У пары наставничества ({number}) просрочена встреча с {reminder.overdue_on.strftime('%d.%m.%Y')}:",
        *(f"— {reason}" for reason in reminder.reasons),
        "",
        f"Открыть пару: {link_base.rstrip('/')}/school/pairs/{reminder.pair_id}/work",
        "",
        "Письмо отправлено один раз; следующее придёт, только если пара снова отстанет от плана.",
    ])
    return subject, body
