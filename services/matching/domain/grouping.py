"""Group and team modes (seed 001 §5, 004 §2.3 «наставничество в группе»; form «команда – команда»): groups of
mentees per mentor, within the size the curator set for the run, never above a mentor's free seats.

Method, stated plainly because it is not a single exact optimisation:

1. **Capacitated assignment, exact.** Each mentor may take ``min(free seats, max_size)`` mentees; the optimum
   over every allowed (request, mentor) edge is solved exactly (``assignment.solve_edges``). The score already
   rewards matching topics, subjects and the mentee's age group, so a mentor's mentees share what they asked for.
2. **Undersized groups are closed and the rest re-solved.** A mentor who got fewer than ``min_size`` mentees
   cannot lead a group: the mentor's capacity becomes 0 and step 1 runs again, so those mentees go to other
   mentors' groups when seats allow. Each round closes at least one mentor, so at most ``mentors + 1`` rounds.
   The result is the exact optimum *given the mentors kept open* (a heuristic only in which mentors are closed).
3. **Teams** (``team_team``): the groups of step 2 are joined ``team_mentors`` at a time, mentors whose mentees
   share an age group and a first topic side by side (sorted by that key, then chunked); a last chunk with a
   single mentor joins the previous team. Every mentee keeps the mentor of step 2, so no seat is overspent.

Invariants (unit and property tests): every group has ``min_size..max_size`` mentees per mentor; no mentor takes
more than the free seats; every mentee is in at most one group and only on an allowed edge.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

import numpy as np

from matching.domain.assignment import CandidateEdges, IntArray, Objective, SolverFacts, solve_edges
from mentorship_kit.errors import FieldProblem, ValidationFailed

MAX_GROUP = 30


@dataclass(frozen=True)
class GroupSettings:
    min_size: int = 2
    max_size: int = 5
    team_mentors: int = 2  # team mode: mentors per team

    def check(self) -> GroupSettings:
        problems = []
        if not 1 <= self.min_size <= MAX_GROUP:
            problems.append(FieldProblem("group_min", f"Наименьший размер группы — от 1 до {MAX_GROUP}"))
        if not 1 <= self.max_size <= MAX_GROUP:
            problems.append(FieldProblem("group_max", f"Наибольший размер группы — от 1 до {MAX_GROUP}"))
        elif self.min_size > self.max_size:
            problems.append(FieldProblem("group_min", "Наименьший размер группы больше наибольшего"))
        if not 2 <= self.team_mentors <= 5:
            problems.append(FieldProblem("team_mentors", "Наставников в команде — от 2 до 5"))
        if problems:
            raise ValidationFailed(problems)
        return self

    def as_dict(self) -> dict[str, int]:
        return {"min_size": self.min_size, "max_size": self.max_size, "team_mentors": self.team_mentors}


@dataclass(frozen=True)
class GroupResult:
    mentor_of: IntArray  # mentor index for each mentee, -1 when in no group
    closed: tuple[int, ...]  # mentors whose group stayed below min_size, in the order they were closed
    rounds: int
    facts: SolverFacts

    def groups(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for i, j in enumerate(self.mentor_of.tolist()):
            if j >= 0:
                found.setdefault(int(j), []).append(i)
        return found


def solve_groups(edges: CandidateEdges, settings: GroupSettings, *,
                 objective: Objective = Objective.MAX_MATCHED_THEN_SCORE) -> GroupResult:
    """Steps 1-2 of the module's method on ``edges`` (their capacities are the mentors' free seats)."""
    caps = np.minimum(edges.capacities, settings.max_size)
    closed: list[int] = []
    rounds = 0
    while True:
        rounds += 1
        result = solve_edges(replace(edges, capacities=caps.copy()), objective=objective)
        taken = np.bincount(result.mentor_of[result.mentor_of >= 0], minlength=caps.size)
        small = np.flatnonzero((taken > 0) & (taken < settings.min_size))
        if not small.size:
            return GroupResult(result.mentor_of, tuple(closed), rounds, result.facts)
        # Close the smallest groups first (fewest mentees moved); ties by index for a repeatable result.
        worst = small[taken[small] == taken[small].min()]
        caps[worst] = 0
        closed.extend(int(j) for j in worst)


def teams_of(groups: dict[int, list[int]], key: Callable[[int], Hashable], size: int) -> list[list[int]]:
    """Step 3: mentors (keys of ``groups``) joined ``size`` at a time, similar groups side by side."""
    order = sorted(groups, key=lambda j: (str(key(j)), j))
    teams = [order[i:i + size] for i in range(0, len(order), size)]
    if len(teams) > 1 and len(teams[-1]) == 1:
        teams[-2].extend(teams.pop())
    return teams
