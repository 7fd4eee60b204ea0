"""The regional KPIs (issue 14 item 3, ADR 021), as pure functions of facet counts: coverage of students by
mentoring, young teachers with a mentor, meetings per pair, pairs by form and вид, the two definitions of an
implementing organisation. Counts only — the ``coverage`` entity per person is built here from the projector's
bookkeeping (ids in, facets out).

Ages and years of service are counted by calendar year from the year facets the registry sends
(``person.student.born.<YYYY>``, ``person.staff.service_since.<YYYY>``): a student's age on a day is the age reached
in that day's calendar year, so the bounds are a setting of the read, not a constant of the data (DESIGN §8).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from reporting.domain.counted_state import CountedState, normalise, under_prefix

COVERAGE_TARGET = 0.7
"""Р-145 as schools cite it (DESIGN §8): at least 70 % of students involved in mentoring — shown beside the value."""
YOUNG_SERVICE_YEARS = 3
"""A young teacher has 0–3 years of pedagogical service (DESIGN §8, the registry's ``young_specialist``)."""

STUDENT_BORN = "person.student.born."
STAFF_SINCE = "person.staff.service_since."
COVERED_STUDENT = "covered.student"
COVERED_STAFF = "covered.staff"
COVERED_BORN = "covered.student.born."
COVERED_SINCE = "covered.staff.service_since."


def coverage_state(person_id: str, person_version: int, person_facets: Iterable[str],
                   input_versions: Iterable[int], in_pair_or_group: bool) -> CountedState:
    """A person counted as covered by mentoring: a student or a teacher who is a mentee in at least one active
    pair or group, with the year facet that puts them inside or outside the bounds of a read.

    Its version is the sum of the versions of everything it is made of (the person's state, the mentee's, the
    mentee's pairs and groups as applied): each of those only grows, so the sum grows with every change and a
    duplicate or an older event leaves it as it was."""
    facets = set(person_facets)
    covered: list[str] = []
    if in_pair_or_group and "person.student" in facets:
        covered = [COVERED_STUDENT, *(f.replace(STUDENT_BORN, COVERED_BORN) for f in facets
                                      if f.startswith(STUDENT_BORN))]
    elif in_pair_or_group and "person.staff" in facets:
        covered = [COVERED_STAFF, *(f.replace(STAFF_SINCE, COVERED_SINCE) for f in facets
                                    if f.startswith(STAFF_SINCE))]
    return CountedState("coverage", person_id, person_version + sum(input_versions), normalise(covered))


@dataclass(frozen=True)
class Share:
    numerator: int = 0
    denominator: int = 0

    @property
    def share(self) -> float:
        return self.numerator / self.denominator if self.denominator else 0.0


@dataclass(frozen=True)
class AgeBounds:
    """Who the coverage counts: students aged ``min_age``..``max_age`` (inclusive) on the day; 0 — no bound."""

    min_age: int = 0
    max_age: int = 0

    def admits(self, born: int, on: date) -> bool:
        age = on.year - born
        return (not self.min_age or age >= self.min_age) and (not self.max_age or age <= self.max_age)

    @property
    def bounded(self) -> bool:
        return bool(self.min_age or self.max_age)

    def birth_years(self, on: date) -> tuple[int | None, int | None]:
        """The first and last birth year ``admits`` on ``on`` (``None``: no bound on that side)."""
        return (on.year - self.max_age if self.max_age else None, on.year - self.min_age if self.min_age else None)


def _years(counts: Mapping[str, int], prefix: str) -> Iterable[tuple[int, int]]:
    for facet, n in counts.items():
        if facet.startswith(prefix) and facet.removeprefix(prefix).isdigit():
            yield int(facet.removeprefix(prefix)), int(n)


def years_counted(counts: Mapping[str, int], prefix: str, first: int | None, last: int | None) -> int:
    """The sum of the year facets ``<prefix><year>`` with ``first`` ≤ year ≤ ``last`` (``None``: that end is open).

    A closed range asks for its years by name: a municipality has ~150 facets, most of them years, and the region's
    page reads 60 municipalities (reading every facet for each figure was a quarter of the page's reads). The registry
    spells a year facet from the year's number (``facets.py``), so its name is ``f"{prefix}{year}"``."""
    if first is not None and last is not None:
        return sum(int(counts.get(f"{prefix}{year}", 0)) for year in range(first, last + 1))
    return sum(n for year, n in _years(counts, prefix)
               if (first is None or first <= year) and (last is None or year <= last))


def student_coverage(counts: Mapping[str, int], on: date, bounds: AgeBounds = AgeBounds()) -> Share:
    """Students who are mentees in an active pair or group / students in the base, within the age bounds. Without
    bounds every student counts (also those without a birth date); with bounds only those whose birth year falls
    inside them."""
    if not bounds.bounded:
        return Share(int(counts.get(COVERED_STUDENT, 0)), int(counts.get("person.student", 0)))
    first, last = bounds.birth_years(on)
    return Share(years_counted(counts, COVERED_BORN, first, last), years_counted(counts, STUDENT_BORN, first, last))


def young_teachers_with_mentor(counts: Mapping[str, int], on: date) -> Share:
    """Teachers with 0–3 years of pedagogical service (by the year it began) who are mentees in an active pair or
    group / all such teachers in the base."""
    first, last = on.year - YOUNG_SERVICE_YEARS, on.year
    return Share(years_counted(counts, COVERED_SINCE, first, last), years_counted(counts, STAFF_SINCE, first, last))


@dataclass(frozen=True)
class PairWork:
    pairs: int = 0
    pairs_ever: int = 0
    pair_meetings: int = 0
    by_form: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def meetings_per_pair(self) -> float:
        return self.pair_meetings / self.pairs_ever if self.pairs_ever else 0.0


def pair_work(counts: Mapping[str, int], *, by_form_and_kind: bool = True) -> PairWork:
    """Meetings per pair: the pairs' meetings held (a group's are not a pair's) over every pair formed — active,
    completed or closed early — so the figure does not jump when pairs end; pairs by form and вид are active ones
    (read from every facet: only when asked for, the region's page shows them for its whole reach)."""
    pairs = int(counts.get("pair", 0))
    return PairWork(pairs=pairs,
                    pairs_ever=pairs + int(counts.get("pair.completed", 0)) + int(counts.get("pair.closed", 0)),
                    pair_meetings=max(int(counts.get("meeting", 0)) - int(counts.get("meeting.group", 0)), 0),
                    by_form=under_prefix(counts, "pair.form.") if by_form_and_kind else {},
                    by_kind=under_prefix(counts, "pair.kind.") if by_form_and_kind else {})


@dataclass(frozen=True)
class OrganisationState:
    """One organisation as the implementing share sees it."""

    approved_roadmap: bool
    with_active_pair: bool


def implementing(organisations: Iterable[OrganisationState]) -> tuple[Share, Share]:
    """Seed 004 §VI: the share of organisations implementing the target model, in two definitions — an approved
    roadmap (the one used since ADR 003), and the tightened one: an approved roadmap *and* at least one active
    pair. Both over every organisation in reach."""
    found = list(organisations)
    return (Share(sum(o.approved_roadmap for o in found), len(found)),
            Share(sum(o.approved_roadmap and o.with_active_pair for o in found), len(found)))


@dataclass(frozen=True)
class KpiRow:
    unit_id: str
    unit_name: str
    parent_name: str
    implementing: Share
    implementing_with_pair: Share
    student_coverage: Share
    young_teachers_with_mentor: Share
    work: PairWork
    retention_1y: Share = Share()
    """Young teachers of a year ago still teachers today (``domain/retention.py``)."""
    retention_3y: Share = Share()


def kpi_row(unit: tuple[str, str, str], counts: Mapping[str, int], organisations: Iterable[OrganisationState],
            on: date, bounds: AgeBounds, *, by_form_and_kind: bool = True) -> KpiRow:
    """One unit's KPIs from its facet counts and its organisations (a school is a unit of one); pairs by form and
    вид when asked for (``pair_work``)."""
    roadmap, with_pair = implementing(organisations)
    return KpiRow(*unit, implementing=roadmap, implementing_with_pair=with_pair,
                  student_coverage=student_coverage(counts, on, bounds),
                  young_teachers_with_mentor=young_teachers_with_mentor(counts, on),
                  work=pair_work(counts, by_form_and_kind=by_form_and_kind))
