"""Optimal mode is exact: equal to independent references on every instance, including when pruning misleads."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching.domain.assignment import Assignment, Objective, solve_optimal
from matching.domain.greedy import solve_greedy
from tests.unit.matching_instances import Instance, check_valid, instances, score_of

PROPERTY = settings(max_examples=80, deadline=None)


def _solve(inst: Instance, objective: Objective = Objective.MAX_SCORE, k: int | None = None) -> Assignment:
    """With ``k`` given, the mentor side of the first round is dropped too, so pruning often misleads."""
    return solve_optimal(inst.n, inst.capacities, inst.mentee, inst.mentor, inst.score, objective=objective, k=k,
                         per_seat=0 if k else 10)


def test_unit_capacities_equal_the_hungarian_method_on_a_dense_instance() -> None:
    rng = np.random.default_rng(7)
    n, m = 120, 90
    scores = rng.integers(0, 10_000, (n, m))
    u, v = np.divmod(np.arange(n * m), m)
    rows, cols = linear_sum_assignment(scores, maximize=True)
    for k in (None, 2, 4):
        got = solve_optimal(n, np.ones(m), u, v, scores.ravel(), k=k, per_seat=0 if k else 10)
        assert got.total_score == int(scores[rows, cols].sum())
        assert got.matched == m


def test_missing_edges_are_forbidden_not_just_poor() -> None:
    rng = np.random.default_rng(11)
    n = m = 80
    scores = rng.integers(1, 1000, (n, n))
    present = rng.random((n, m)) < 0.1
    u, v = np.nonzero(present)
    got = solve_optimal(n, np.ones(m), u, v, scores[u, v], k=2, per_seat=0)
    rows, cols = linear_sum_assignment(np.where(present, scores, 0), maximize=True)
    assert got.total_score == int(np.where(present, scores, 0)[rows, cols].sum())
    check_valid(Instance(n, np.ones(m, dtype=np.int64), u, v, scores[u, v]), got.mentor_of)


@PROPERTY
@given(inst=instances(), k=st.one_of(st.none(), st.integers(1, 3)))
def test_max_score_equals_the_hungarian_method_on_seat_copies(inst: Instance, k: int | None) -> None:
    got = _solve(inst, k=k)
    check_valid(inst, got.mentor_of)
    assert got.total_score == score_of(inst, got.mentor_of) == inst.reference_max_score()
    assert got.matched == int((got.mentor_of >= 0).sum())


@PROPERTY
@given(inst=instances(), k=st.one_of(st.none(), st.integers(1, 3)))
def test_lexicographic_objective_matches_a_maximum_matching_then_the_best_score(inst: Instance,
                                                                                 k: int | None) -> None:
    got = _solve(inst, Objective.MAX_MATCHED_THEN_SCORE, k=k)
    check_valid(inst, got.mentor_of)
    assert got.matched == inst.maximum_matching()
    assert (got.matched, got.total_score) == inst.reference_lexicographic()


@settings(max_examples=40, deadline=None)
@given(inst=instances(max_mentees=7, max_mentors=5))
def test_lexicographic_objective_equals_networkx_max_flow_min_cost(inst: Instance) -> None:
    graph = nx.DiGraph()
    for i in range(inst.n):
        graph.add_edge("s", ("u", i), capacity=1, weight=0)
    for j, c in enumerate(inst.capacities.tolist()):
        graph.add_edge(("v", j), "t", capacity=c, weight=0)
    for i, j, s in zip(inst.mentee.tolist(), inst.mentor.tolist(), inst.score.tolist(), strict=True):
        graph.add_edge(("u", i), ("v", j), capacity=1, weight=-s)
    graph.add_node("s")
    graph.add_node("t")
    flow = nx.max_flow_min_cost(graph, "s", "t")
    matched = sum(flow["s"].values())
    score = -nx.cost_of_flow(graph, flow)
    got = _solve(inst, Objective.MAX_MATCHED_THEN_SCORE)
    assert (got.matched, got.total_score) == (matched, score)


def test_pruning_that_is_wrong_at_first_is_corrected_by_the_certificate() -> None:
    """Every mentee's top-3 edges go to the same three star mentors; the optimum uses everyone else.

    The first round keeps only the mentee side (``per_seat=0``), which is exactly the misleading part.
    """
    rng = np.random.default_rng(3)
    n, m, stars = 60, 63, 3
    u, v = np.divmod(np.arange(n * m), m)
    scores = np.where(v < stars, 500, rng.integers(100, 400, n * m))
    full = solve_optimal(n, np.ones(m), u, v, scores, k=m)
    for objective in Objective:
        pruned = solve_optimal(n, np.ones(m), u, v, scores, k=stars, per_seat=0, objective=objective)
        assert pruned.facts.rounds >= 2 and pruned.facts.edges_added_back > 0 and pruned.facts.certified
        assert pruned.matched == n
        if objective is Objective.MAX_SCORE:
            assert pruned.total_score == full.total_score
    assert not full.facts.certified and full.facts.rounds == 1


def test_mentors_best_suited_mentees_fix_what_shared_tastes_mislead() -> None:
    """Same stars, default first round: each mentor's own best mentees are kept, so one round suffices."""
    rng = np.random.default_rng(3)
    n, m, stars = 60, 63, 3
    u, v = np.divmod(np.arange(n * m), m)
    scores = np.where(v < stars, 500, rng.integers(100, 400, n * m))
    pruned = solve_optimal(n, np.ones(m), u, v, scores, k=stars)
    assert pruned.facts.rounds == 1 and pruned.facts.certified
    assert pruned.total_score == solve_optimal(n, np.ones(m), u, v, scores, k=m).total_score


