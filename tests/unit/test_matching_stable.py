"""Preferences mode: never a blocking pair, capacities respected, and the price of stability reported honestly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.domain.stable import acceptable_pairs, stability_gap, stable_assignment
from tests.unit.matching_instances import Instance

Rankings = tuple[list[list[int]], list[list[int]], list[int]]


@st.composite
def rankings(draw: st.DrawFn) -> Rankings:
    """Incomplete, arbitrary rankings of both sides (a listed person need not list back)."""
    n = draw(st.integers(0, 9))
    m = draw(st.integers(1, 6))
    mentee_prefs = [draw(st.permutations(range(m)).map(lambda p: p[:draw(st.integers(0, m))]))
                    for _ in range(n)]
    mentor_prefs = [draw(st.permutations(range(n)).map(lambda p: p[:draw(st.integers(0, n))]))
                    for _ in range(m)]
    caps = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    return [list(p) for p in mentee_prefs], [list(p) for p in mentor_prefs], caps


def _blocking_pairs(mentee_prefs: list[list[int]], mentor_prefs: list[list[int]], caps: list[int],
                    mentor_of: list[int]) -> list[tuple[int, int]]:
    held = {j: [i for i, x in enumerate(mentor_of) if x == j] for j in range(len(mentor_prefs))}
    blocking = []
    for i, order in enumerate(mentee_prefs):
        current = order.index(mentor_of[i]) if mentor_of[i] >= 0 else len(order)
        for j in order[:current]:
            if i not in mentor_prefs[j]:
                continue
            rank = mentor_prefs[j].index(i)
            if len(held[j]) < caps[j] or any(mentor_prefs[j].index(h) > rank for h in held[j]):
                blocking.append((i, j))
    return blocking


@settings(max_examples=200, deadline=None)
@given(case=rankings())
def test_no_blocking_pair_capacities_respected_only_mutually_acceptable_pairs(case: Rankings) -> None:
    mentee_prefs, mentor_prefs, caps = case
    result = stable_assignment(mentee_prefs, mentor_prefs, caps)
    mentor_of = result.mentor_of.tolist()
    for i, j in enumerate(mentor_of):
        assert j == -1 or (j in mentee_prefs[i] and i in mentor_prefs[j])
    assert all(mentor_of.count(j) <= c for j, c in enumerate(caps))
    assert _blocking_pairs(mentee_prefs, mentor_prefs, caps, mentor_of) == []
    assert result.matched == sum(j >= 0 for j in mentor_of)


@settings(max_examples=100, deadline=None)
@given(case=rankings())
def test_stability_never_matches_more_than_the_maximum_on_the_same_pairs(case: Rankings) -> None:
    mentee_prefs, mentor_prefs, caps = case
    gap = stability_gap(mentee_prefs, mentor_prefs, caps)
    u, v, points = acceptable_pairs(mentee_prefs, mentor_prefs)
    reference = Instance(len(mentee_prefs), np.array(caps, dtype=np.int64), u, v, points)
    assert gap.max_matched == reference.maximum_matching()
    assert 0 <= gap.left_unmatched_by_stability == gap.max_matched - gap.stable_matched


def test_the_textbook_case_where_stability_leaves_a_mentee_unmatched() -> None:
    # Both mentees want mentor 0, who prefers mentee 0; mentee 1 accepts no one else.
    gap = stability_gap([[0, 1], [0]], [[0, 1], [0]], [1, 1])
    assert (gap.stable_matched, gap.max_matched, gap.left_unmatched_by_stability) == (1, 2, 1)
    assert gap.optimal.mentor_of.tolist() == [1, 0]


def test_mentee_proposing_gives_mentees_their_best_stable_partner() -> None:
    # Two stable matchings exist; mentee-proposing deferred acceptance picks the mentees' favourite.
    result = stable_assignment([[0, 1], [1, 0]], [[1, 0], [0, 1]], [1, 1])
    assert result.mentor_of.tolist() == [0, 1]


@pytest.mark.parametrize(("mentee_prefs", "mentor_prefs", "caps"), [
    ([[0, 0]], [[0]], [1]),
    ([[3]], [[0]], [1]),
    ([[0]], [[0]], [1, 1]),
])
def test_bad_rankings_are_refused(mentee_prefs: list[list[int]], mentor_prefs: list[list[int]],
                                  caps: list[int]) -> None:
    with pytest.raises(ValueError):
        stable_assignment(mentee_prefs, mentor_prefs, caps)
