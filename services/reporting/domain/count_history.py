"""The history of every count (issue 14 item 2, ADR 019): pure rules, no storage.

Each counted entity's versions are kept (``count_state_history``); the entity *contributes* to the daily ledger of
count changes (``count_changes``) the step function its versions draw: version ``v`` is in force from its day until
the day of the next version. The contribution is a function of the *set* of versions only, so a duplicate or a late
event, whatever the order of arrival, ends in the same ledger as the sorted unique sequence; a late version changes
the ledger only from its own day to the day of the next version — the past it belongs to, nothing else.

The day of a version is the day of the fact (the event's ``occurred_at``, in ``HISTORY_TIME_ZONE``), never the day
reporting consumed it. Should versions and times disagree (a clock moved back), a version takes effect no earlier
than the one before it: days run with the versions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorship_kit.errors import FieldProblem, ValidationFailed

HISTORY_TIME_ZONE = ZoneInfo("Europe/Moscow")
"""The day of a fact is the day where the platform shows it (the gateway's default ``DISPLAY_TIME_ZONE``)."""

EARLIEST = date(2000, 1, 1)
"""No program period starts before this (the platform keeps nothing older)."""
MAX_PERIOD_DAYS = 366 * 10

LedgerKey = tuple[str, str, date]
"""(organisation, facet, day)"""


@dataclass(frozen=True)
class StateVersion:
    """One version of a counted entity as an event brought it, with the tenant it belonged to then."""

    version: int
    at: datetime
    org_id: str
    facets: tuple[str, ...]


def day_of(at: datetime) -> date:
    return at.astimezone(HISTORY_TIME_ZONE).date()


def end_of(day: date) -> datetime:
    """The first moment after ``day`` where the history's days are counted."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=HISTORY_TIME_ZONE)


def contribution(versions: Iterable[StateVersion]) -> dict[LedgerKey, int]:
    """The entity's deltas per (organisation, facet, day): +1 where a version gains a facet, -1 where it loses one.
    Summed up to a day D they give 1 for each facet of the version in force at the end of D (0 before the first).
    Repeated versions count once (the first seen wins, as in ``participant_states``)."""
    unique: dict[int, StateVersion] = {}
    for v in versions:
        unique.setdefault(v.version, v)
    out: dict[LedgerKey, int] = defaultdict(int)
    previous: StateVersion | None = None
    day = date.min
    for number in sorted(unique):
        current = unique[number]
        day = max(day, day_of(current.at))
        if previous is not None:
            for facet in previous.facets:
                out[(previous.org_id, facet, day)] -= 1
        for facet in current.facets:
            out[(current.org_id, facet, day)] += 1
        previous = current
    return {k: d for k, d in out.items() if d}


def ledger_diff(before: Mapping[LedgerKey, int], after: Mapping[LedgerKey, int]) -> dict[LedgerKey, int]:
    """What to add to the ledger so that ``before`` becomes ``after`` (zeros left out), in key order."""
    keys = sorted(set(before) | set(after))
    return {k: after.get(k, 0) - before.get(k, 0) for k in keys if after.get(k, 0) != before.get(k, 0)}


def as_of(ledger: Mapping[LedgerKey, int], day: date) -> dict[tuple[str, str], int]:
    """Counts per (organisation, facet) at the end of ``day``: the ledger summed up to it (zeros left out)."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    for (org, facet, on), delta in ledger.items():
        if on <= day:
            out[(org, facet)] += delta
    return {k: n for k, n in out.items() if n}


# --- program periods ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A program period: the value «на дату начала» is the count before ``start`` (at the end of the day before),
    «на дату подведения итогов» the count at the end of ``end``; the change is what happened within."""

    start: date
    end: date

    @property
    def before_start(self) -> date:
        return self.start - timedelta(days=1)


def school_year(today: date) -> Period:
    """The school year 1 September – 31 August that holds ``today`` (the default period)."""
    first = today.year if today.month >= 9 else today.year - 1
    return Period(date(first, 9, 1), date(first + 1, 8, 31))


def school_years(today: date, *, back: int = 5) -> list[Period]:
    """The current school year and the ``back`` before it, newest first (the page's choice)."""
    current = school_year(today)
    return [Period(date(current.start.year - i, 9, 1), date(current.start.year - i + 1, 8, 31))
            for i in range(back + 1)]


def _parse(value: str, field: str, title: str, problems: list[FieldProblem]) -> date | None:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        problems.append(FieldProblem(field, f"{title}: укажите дату в виде ГГГГ-ММ-ДД"))
        return None
    if day < EARLIEST or day.year > 2100:
        problems.append(FieldProblem(field, f"{title}: дата вне допустимого диапазона (2000–2100 гг.)"))
        return None
    return day


def parse_period(start: str, end: str, *, today: date) -> Period:
    """Both dates, or neither (the current school year). Refuses in Russian: a malformed date, one date without the
    other, an end before the start, a period longer than ten years."""
    if not start.strip() and not end.strip():
        return school_year(today)
    problems: list[FieldProblem] = []
    if not start.strip() or not end.strip():
        raise ValidationFailed([FieldProblem("start" if not start.strip() else "end",
                                             "Укажите обе даты периода: начала и подведения итогов")])
    first = _parse(start, "start", "Дата начала", problems)
    last = _parse(end, "end", "Дата подведения итогов", problems)
    if problems:
        raise ValidationFailed(problems)
    assert first is not None and last is not None
    if last < first:
        raise ValidationFailed([FieldProblem("end", "Дата подведения итогов не может быть раньше даты начала")])
    if (last - first).days > MAX_PERIOD_DAYS:
        raise ValidationFailed([FieldProblem("end", "Период не может быть длиннее десяти лет")])
    return Period(first, last)


def parse_day(value: str, *, today: date) -> date:
    """An as-of date (empty: today)."""
    if not value.strip():
        return today
    problems: list[FieldProblem] = []
    day = _parse(value, "on", "Дата", problems)
    if day is None:
        raise ValidationFailed(problems)
    return day


def month_ends(period: Period) -> list[date]:
    """The points of a period's trend: the day before the start, each month's last day within, and the end."""
    points = [period.before_start]
    cursor = date(period.start.year, period.start.month, 1)
    while True:
        nxt = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        if last >= period.end:
            break
        points.append(last)
        cursor = nxt
    points.append(period.end)
    return points


def trend(deltas_by_day: Mapping[date, int], points: list[date]) -> list[int]:
    """A count's values at each point from its daily deltas."""
    ordered = sorted(deltas_by_day.items())
    values, total, i = [], 0, 0
    for point in points:
        while i < len(ordered) and ordered[i][0] <= point:
            total += ordered[i][1]
            i += 1
        values.append(total)
    return values
