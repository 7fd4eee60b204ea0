"""From a pool to a draft run, per mode: candidates with reasons, and for *optimal* the solver's exact choice."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from matching.domain.assignment import CandidateEdges, Objective, SolverFacts, solve_edges
from matching.domain.candidates import Candidate, why_unmatched
from matching.domain.compare import compare_modes
from matching.domain.grouping import GroupSettings, solve_groups, teams_of
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
from matching.domain.scoring import Weights, age_group_of


def build_run(pool: Pool, *, run_id: str, tenant: tuple[str, str, str], mode: Mode, objective: Objective,
              weights: Weights, top_k: int, created_by: str, now: datetime,
              group: GroupSettings | None = None) -> MatchingRun:
    check_top_k(top_k)
    table = build_candidates(pool, weights)
    chosen: dict[str, str] = {}
    facts: SolverFacts | None = None
    edges = candidate_edges(pool, table)
    extra: dict[str, object] = {}
    if mode is Mode.OPTIMAL:
        chosen, facts = _optimal(edges, pool, table, objective)
    elif mode in (Mode.GROUP, Mode.TEAM):
        settings = (group or GroupSettings()).check()
        chosen, facts, extra = _grouped(edges, pool, table, objective, settings, teams=mode is Mode.TEAM)
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
        elif mode in (Mode.GROUP, Mode.TEAM) and not pick:
            unmatched.append(Unmatched(request.id, request.mentee_id, request.mentee_name,
                                       "не вошёл ни в одну группу: места подходящих наставников заняты или их "
                                       "группа меньше наименьшего размера"))
    org_id, municipality_id, region_id = tenant
    run = MatchingRun(id=run_id, org_id=org_id, municipality_id=municipality_id, region_id=region_id, mode=mode,
                      objective=objective, weights=weights, created_by=created_by, created_at=now,
                      proposals=proposals, unmatched=unmatched,
                      facts={**facts_dict(facts), **extra, "compare": compare_modes(edges)},
                      totals=Totals(requests=len(table), candidate_edges=sum(len(f) for _, f in table)))
    for m in pool.mentors:
        if any(p.mentor_id == m.id for p in proposals):
            run.remember_capacity(m)
    run.recount()
    return run


def _optimal(edges: CandidateEdges, pool: Pool, table: list[tuple[PoolRequest, list[Candidate]]],
             objective: Objective) -> tuple[dict[str, str], SolverFacts]:
    """The exact optimum over every candidate edge, mentor capacities = free seats."""
    result = solve_edges(edges, objective=objective)
    chosen = {table[i][0].id: pool.mentors[int(j)].id for i, j in enumerate(result.mentor_of) if j >= 0}
    return chosen, result.facts


def _grouped(edges: CandidateEdges, pool: Pool, table: list[tuple[PoolRequest, list[Candidate]]], objective: Objective,
             settings: GroupSettings, *, teams: bool) -> tuple[dict[str, str], SolverFacts, dict[str, object]]:
    """Group and team modes (grouping.py): the exact capacitated assignment, undersized groups closed."""
    result = solve_groups(edges, settings, objective=objective)
    chosen = {table[i][0].id: pool.mentors[int(j)].id for i, j in enumerate(result.mentor_of) if j >= 0}
    extra: dict[str, object] = {"group": settings.as_dict(), "group_rounds": result.rounds,
                                "closed_groups": len(result.closed)}
    if teams:
        groups = result.groups()

        def key(j: int) -> tuple[str, str]:
            first = table[groups[j][0]][0]
            return age_group_of(first), (first.topics[0].lower() if first.topics else "")

        extra["teams"] = [[pool.mentors[j].id for j in team] for team in teams_of(groups, key, settings.team_mentors)]
    return chosen, result.facts, extra


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
