"""The baseline the optimal mode is compared with: each mentee in turn takes the best mentor with a free seat.

It is what a curator does by hand and what a page can show beside the optimum ("greedy would have matched
N mentees for a score of S"). It is valid (capacities, candidate edges) but not optimal: an early mentee
may take the only mentor a later one could have had.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import ArrayLike

from matching.domain.assignment import Assignment, CandidateEdges, IntArray, SolverFacts


@njit(cache=True)
def _greedy(n: int, capacities: IntArray, mentee: IntArray, mentor: IntArray,
            score: IntArray) -> IntArray:  # pragma: no cover - compiled
    """Mentor of each mentee; edges grouped by mentee with a counting sort, then one scan per mentee."""
    e_count = mentee.shape[0]
    start = np.zeros(n + 1, dtype=np.int64)
    for e in range(e_count):
        start[mentee[e] + 1] += 1
    for i in range(n):
        start[i + 1] += start[i]
    fill = start[:-1].copy()
    by_mentee = np.empty(e_count, dtype=np.int64)
    for e in range(e_count):
        by_mentee[fill[mentee[e]]] = e
        fill[mentee[e]] += 1
    free = capacities.copy()
    mentor_of = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        best = -1
        for p in range(start[i], start[i + 1]):
            e = by_mentee[p]
            if free[mentor[e]] > 0 and (best < 0 or score[e] > score[best]):
                best = e
        if best >= 0:
            mentor_of[i] = mentor[best]
            free[mentor[best]] -= 1
    return mentor_of


SMALL_EDGES = 50_000
"""Up to this many edges plain Python is fast enough and a school's run never waits for the JIT to compile."""


def _greedy_plain(n: int, capacities: IntArray, mentee: IntArray, mentor: IntArray, score: IntArray) -> IntArray:
    """The same choice as ``_greedy`` (mentees in index order, best free mentor, ties: earlier edge)."""
    edges_of: list[list[int]] = [[] for _ in range(n)]
    for e, i in enumerate(mentee.tolist()):
        edges_of[i].append(e)
    free = capacities.tolist()
    mentors, scores = mentor.tolist(), score.tolist()
    mentor_of = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        best = -1
        for e in edges_of[i]:
            if free[mentors[e]] > 0 and (best < 0 or scores[e] > scores[best]):
                best = e
        if best >= 0:
            mentor_of[i] = mentors[best]
            free[mentors[best]] -= 1
    return mentor_of


def solve_greedy(mentee_count: int, capacities: ArrayLike, mentee: ArrayLike, mentor: ArrayLike,
                 score: ArrayLike) -> Assignment:
    """Mentees in index order (the caller decides the order, e.g. by request date); ties: earlier edge."""
    edges = CandidateEdges.of(mentee_count, capacities, mentee, mentor, score)
    solve = _greedy_plain if edges.mentee.size <= SMALL_EDGES else _greedy
    mentor_of = solve(edges.mentee_count, edges.capacities, edges.mentee, edges.mentor, edges.score)
    total = matched = 0
    if edges.mentee.size:
        # Score of the chosen pair: the best edge between the mentee and the chosen mentor.
        chosen = mentor_of[edges.mentee] == edges.mentor
        best = np.full(edges.mentee_count, -1, dtype=np.int64)
        np.maximum.at(best, edges.mentee[chosen], edges.score[chosen])
        total, matched = int(best[best >= 0].sum()), int((mentor_of >= 0).sum())
    facts = SolverFacts(candidate_edges=int(edges.mentee.size), k=0, rounds=0, edges_added_back=0,
                        edges_solved=int(edges.mentee.size), certified=False, flow_seconds=0.0,
                        certificate_seconds=0.0)
    return Assignment(mentor_of=mentor_of, total_score=total, matched=matched, facts=facts)