def test_a_pool_larger_than_the_full_graph_threshold_is_pruned_and_certified() -> None:
    rng = np.random.default_rng(5)
    n, m, per = 4000, 800, 30
    u = np.repeat(np.arange(n), per)
    v = rng.integers(0, m, n * per)
    scores = rng.integers(0, 1000, n * per)
    caps = rng.integers(1, 6, m)
    got = solve_optimal(n, caps, u, v, scores)
    assert got.facts.k < per and got.facts.certified
    exact = solve_optimal(n, caps, u, v, scores, k=per)
    assert got.total_score == exact.total_score


def test_an_edge_to_a_mentor_without_seats_is_never_used_and_no_edges_is_no_match() -> None:
    got = solve_optimal(2, [0, 1], [0, 1, 1], [0, 0, 1], [9, 9, 1])
    assert got.mentor_of.tolist() == [-1, 1] and got.total_score == 1
    empty = solve_optimal(3, [2], [], [], [])
    assert empty.mentor_of.tolist() == [-1, -1, -1] and empty.matched == 0


@pytest.mark.parametrize(("args", "message"), [
    ((2, [1], [0], [1], [5]), "out of range"),
    ((2, [1], [2], [0], [5]), "out of range"),
    ((2, [1], [0], [0], [-1]), "≥ 0"),
    ((2, [-1], [0], [0], [1]), "≥ 0"),
    ((2, [1], [0, 1], [0], [1]), "one length"),
])
def test_bad_input_is_refused(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        solve_optimal(*args)


@PROPERTY
@given(inst=instances())
def test_greedy_is_valid_and_never_beats_the_optimum(inst: Instance) -> None:
    greedy = solve_greedy(inst.n, inst.capacities, inst.mentee, inst.mentor, inst.score)
    check_valid(inst, greedy.mentor_of)
    assert greedy.total_score == score_of(inst, greedy.mentor_of) <= inst.reference_max_score()
    assert greedy.matched <= inst.maximum_matching()


@PROPERTY
@given(inst=instances())
def test_the_plain_greedy_of_small_runs_chooses_what_the_compiled_one_does(inst: Instance) -> None:
    from matching.domain.assignment import CandidateEdges
    from matching.domain.greedy import _greedy, _greedy_plain

    e = CandidateEdges.of(inst.n, inst.capacities, inst.mentee, inst.mentor, inst.score)
    args = (e.mentee_count, e.capacities, e.mentee, e.mentor, e.score)
    assert _greedy_plain(*args).tolist() == _greedy(*args).tolist()
