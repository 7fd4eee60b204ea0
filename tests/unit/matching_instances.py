"""Small matching instances for property-based tests, and exact references that share no code with the solver.

The references solve the same problem by other means: scipy's Hungarian method on seat copies of the
mentors (a mentor of capacity c becomes c columns; a missing edge weighs 0, the same as no pair) and
scipy's maximum bipartite matching on the same copies for the largest number of matched mentees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

Ints = NDArray[np.int64]


@dataclass(frozen=True)
class Instance:
    n: int
    capacities: Ints
    mentee: Ints
    mentor: Ints
    score: Ints

    def seat_columns(self) -> Ints:
        """Mentor of each seat column."""
        return np.repeat(np.arange(self.capacities.size), self.capacities)

    def seat_matrix(self, *, big: int = 0) -> NDArray[np.float64]:
        """Mentees × seats; weight of an edge is big + score, a missing edge 0 (as if unmatched)."""
        seats = self.seat_columns()
        w = np.zeros((self.n, self.capacities.size))
        np.maximum.at(w, (self.mentee, self.mentor), self.score + big + 0.0)
        return w[:, seats] if seats.size else np.zeros((self.n, 0))

    def reference_max_score(self) -> int:
        w = self.seat_matrix()
        if w.size == 0:
            return 0
        rows, cols = linear_sum_assignment(w, maximize=True)
        return int(w[rows, cols].sum())

    def reference_lexicographic(self) -> tuple[int, int]:
        """(matched, score) of the lexicographic optimum: BIG above any total score, Hungarian on seats."""
        big = int(self.score.sum()) + 1
        w = self.seat_matrix(big=big)
        if w.size == 0:
            return 0, 0
        rows, cols = linear_sum_assignment(w, maximize=True)
        total = int(w[rows, cols].sum())
        return total // big, total % big

    def maximum_matching(self) -> int:
        seats = self.seat_columns()
        if self.n == 0 or seats.size == 0 or self.mentee.size == 0:
            return 0
        adj = np.zeros((self.n, self.capacities.size), dtype=bool)
        adj[self.mentee, self.mentor] = True
        graph = csr_matrix(adj[:, seats].astype(np.int8))
        return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


@st.composite
def instances(draw: st.DrawFn, max_mentees: int = 9, max_mentors: int = 6, max_capacity: int = 3,
              max_score: int = 40) -> Instance:
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(1, max_mentors))
    caps = draw(st.lists(st.integers(0, max_capacity), min_size=m, max_size=m))
    pairs = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, m - 1)), unique=True,
                          max_size=n * m)) if n else []
    scores = draw(st.lists(st.integers(0, max_score), min_size=len(pairs), max_size=len(pairs)))
    u = np.array([p[0] for p in pairs], dtype=np.int64)
    v = np.array([p[1] for p in pairs], dtype=np.int64)
    return Instance(n, np.array(caps, dtype=np.int64), u, v, np.array(scores, dtype=np.int64))


def check_valid(inst: Instance, mentor_of: Ints) -> None:
    """Capacities never exceeded; every pair used is a candidate edge."""
    assert mentor_of.shape == (inst.n,)
    placed = mentor_of[mentor_of >= 0]
    assert (np.bincount(placed, minlength=inst.capacities.size) <= inst.capacities).all()
    candidates = set(zip(inst.mentee.tolist(), inst.mentor.tolist(), strict=True))
    for i, j in enumerate(mentor_of.tolist()):
        assert j == -1 or (i, j) in candidates


def score_of(inst: Instance, mentor_of: Ints) -> int:
    best: dict[tuple[int, int], int] = {}
    for i, j, s in zip(inst.mentee.tolist(), inst.mentor.tolist(), inst.score.tolist(), strict=True):
        best[(i, j)] = max(best.get((i, j), 0), s)
    return sum(best[(i, j)] for i, j in enumerate(mentor_of.tolist()) if j >= 0)
