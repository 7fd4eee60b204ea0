"""The regional KPIs (ADR 021) on a small hand-built region, with the expected values written out.

Region «Тестовая область», on 1 September 2026:
- Школа №1: roadmap approved, 2 active pairs; 10 students in the base — born 2010 ×4, 2014 ×4, 2019 ×2 — of whom
  born 2010 ×2 and 2014 ×1 are mentees in an active pair or group; teachers starting service in 2024 ×2 (young),
  2010 ×3; one of the young ones has a mentor; 6 meetings of pairs and 2 of a group; pairs formed: 2 active,
  1 completed, 1 closed early.
- Школа №2: roadmap approved, no pair; 5 students (born 2012), none covered; one teacher since 2026 (young).
- Школа №3: no roadmap, 1 active pair; 5 students, born unknown, 1 covered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorship_kit.errors import ValidationFailed
from reporting.domain.counted_state import sum_counts
from reporting.domain.kpis import (
    COVERAGE_TARGET,
    AgeBounds,
    OrganisationState,
    coverage_state,
    implementing,
    kpi_row,
    pair_work,
    student_coverage,
    years_counted,
    young_teachers_with_mentor,
)
from reporting.service_layer.kpis import check_bounds

ON = date(2026, 9, 1)
SCHOOL_1 = {"person.student": 10, "person.student.born.2010": 4, "person.student.born.2014": 4,
            "person.student.born.2019": 2, "covered.student": 3, "covered.student.born.2010": 2,
            "covered.student.born.2014": 1, "person.staff": 5, "person.staff.service_since.2024": 2,
            "person.staff.service_since.2010": 3, "covered.staff": 1, "covered.staff.service_since.2024": 1,
            "pair": 2, "pair.completed": 1, "pair.closed": 1, "meeting": 8, "meeting.group": 2,
            "pair.form.teacher_teacher": 1, "pair.form.student_student": 1, "pair.kind.individual": 2}
SCHOOL_2 = {"person.student": 5, "person.student.born.2012": 5, "person.staff": 1,
            "person.staff.service_since.2026": 1}
SCHOOL_3 = {"person.student": 5, "covered.student": 1, "pair": 1, "pair.form.student_student": 1,
            "pair.kind.individual": 1, "meeting": 1}
ORGANISATIONS = [OrganisationState(True, True), OrganisationState(True, False), OrganisationState(False, True)]
REGION = sum_counts([SCHOOL_1, SCHOOL_2, SCHOOL_3])


def test_implementing_share_in_both_definitions() -> None:
    roadmap, with_pair = implementing(ORGANISATIONS)
    assert (roadmap.numerator, roadmap.denominator) == (2, 3)
    assert (with_pair.numerator, with_pair.denominator) == (1, 3), "only Школа №1 has a roadmap and a pair"
    assert implementing([])[0].share == 0.0


def test_coverage_of_students_without_and_with_age_bounds() -> None:
    whole = student_coverage(REGION, ON)
    assert (whole.numerator, whole.denominator) == (4, 20)
    assert whole.share == pytest.approx(0.2)
    # 10–18 on 1 Sept 2026: born 2008..2016 — 2010 ×4, 2014 ×4, 2012 ×5 in the base; 2010 ×2, 2014 ×1 covered;
    # Школа №3's students have no birth date and fall outside any bound.
    bounded = student_coverage(REGION, ON, AgeBounds(10, 18))
    assert (bounded.numerator, bounded.denominator) == (3, 13)
    only_older = student_coverage(REGION, ON, AgeBounds(14, 0))  # born 2012 or earlier
    assert (only_older.numerator, only_older.denominator) == (2, 9)
    assert COVERAGE_TARGET == 0.7


def test_young_teachers_with_a_mentor() -> None:
    young = young_teachers_with_mentor(REGION, ON)
    assert (young.numerator, young.denominator) == (1, 3), "2024 ×2 and 2026 ×1 are 0–3 years; 2010 is not"
    assert young_teachers_with_mentor(REGION, date(2028, 1, 10)).denominator == 1, "2024 is 4 years by 2028"


def test_pairs_by_form_and_kind_and_meetings_per_pair() -> None:
    work = pair_work(REGION)
    assert (work.pairs, work.pairs_ever, work.pair_meetings) == (3, 5, 7), "groups' meetings are not a pair's"
    assert work.meetings_per_pair == pytest.approx(1.4)
    assert work.by_form == {"student_student": 2, "teacher_teacher": 1}
    assert work.by_kind == {"individual": 3}
    assert pair_work({}).meetings_per_pair == 0.0


def test_a_unit_row_puts_them_together() -> None:
    row = kpi_row(("org-1", "Школа №1", "Город"), SCHOOL_1, ORGANISATIONS[:1], ON, AgeBounds())
    assert (row.implementing.numerator, row.implementing_with_pair.numerator) == (1, 1)
    assert (row.student_coverage.numerator, row.student_coverage.denominator) == (3, 10)
    assert (row.young_teachers_with_mentor.numerator, row.young_teachers_with_mentor.denominator) == (1, 2)
    assert row.work.meetings_per_pair == pytest.approx(1.5)


def test_a_row_without_forms_and_kinds_has_every_other_figure() -> None:
    full = kpi_row(("org-1", "Школа №1", "Город"), SCHOOL_1, ORGANISATIONS[:1], ON, AgeBounds(10, 18))
    lean = kpi_row(("org-1", "Школа №1", "Город"), SCHOOL_1, ORGANISATIONS[:1], ON, AgeBounds(10, 18),
                   by_form_and_kind=False)
    assert (lean.work.by_form, lean.work.by_kind) == ({}, {})
    assert lean == replace(full, work=replace(full.work, by_form={}, by_kind={}))


def _every_year(counts: dict[str, int], prefix: str, first: int | None, last: int | None) -> int:
    """The rule read off every facet, as the open ranges do."""
    return sum(n for facet, n in counts.items() if facet.startswith(prefix) and facet.removeprefix(prefix).isdigit()
               and (first is None or first <= int(facet.removeprefix(prefix)))
               and (last is None or int(facet.removeprefix(prefix)) <= last))


@given(st.dictionaries(st.integers(min_value=1950, max_value=2035), st.integers(min_value=0, max_value=500)),
       st.dictionaries(st.sampled_from(["person.student", "covered.student.born.x", "person.student.born.",
                                        "person.student.born.2010.x", "pair"]), st.integers(min_value=1, max_value=9)),
       st.one_of(st.none(), st.integers(min_value=1940, max_value=2040)),
       st.one_of(st.none(), st.integers(min_value=1940, max_value=2040)))
def test_years_asked_by_name_are_the_years_read_off_every_facet(years: dict[int, int], others: dict[str, int],
                                                               first: int | None, last: int | None) -> None:
    """The registry spells a year facet from the year's number; a closed range asks for each year by that name."""
    counts = {**others, **{f"person.student.born.{y}": n for y, n in years.items()}}
    assert years_counted(counts, "person.student.born.", first, last) == _every_year(
        counts, "person.student.born.", first, last)


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30),
       st.dictionaries(st.integers(min_value=1990, max_value=2030), st.integers(min_value=0, max_value=50)))
