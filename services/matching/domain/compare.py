"""The modes side by side on one pool: what the optimum (either objective) and the greedy baseline would give on
the candidate edges a run saw, so that the run screen can show what each mode costs in mentees and points.

Computed once when the run is built (the run's pool is the registry's snapshot of that moment, which is not kept)
and stored in the run's facts; the stable row is added when the preference rankings are saved.
"""

from __future__ import annotations

from typing import Any

from matching.domain.assignment import CandidateEdges, Objective, solve_edges
from matching.domain.greedy import solve_greedy

KEYS = ("optimal_max_score", "optimal_max_matched", "greedy", "stable")


def outcome(matched: int, total_score: int) -> dict[str, int]:
    return {"matched": int(matched), "total_score": int(total_score)}


def compare_modes(edges: CandidateEdges) -> dict[str, dict[str, int]]:
    """Matched mentees and total score of each mode over the same edges and capacities (free seats)."""
    best = solve_edges(edges, objective=Objective.MAX_SCORE)
    most = solve_edges(edges, objective=Objective.MAX_MATCHED_THEN_SCORE)
    greedy = solve_greedy(edges.mentee_count, edges.capacities, edges.mentee, edges.mentor, edges.score)
    return {"optimal_max_score": outcome(best.matched, best.total_score),
            "optimal_max_matched": outcome(most.matched, most.total_score),
            "greedy": outcome(greedy.matched, greedy.total_score)}


def outcomes_of(facts: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(key, matched, total score) in the order the screen shows them; modes not computed are left out."""
    stored = facts.get("compare", {})
    return [(k, int(stored[k]["matched"]), int(stored[k]["total_score"])) for k in KEYS if k in stored]
