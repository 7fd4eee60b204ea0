"""Preferences mode: a stable assignment after the group meeting, and what stability costs in matched mentees.

Both sides rank each other (incomplete lists allowed: a pair is acceptable only when each lists the other).
Mentee-proposing deferred acceptance with mentor capacities (Gale-Shapley, hospitals/residents) gives the
stable assignment every mentee likes best among all stable ones; no mentee and mentor would both rather be
together than with what they got. Stability has a price users do not expect: it may leave mentees unmatched
whom an assignment ignoring preferences would place. By the rural hospitals theorem every stable assignment
matches the same mentees, so that price is one number, which ``stability_gap`` reports beside the maximum.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from matching.domain.assignment import Assignment, IntArray, Objective, solve_optimal


@dataclass(frozen=True)
class StableAssignment:
    mentor_of: IntArray  # mentor index for each mentee, -1 when unmatched
    matched: int
    proposals: int


@dataclass(frozen=True)
class StabilityGap:
    stable_matched: int
    max_matched: int  # the most mentees any assignment over the same acceptable pairs can match
    optimal: Assignment  # that maximum, then the best total of both sides' rank points

    @property
    def left_unmatched_by_stability(self) -> int:
        return self.max_matched - self.stable_matched


def _ranks(prefs: Sequence[Sequence[int]], other: int, side: str) -> list[dict[int, int]]:
    ranks: list[dict[int, int]] = []
    for who, order in enumerate(prefs):
        rank: dict[int, int] = {}
        for position, x in enumerate(order):
            if not 0 <= x < other or x in rank:
                raise ValueError(f"{side} {who}: ranking names {x} out of range or twice")
            rank[int(x)] = position
        ranks.append(rank)
    return ranks


def stable_assignment(mentee_prefs: Sequence[Sequence[int]], mentor_prefs: Sequence[Sequence[int]],
                      capacities: ArrayLike) -> StableAssignment:
    """Mentee-proposing deferred acceptance; ``prefs[x]`` lists the other side, most preferred first."""
    caps = np.asarray(capacities, dtype=np.int64)
    n, m = len(mentee_prefs), len(mentor_prefs)
    if caps.shape != (m,) or (m and caps.min() < 0):
        raise ValueError("one capacity ≥ 0 per mentor")
    mentor_rank = _ranks(mentor_prefs, n, "mentor")
    _ranks(mentee_prefs, m, "mentee")
    next_choice = [0] * n
    held: list[list[tuple[int, int]]] = [[] for _ in range(m)]  # max-heap of (-rank, mentee) per mentor
    free = deque(range(n))
    proposals = 0
    while free:
        i = free.popleft()
        prefs = mentee_prefs[i]
        while next_choice[i] < len(prefs):
            j = int(prefs[next_choice[i]])
            next_choice[i] += 1
            rank = mentor_rank[j].get(i)
            if rank is None or caps[j] == 0:
                continue  # not acceptable to the mentor: not a proposal that can be held
            proposals += 1
            if len(held[j]) < caps[j]:
                heapq.heappush(held[j], (-rank, i))
                break
            worst_rank, worst = -held[j][0][0], held[j][0][1]
            if rank < worst_rank:
                heapq.heapreplace(held[j], (-rank, i))
                free.append(worst)
                break
    mentor_of = np.full(n, -1, dtype=np.int64)
    for j, heap in enumerate(held):
        for _, i in heap:
            mentor_of[i] = j
    return StableAssignment(mentor_of=mentor_of, matched=int((mentor_of >= 0).sum()), proposals=proposals)


def acceptable_pairs(mentee_prefs: Sequence[Sequence[int]],
                     mentor_prefs: Sequence[Sequence[int]]) -> tuple[IntArray, IntArray, IntArray]:
    """Mutually acceptable (mentee, mentor) pairs with rank points: a list of length L gives L-rank points."""
    mentor_rank = _ranks(mentor_prefs, len(mentee_prefs), "mentor")
    u: list[int] = []
    v: list[int] = []
    points: list[int] = []
    for i, order in enumerate(mentee_prefs):
        for position, j in enumerate(order):
            rank = mentor_rank[int(j)].get(i)
            if rank is not None:
                u.append(i)
                v.append(int(j))
                points.append((len(order) - position) + (len(mentor_prefs[int(j)]) - rank))
    return (np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64), np.asarray(points, dtype=np.int64))


def stability_gap(mentee_prefs: Sequence[Sequence[int]], mentor_prefs: Sequence[Sequence[int]],
                  capacities: ArrayLike) -> StabilityGap:
    """How many mentees the stable assignment leaves unmatched beyond the maximum on the same pairs."""
    stable = stable_assignment(mentee_prefs, mentor_prefs, capacities)
    u, v, points = acceptable_pairs(mentee_prefs, mentor_prefs)
    optimal = solve_optimal(len(mentee_prefs), capacities, u, v, points,
                            objective=Objective.MAX_MATCHED_THEN_SCORE)
    return StabilityGap(stable_matched=stable.matched, max_matched=optimal.matched, optimal=optimal)