def test_birth_years_of_the_bounds_are_the_years_they_admit(min_age: int, max_age: int, born: dict[int, int]) -> None:
    bounds = AgeBounds(min_age, max_age)
    counts = {"person.student": sum(born.values()), **{f"person.student.born.{y}": n for y, n in born.items()}}
    expected = sum(n for year, n in born.items() if bounds.admits(year, ON)) if bounds.bounded \
        else counts["person.student"]
    assert student_coverage(counts, ON, bounds).denominator == expected


def test_coverage_state_of_a_person() -> None:
    student = coverage_state("p-1", 2, ["person.student", "person.student.born.2012"], [3, 1], True)
    assert (student.entity_kind, student.version) == ("coverage", 6)
    assert student.facets == ("covered.student", "covered.student.born.2012")
    teacher = coverage_state("p-2", 1, ["person.staff", "person.staff.service_since.2025"], [1], True)
    assert teacher.facets == ("covered.staff", "covered.staff.service_since.2025")
    assert coverage_state("p-3", 1, ["person.student"], [1], False).facets == ()
    assert coverage_state("p-4", 1, ["person.external"], [1], True).facets == ()


@given(st.lists(st.integers(min_value=0, max_value=1000), max_size=5), st.integers(min_value=1, max_value=1000),
       st.integers(min_value=1, max_value=1000))
def test_a_newer_input_always_makes_a_newer_coverage_version(inputs: list[int], version: int, raised: int) -> None:
    """Every input only grows, so raising any of them raises the version: a later change is never skipped."""
    before = coverage_state("p", version, ["person.student"], inputs, True)
    after = coverage_state("p", version, ["person.student"], [*inputs[:-1], inputs[-1] + raised] if inputs
                           else [raised], False)
    assert after.version > before.version


def test_age_bounds_are_checked() -> None:
    assert check_bounds(10, 18) == AgeBounds(10, 18)
    for wrong in ((18, 10), (-1, 0), (0, 31)):
        with pytest.raises(ValidationFailed):
            check_bounds(*wrong)
