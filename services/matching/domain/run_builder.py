"""From a pool to a draft run, per mode: candidates with reasons, and for *optimal* the solver's exact choice."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from matching.domain.assignment import CandidateEdges, Objective, SolverFacts, solve_edges
from matching.domain.candidates import Candidate, why_unmatched
from matching.domain.compare import compare_modes
from matching.domain.pool import Pool, PoolRequest
from matching.domain.runs import (
    MatchingRun,
    Mode,
    Proposal,
    Totals,
    Unmatched,
    build_candidates,
    check_top_k,
    facts_dict,
    index_of,
    proposal,
)
from matching.domain.scoring import Weights


def build_run(pool: Pool, *, run_id: str, tenant: tuple[str, str, str], mode: Mode, objective: Objective,
              weights: Weights, top_k: int, created_by: str, now: datetime) -> MatchingRun:
    check_top_k(top_k)
    table = build_candidates(pool, weights)
    chosen: dict[str, str] = {}
    facts: SolverFacts | None = None
    edges = candidate_edges(pool, table)
    if mode is Mode.OPTIMAL:
        result = solve_edges(edges, objective=objective)
        chosen = {table[i][0].id: pool.mentors[int(j)].id for i, j in enumerate(result.mentor_of) if j >= 0}
        facts = result.facts
    keep_all = mode is Mode.PREFERENCES  # every allowed mentor may be ranked
    proposals: list[Proposal] = []
    unmatched: list[Unmatched] = []
    for request, found in table:
        if not found:
            unmatched.append(Unmatched(request.id, request.mentee_id, request.mentee_name,
                                       why_unmatched(request, pool)))
            continue
        pick = chosen.get(request.id, "")
        for rank, c in enumerate(found, start=1):
            if keep_all or rank <= top_k or c.mentor.id == pick:
                proposals.append(proposal(request, c, rank=rank, selected=c.mentor.id == pick))
        if mode is Mode.OPTIMAL and not pick:
            unmatched.append(Unmatched(request.id, request.mentee_id, request.mentee_name,
                                       "свободные места подходящих наставников отданы другим запросам"))
    org_id, municipality_id, region_id = tenant
    run = MatchingRun(id=run_id, org_id=org_id, municipality_id=municipality_id, region_id=region_id, mode=mode,
                      objective=objective, weights=weights, created_by=created_by, created_at=now,
                      proposals=proposals, unmatched=unmatched,
                      facts={**facts_dict(facts), "compare": compare_modes(edges)},
                      totals=Totals(requests=len(table), candidate_edges=sum(len(f) for _, f in table)))
    for m in pool.mentors:
        if any(p.mentor_id == m.id for p in proposals):
            run.remember_capacity(m)
    run.recount()
    return run


def candidate_edges(pool: Pool, table: list[tuple[PoolRequest, list[Candidate]]]) -> CandidateEdges:
    """Every candidate edge of the run, mentor capacities = free seats."""
    index = index_of(pool.mentors)
    mentee, mentor, score = [], [], []
    for i, (_, found) in enumerate(table):
        for c in found:
            mentee.append(i)
            mentor.append(index[c.mentor.id])
            score.append(c.score)
    capacities = np.array([pool.free_seats(m) for m in pool.mentors], dtype=np.int64)
    return CandidateEdges.of(len(table), capacities, mentee, mentor, score)
