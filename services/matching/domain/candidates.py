"""Candidates of each open request: the mentors its form allows, scored and explained, best first."""

from __future__ import annotations

from dataclasses import dataclass

from matching.domain.compatibility import LOW_WARNING, Mark
from matching.domain.pool import Pool, PoolMentor, PoolRequest
from matching.domain.rules import allowed, blockers, form_warnings, infer_form
from matching.domain.scoring import Weights, score


@dataclass(frozen=True)
class Candidate:
    mentor: PoolMentor
    score: int
    reasons: str
    warnings: tuple[str, ...] = ()  # shown on the proposal: a low compatibility mark


def open_requests(pool: Pool) -> list[PoolRequest]:
    """Requests a run considers: not yet in an active pair."""
    return [r for r in pool.requests if r.id not in pool.paired_requests]


def candidates_of(request: PoolRequest, pool: Pool, weights: Weights) -> list[Candidate]:
    found = []
    for mentor in pool.mentors:
        if allowed(mentor, request, pool):
            s = score(mentor, request, pool, weights)
            found.append(Candidate(mentor, s.score, s.reasons, caution(mentor, request, pool)))
    found.sort(key=lambda c: (-c.score, c.mentor.full_name, c.mentor.id))
    return found


def why_unmatched(request: PoolRequest, pool: Pool) -> str:
    """The most telling reason a request has no candidate at all, for the run screen."""
    if not pool.mentors:
        return "в базе нет наставников"
    seen: dict[str, int] = {}
    for mentor in pool.mentors:
        for reason in blockers(mentor, request, pool) or form_warnings(mentor, request):
            seen[reason] = seen.get(reason, 0) + 1
    if not seen:
        return "все подходящие наставники заняты"
    return max(seen.items(), key=lambda kv: kv[1])[0]


def form_of(mentor: PoolMentor, request: PoolRequest) -> str:
    return request.desired_form or infer_form(mentor, request)


def caution(mentor: PoolMentor, request: PoolRequest, pool: Pool) -> tuple[str, ...]:
    """What the curator should see before publishing an allowed pair: a low psychologist's mark (004 §3.5)."""
    mark = pool.mark(mentor, request)
    return (LOW_WARNING,) if mark and mark.mark is Mark.LOW else ()
