"""Retention of young teachers after 1 and 3 years (ADR 021 addendum), on a hand-built history of person entities.

On 1 September 2023 the base of school A has Ира (service since 2021), Олег (since 2023), Пётр (since 2010 — not
young) and an external helper; school B has Сергей (since 2022). Олег leaves the staff in June 2024 (his state loses
``person.staff``); Сергей is hired at B on 1 October 2023 — after the day of the cohort — and Ира leaves in 2025.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from reporting.domain.kpis import Share
from reporting.domain.retention import PersonVersion, retention, state_on, years_before, young_teacher_on

A, B, MUNICIPALITY = "org-a", "org-b", "mun-1"


def _v(version: int, day: str, org: str, *facets: str) -> PersonVersion:
    return PersonVersion(version, datetime.fromisoformat(f"{day}T09:00:00+00:00").astimezone(UTC), org, MUNICIPALITY,
                         tuple(facets))


HISTORIES = {
    "ira": [_v(1, "2021-08-25", A, "person.staff", "person.staff.service_since.2021"),
            _v(2, "2025-06-30", A, "person.external")],
    "oleg": [_v(1, "2023-08-30", A, "person.staff", "person.staff.service_since.2023"),
             _v(2, "2024-06-15", A, "person.external")],
    "petr": [_v(1, "2015-09-01", A, "person.staff", "person.staff.service_since.2010")],
    "sergey": [_v(1, "2023-10-01", B, "person.staff", "person.staff.service_since.2022")],
    "helper": [_v(1, "2022-01-10", A, "person.external")],
}


def test_a_cohort_is_the_young_teachers_of_the_day_and_the_retained_are_still_staff_n_years_later() -> None:
    one = retention(HISTORIES, date(2024, 9, 1), 1, by_municipality=False)
    assert one.cohort_day == date(2023, 9, 1)
    # Ира and Олег were young on 1.9.2023 (Сергей came later, Пётр is not young); Олег left in June 2024.
    assert one.per_unit == {A: Share(1, 2)} and one.total == Share(1, 2)
    later = retention(HISTORIES, date(2024, 10, 1), 1, by_municipality=False)
    assert later.per_unit == {A: Share(1, 2), B: Share(1, 1)}, "Сергей is in the cohort of 1.10.2023"
    three = retention(HISTORIES, date(2026, 9, 1), 3, by_municipality=True)
    assert three.cohort_day == date(2023, 9, 1) and three.total == Share(0, 2), "Ира left in 2025, Олег in 2024"
    assert three.per_unit == {MUNICIPALITY: Share(0, 2)}


def test_nobody_young_on_the_day_gives_an_empty_share_not_a_division_by_zero() -> None:
    empty = retention(HISTORIES, date(2016, 9, 1), 1, by_municipality=True)
    assert empty.total == Share(0, 0) and empty.total.share == 0.0 and empty.per_unit == {}


def test_the_state_of_a_day_is_the_newest_version_by_then_and_duplicates_count_once() -> None:
    ira = [*HISTORIES["ira"], _v(2, "2025-07-01", A, "person.staff")]  # a duplicate of version 2: the first wins
    assert state_on(ira, date(2025, 6, 29)) == HISTORIES["ira"][0]
    assert state_on(ira, date(2025, 6, 30)) == HISTORIES["ira"][1]
    assert state_on(ira, date(2021, 8, 24)) is None
    # a late version (a lower day than the one before it) takes effect on the earlier version's day, not before
    late = [_v(1, "2024-05-01", A, "person.staff", "person.staff.service_since.2024"),
            _v(2, "2024-03-01", A, "person.external")]
    assert state_on(late, date(2024, 4, 1)) is None and state_on(late, date(2024, 5, 1)) == late[1]


def test_young_means_service_begun_zero_to_three_calendar_years_before() -> None:
    assert young_teacher_on(HISTORIES["ira"][0], date(2024, 12, 31)) is True
    assert young_teacher_on(HISTORIES["ira"][0], date(2025, 1, 1)) is False
    assert young_teacher_on(HISTORIES["helper"][0], date(2022, 2, 1)) is False
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)
