"""Virtual mentoring across organisations: a municipality-wide or region-wide run and its offers to the schools.

The outer contour (a municipal curator, the regional operator) sees only what names nobody (ADR 009): the public
profiles of consenting mentors, and of each school's open requests a *digest* — an opaque token, the topics, the
desired form and whether the mentee is a student or a teacher. The run solves the assignment exactly
(``assignment.solve_edges``) with each mentor's free seats, and proposes to each school, per token, a mentor of
*another* organisation. The school's curator, inside the school, sees its own mentees behind the tokens and
accepts or declines each; an acceptance becomes a virtual pair in the school.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

import numpy as np

from matching.domain.assignment import CandidateEdges, Objective, solve_edges
from matching.domain.pool import Pool, PoolMentor, PoolRequest
from matching.domain.rules import allowed, infer_form
from matching.domain.runs import facts_dict
from matching.domain.scoring import Weights, score
from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed

REGIONAL_MODE = "regional"
"""The ``mode`` a pair formed from an accepted offer carries in ``PairFormed``."""


class RunScope(StrEnum):
    MUNICIPALITY = "municipality"
    REGION = "region"


class Decision(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class PublicMentor:
    """A mentor's public profile in the regional base (the registry keeps it only with the mentor's consent)."""

    id: str
    full_name: str
    organisation: str
    org_id: str
    origin: str
    subjects: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    capacity: int = 1


@dataclass(frozen=True)
class RequestDigest:
    """What leaves the school of an open request: no name, no person, mentee or request id."""

    token: str
    org_id: str
    municipality_id: str
    topics: tuple[str, ...] = ()
    desired_form: str = ""
    person_kind: str = "student"


@dataclass(frozen=True)
class OfferItem:
    token: str
    mentor_id: str
    mentor_name: str
    mentor_organisation: str
    mentor_org_id: str
    mentor_capacity: int
    form: str
    score: int
    reasons: str
    decision: Decision = Decision.PENDING
    reason: str = ""
    pair_id: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None


@dataclass
class SchoolOffer:
    """«N ваших наставляемых могут получить наставника из другой организации» — one per school and run."""

    run_id: str
    org_id: str
    municipality_id: str
    region_id: str
    created_at: datetime
    requests: int  # the school's open requests the run considered
    items: list[OfferItem] = field(default_factory=list)
    version: int = 1

    @property
    def proposed(self) -> int:
        return len(self.items)

    def count(self, decision: Decision) -> int:
        return sum(1 for i in self.items if i.decision is decision)

    def item(self, token: str) -> OfferItem:
        found = next((i for i in self.items if i.token == token), None)
        if found is None:
            raise ValidationFailed([FieldProblem("token", "В предложении нет такого наставляемого")])
        if found.decision is not Decision.PENDING:
            raise Conflict("По этому наставляемому решение уже принято")
        return found

    def decide(self, token: str, *, accept: bool, reason: str, by: str, at: datetime, pair_id: str = "") -> None:
        item = self.item(token)
        text = " ".join(reason.split())
        if not accept and not text:
            raise ValidationFailed([FieldProblem("reason", "Укажите причину отказа")])
        if len(text) > 500:
            raise ValidationFailed([FieldProblem("reason", "Причина — не длиннее 500 символов")])
        decided = replace(item, decision=Decision.ACCEPTED if accept else Decision.DECLINED, reason=text,
                          pair_id=pair_id, decided_by=by, decided_at=at)
        self.items = [decided if i.token == token else i for i in self.items]

    def check_version(self, version: int) -> None:
        if version and version != self.version:
            raise Conflict("Предложение изменено другим пользователем: обновите страницу и повторите")


@dataclass
class RegionalRun:
    id: str
    scope: RunScope
    municipality_id: str  # "" for a region-wide run
    region_id: str
    objective: Objective
    weights: Weights
    created_by: str
    created_at: datetime
    requests: int = 0
    mentors: int = 0
    total_score: int = 0
    facts: dict[str, Any] = field(default_factory=dict)
    offers: list[SchoolOffer] = field(default_factory=list)

    @property
    def proposed(self) -> int:
        return sum(o.proposed for o in self.offers)


_PERSON_KIND_OF_ORIGIN = {"student": "student", "teacher": "staff"}


def pool_mentor(m: PublicMentor) -> PoolMentor:
    """A public profile as the rules and the score read a mentor: no grade, стаж or hours are public."""
    return PoolMentor(id=m.id, full_name=m.full_name, origin=m.origin,
                      person_kind=_PERSON_KIND_OF_ORIGIN.get(m.origin, "external"), capacity=m.capacity,
                      subjects=m.subjects, competencies=m.competencies)


def pool_request(d: RequestDigest) -> PoolRequest:
    return PoolRequest(id=d.token, mentee_id="", mentee_name="", person_kind=d.person_kind, topics=d.topics,
                       desired_form=d.desired_form)


def _judge(m: PublicMentor, mentor: PoolMentor, request: PoolRequest, pool: Pool,
           weights: Weights) -> tuple[int, str] | None:
    """A mentor of another organisation is proposed only when the form allows and a topic or subject fits: a
    stranger with nothing in common with the request is no help at a distance (score 0 ⇒ no candidate)."""
    if not allowed(mentor, request, pool):
        return None
    s = score(mentor, request, pool, weights, same_org=False)
    return (s.score, f"наставник из «{m.organisation}»; {s.reasons}") if s.score > 0 else None


def build_regional_run(digests: list[RequestDigest], mentors: list[PublicMentor], load: dict[str, int], *,
                       run_id: str, scope: RunScope, municipality_id: str, region_id: str, objective: Objective,
                       weights: Weights, created_by: str, now: datetime) -> RegionalRun:
    """Candidates (mentors of other organisations the form allows), the exact optimum, one offer per school."""
    people = [pool_mentor(m) for m in mentors]
    pool = Pool(mentors=tuple(people), requests=(), active_load=load)
    index = {m.id: i for i, m in enumerate(people)}
    edges: list[tuple[int, int, int, str]] = []
    # Requests of a region repeat the same few topics and forms: a mentor is judged once per distinct digest
    # shape, not once per request (2,000 × 400 goes from minutes to about a second).
    judged: dict[tuple[int, tuple[str, ...], str, str], tuple[int, str] | None] = {}
    for i, d in enumerate(digests):
        request = pool_request(d)
        for j, (m, mentor) in enumerate(zip(mentors, people, strict=True)):
            if m.org_id == d.org_id:
                continue  # virtual mentoring is across organisations: the school pairs its own mentors itself
            key = (j, d.topics, d.desired_form, d.person_kind)
            if key not in judged:
                judged[key] = _judge(m, mentor, request, pool, weights)
            found = judged[key]
            if found is not None:
                edges.append((i, index[m.id], *found))
    capacities = np.array([pool.free_seats(m) for m in people], dtype=np.int64)
    result = solve_edges(CandidateEdges.of(len(digests), capacities, [e[0] for e in edges], [e[1] for e in edges],
                                           [e[2] for e in edges]), objective=objective)
    chosen = {(e[0], e[1]): e for e in edges}
    run = RegionalRun(id=run_id, scope=scope, municipality_id=municipality_id, region_id=region_id,
                      objective=objective, weights=weights, created_by=created_by, created_at=now,
                      requests=len(digests), mentors=len(mentors), total_score=result.total_score,
                      facts=facts_dict(result.facts))
    offers: dict[str, SchoolOffer] = {}
    for i, d in enumerate(digests):
        offer = offers.setdefault(d.org_id, SchoolOffer(run_id=run_id, org_id=d.org_id,
                                                        municipality_id=d.municipality_id, region_id=region_id,
                                                        created_at=now, requests=0))
        offer.requests += 1
        j = int(result.mentor_of[i])
        if j < 0:
            continue
        _, _, points, reasons = chosen[(i, j)]
        m = mentors[j]
        offer.items.append(OfferItem(token=d.token, mentor_id=m.id, mentor_name=m.full_name,
                                     mentor_organisation=m.organisation, mentor_org_id=m.org_id,
                                     mentor_capacity=m.capacity,
                                     form=d.desired_form or infer_form(people[j], pool_request(d)),
                                     score=points, reasons=reasons))
    run.offers = [o for o in offers.values() if o.items]
    return run
