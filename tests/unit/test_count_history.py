"""The as-of arithmetic of the history of counts (ADR 019): whatever the order and the repeats in which an entity's
versions arrive, the ledger ends as the sorted unique sequence draws it, and as of any day it counts the facets of the
version in force then."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorship_kit.errors import ValidationFailed
from reporting.domain.count_history import (
    Period,
    StateVersion,
    as_of,
    contribution,
    day_of,
    ledger_diff,
    month_ends,
    parse_day,
    parse_period,
    school_year,
    trend,
)

FACETS = ["mentor", "mentor.inactive", "mentor.origin.teacher", "mentor.trained"]
ORGS = ["org-a", "org-b"]
T0 = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)


@st.composite
def histories(draw: st.DrawFn) -> list[StateVersion]:
    """An entity's versions 1..n, each a day or more after the one before, in some organisation with some facets."""
    count = draw(st.integers(1, 6))
    days = sorted(draw(st.lists(st.integers(0, 40), min_size=count, max_size=count)))
    return [StateVersion(n + 1, T0 + timedelta(days=d), draw(st.sampled_from(ORGS)),
                         tuple(sorted(draw(st.sets(st.sampled_from(FACETS), max_size=3)))))
            for n, d in enumerate(days)]


def _apply_in_order(arrivals: list[StateVersion]) -> dict[tuple[str, str, date], int]:
    """The projector's way: on each arrival the ledger moves by the difference the new version makes."""
    ledger: dict[tuple[str, str, date], int] = {}
    kept: dict[int, StateVersion] = {}
    for version in arrivals:
        if version.version in kept:
            continue  # a duplicate: nothing to add
        before = contribution(kept.values())
        kept[version.version] = version
        for key, delta in ledger_diff(before, contribution(kept.values())).items():
            ledger[key] = ledger.get(key, 0) + delta
    return {k: d for k, d in ledger.items() if d}


def _in_force(versions: list[StateVersion], day: date) -> dict[tuple[str, str], int]:
    """What the entity counts at the end of ``day``: the facets of the newest version whose fact happened by then."""
    current = [v for v in versions if day_of(v.at) <= day]
    if not current:
        return {}
    newest = max(current, key=lambda v: v.version)
    return {(newest.org_id, f): 1 for f in newest.facets}


@given(histories(), st.data())
def test_any_order_and_any_repeats_end_in_the_ledger_of_the_sorted_unique_sequence(
        versions: list[StateVersion], data: st.DataObject) -> None:
    arrivals = data.draw(st.lists(st.sampled_from(versions), min_size=len(versions), max_size=3 * len(versions)))
    arrivals = [*arrivals, *versions]  # every version arrives at least once, in any order, some twice
    arrivals = data.draw(st.permutations(arrivals))
    assert _apply_in_order(arrivals) == contribution(sorted(versions, key=lambda v: v.version))


@given(histories())
def test_as_of_any_day_counts_the_facets_of_the_version_in_force(versions: list[StateVersion]) -> None:
    ledger = contribution(versions)
    for offset in range(-1, 42):
        day = T0.date() + timedelta(days=offset)
        assert as_of(ledger, day) == _in_force(versions, day)


def test_a_late_version_changes_only_the_days_it_was_in_force() -> None:
    first = StateVersion(1, T0, "org-a", ("mentor",))
    third = StateVersion(3, T0 + timedelta(days=20), "org-a", ("mentor.inactive",))
    ledger = _apply_in_order([first, third])
    # Version 2 (trained on day 10) arrives after version 3.
    second = StateVersion(2, T0 + timedelta(days=10), "org-a", ("mentor", "mentor.trained"))
    late = _apply_in_order([first, third, second])
    for offset in range(0, 30):
        day = T0.date() + timedelta(days=offset)
        if 10 <= offset < 20:
            assert as_of(late, day) == {**as_of(ledger, day), ("org-a", "mentor.trained"): 1}
        else:
            assert as_of(late, day) == as_of(ledger, day)


def test_a_clock_moved_back_never_makes_a_version_take_effect_before_the_previous_one() -> None:
    versions = [StateVersion(1, T0 + timedelta(days=5), "org-a", ("mentor",)),
                StateVersion(2, T0, "org-a", ("mentor.inactive",))]
    ledger = contribution(versions)
    assert as_of(ledger, T0.date()) == {}
    assert as_of(ledger, T0.date() + timedelta(days=5)) == {("org-a", "mentor.inactive"): 1}


def test_an_entity_that_moves_leaves_its_old_organisation_on_the_day_it_moves() -> None:
    ledger = contribution([StateVersion(1, T0, "org-a", ("mentor",)),
                           StateVersion(2, T0 + timedelta(days=3), "org-b", ("mentor",))])
    assert as_of(ledger, T0.date() + timedelta(days=2)) == {("org-a", "mentor"): 1}
    assert as_of(ledger, T0.date() + timedelta(days=3)) == {("org-b", "mentor"): 1}


def test_the_day_of_a_fact_is_the_day_in_moscow() -> None:
    assert day_of(datetime(2025, 8, 31, 22, 30, tzinfo=UTC)) == date(2025, 9, 1)


def test_the_school_year_runs_from_september_to_august() -> None:
    assert school_year(date(2026, 3, 15)) == Period(date(2025, 9, 1), date(2026, 8, 31))
    assert school_year(date(2025, 9, 1)) == Period(date(2025, 9, 1), date(2026, 8, 31))
    assert school_year(date(2025, 8, 31)) == Period(date(2024, 9, 1), date(2025, 8, 31))


def test_a_period_is_both_dates_or_the_current_school_year() -> None:
    today = date(2026, 1, 10)
    assert parse_period("", "", today=today) == Period(date(2025, 9, 1), date(2026, 8, 31))
    assert parse_period("2026-01-01", "2026-06-30", today=today) == Period(date(2026, 1, 1), date(2026, 6, 30))
    assert parse_period("2026-01-01", "2026-01-01", today=today).before_start == date(2025, 12, 31)


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2026-01-01", "", "Укажите обе даты периода"),
    ("01.01.2026", "2026-06-30", "Дата начала: укажите дату в виде ГГГГ-ММ-ДД"),
    ("2026-06-30", "2026-01-01", "Дата подведения итогов не может быть раньше даты начала"),
    ("1990-01-01", "2026-01-01", "вне допустимого диапазона"),
    ("2001-01-01", "2026-01-01", "длиннее десяти лет"),
])
def test_bad_dates_are_refused_in_russian(start: str, end: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_period(start, end, today=date(2026, 1, 10))
    assert message in refused.value.message
    with pytest.raises(ValidationFailed):
        parse_day("завтра", today=date(2026, 1, 10))


def test_the_trend_points_are_the_day_before_each_month_end_and_the_end() -> None:
    points = month_ends(Period(date(2025, 9, 1), date(2025, 11, 15)))
    assert points == [date(2025, 8, 31), date(2025, 9, 30), date(2025, 10, 31), date(2025, 11, 15)]
    deltas = {date(2025, 8, 31): 2, date(2025, 10, 31): 3, date(2025, 11, 15): -1}
    assert trend(deltas, points) == [2, 2, 5, 4]
