"""A matching run: a proposal the curator reviews, edits by hand and publishes as pairs.

Modes of this slice: *suggest* (top-k candidates per request; the mentee's choice is recorded by selecting one),
*optimal* (the exact optimum over the whole pool, ``assignment.solve_edges``) and *manual* (the curator picks;
a form rule the pick breaks is a warning to confirm). A blocker — no consent, no free seat — is never crossed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from matching.domain.assignment import Objective, SolverFacts
from matching.domain.candidates import Candidate, candidates_of, form_of, open_requests
from matching.domain.pool import Pool, PoolMentor, PoolRequest
from matching.domain.scoring import Weights
from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed


class Mode(StrEnum):
    SUGGEST = "suggest"
    OPTIMAL = "optimal"
    MANUAL = "manual"
    PREFERENCES = "preferences"
    GROUP = "group"  # groups of mentees per mentor (grouping.py)
    TEAM = "team"  # a team of mentors with a team of mentees, form «команда – команда»


class RunStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


STALE_RUN = "Прогон подбора изменён другим пользователем: обновите страницу и повторите"


@dataclass(frozen=True)
class Proposal:
    request_id: str
    mentee_id: str
    mentee_name: str
    mentor_id: str
    mentor_name: str
    form: str
    score: int
    reasons: str
    rank: int  # 1 = the best candidate of the request; 0 = picked by hand outside the candidates
    selected: bool = False
    manual: bool = False
    warnings: tuple[str, ...] = ()
    chosen_by: str = ""  # suggest mode: who recorded the mentee's choice of this candidate
    chosen_at: datetime | None = None


@dataclass(frozen=True)
class Unmatched:
    request_id: str
    mentee_id: str
    mentee_name: str
    reason: str


@dataclass(frozen=True)
class Totals:
    requests: int = 0
    matched: int = 0
    total_score: int = 0
    candidate_edges: int = 0

    @property
    def unmatched(self) -> int:
        return self.requests - self.matched


@dataclass
class MatchingRun:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    mode: Mode
    objective: Objective
    weights: Weights
    created_by: str
    created_at: datetime
    status: RunStatus = RunStatus.DRAFT
    proposals: list[Proposal] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    facts: dict[str, Any] = field(default_factory=dict)
    version: int = 1
    published_at: datetime | None = None
    rankings: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Preferences mode: ``{"mentees": {request_id: [mentor_id, …]}, "mentors": {mentor_id: [request_id, …]}}``."""

    def selected(self) -> list[Proposal]:
        return [p for p in self.proposals if p.selected]

    def check_version(self, version: int) -> None:
        if version and version != self.version:
            raise Conflict(STALE_RUN)

    def check_draft(self) -> None:
        if self.status is not RunStatus.DRAFT:
            raise Conflict("Прогон уже опубликован: изменить его нельзя, начните новый подбор")

    def recount(self) -> None:
        chosen = self.selected()
        self.totals = replace(self.totals, matched=len({p.request_id for p in chosen}),
                              total_score=sum(p.score for p in chosen))

    def capacity_of(self, mentor_id: str) -> int:
        """The mentor's capacity as the run saw it (kept in ``facts`` so publishing can re-check seats)."""
        return int(self.facts.get("capacity", {}).get(mentor_id, 0))

    def remember_capacity(self, mentor: PoolMentor) -> None:
        self.facts = {**self.facts, "capacity": {**self.facts.get("capacity", {}), mentor.id: mentor.capacity}}

    def seats_taken(self, mentor_id: str, *, except_request: str = "") -> int:
        return sum(1 for p in self.selected() if p.mentor_id == mentor_id and p.request_id != except_request)


def proposal(request: PoolRequest, c: Candidate, *, rank: int, selected: bool = False, manual: bool = False,
             warnings: tuple[str, ...] = ()) -> Proposal:
    return Proposal(request_id=request.id, mentee_id=request.mentee_id, mentee_name=request.mentee_name,
                    mentor_id=c.mentor.id, mentor_name=c.mentor.full_name, form=form_of(c.mentor, request),
                    score=c.score, reasons=c.reasons, rank=rank, selected=selected, manual=manual,
                    warnings=tuple(dict.fromkeys(warnings + c.warnings)))


def facts_dict(facts: SolverFacts | None) -> dict[str, Any]:
    return {} if facts is None else {k: getattr(facts, k) for k in SolverFacts.__dataclass_fields__}


def index_of(mentors: tuple[PoolMentor, ...]) -> dict[str, int]:
    return {m.id: i for i, m in enumerate(mentors)}


def check_top_k(top_k: int) -> int:
    if not 1 <= top_k <= 20:
        raise ValidationFailed([FieldProblem("top_k", "Число кандидатов на запрос — от 1 до 20")])
    return top_k


def build_candidates(pool: Pool, weights: Weights) -> list[tuple[PoolRequest, list[Candidate]]]:
    return [(r, candidates_of(r, pool, weights)) for r in open_requests(pool)]
