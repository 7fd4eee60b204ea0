"""Retention of young teachers in the profession after 1 and 3 years (seed 004 §VI «рост числа закрепившихся в
профессии молодых/начинающих педагогов»; ADR 021 addendum, docs/indicators.md «Региональные показатели»).

The definition a municipal specialist reads: **the cohort** of a day D is every teacher who on D was a young
specialist — in the base of a school as staff (``person.staff``) with pedagogical service that began 0–3 calendar
years before D (``person.staff.service_since.<YYYY>``). A teacher of the cohort is **retained after N years** when at
D + N years he is still an active teacher of an organisation of the region: his person entity is still counted as
``person.staff``. The retention «as of» a day is the cohort of that day minus N years, read at that day.

Computed from reporting's history of the person entities (``count_state_history``: ids, versions, days and facets —
no names), so the past is read as it was, not as it is now. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from reporting.domain.count_history import day_of
from reporting.domain.kpis import STAFF_SINCE, YOUNG_SERVICE_YEARS, Share

STAFF = "person.staff"
RETENTION_YEARS = (1, 3)


@dataclass(frozen=True)
class PersonVersion:
    """One version of a person entity as reporting applied it: when, in which organisation and unit, its facets."""

    version: int
    at: datetime
    org_id: str
    municipality_id: str
    facets: tuple[str, ...]


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def state_on(versions: Iterable[PersonVersion], day: date) -> PersonVersion | None:
    """The version in force at the end of ``day``: the newest version whose day — never earlier than a lower
    version's (a late event does not reorder versions) — is on or before ``day``; None before the first."""
    found: PersonVersion | None = None
    effective = date.min
    for v in sorted({v.version: v for v in reversed(list(versions))}.values(), key=lambda v: v.version):
        effective = max(effective, day_of(v.at))
        if effective > day:
            break
        found = v
    return found


def young_teacher_on(state: PersonVersion | None, day: date) -> bool:
    """A young specialist on the day: staff whose pedagogical service began 0–3 calendar years before it."""
    if state is None or STAFF not in state.facets:
        return False
    years = [int(f.removeprefix(STAFF_SINCE)) for f in state.facets
             if f.startswith(STAFF_SINCE) and f.removeprefix(STAFF_SINCE).isdigit()]
    return any(0 <= day.year - y <= YOUNG_SERVICE_YEARS for y in years)


@dataclass(frozen=True)
class Retention:
    """A cohort and how many of it were retained: per unit (where the teacher was on the cohort's day) and in
    total."""

    years: int
    cohort_day: date
    per_unit: dict[str, Share]
    total: Share


def retention(histories: Mapping[str, list[PersonVersion]], on: date, years: int, *,
              by_municipality: bool) -> Retention:
    """Of the young teachers of ``on`` minus ``years``, those still counted as staff on ``on``."""
    start = years_before(on, years)
    cohort: dict[str, list[bool]] = {}
    for versions in histories.values():
        then = state_on(versions, start)
        if then is None or not young_teacher_on(then, start):
            continue
        now = state_on(versions, on)
        unit = then.municipality_id if by_municipality else then.org_id
        cohort.setdefault(unit, []).append(now is not None and STAFF in now.facets)
    per_unit = {unit: Share(sum(kept), len(kept)) for unit, kept in cohort.items()}
    return Retention(years, start, per_unit, Share(sum(s.numerator for s in per_unit.values()),
                                                    sum(s.denominator for s in per_unit.values())))
