"""Runs and their proposals in PostgreSQL (row-level security scopes every statement to the bound school)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from matching.adapters.tables import matching_runs, run_proposals
from matching.domain.assignment import Objective
from matching.domain.runs import MatchingRun, Mode, Proposal, RunStatus, Totals, Unmatched
from matching.domain.scoring import Weights
from mentorship_kit.errors import Conflict

STALE = "Прогон подбора изменён другим пользователем: обновите страницу и повторите"


def _run_values(run: MatchingRun) -> dict[str, Any]:
    return {"mode": run.mode.value, "objective": run.objective.value, "weights": run.weights.as_dict(),
            "status": run.status.value, "requests": run.totals.requests, "matched": run.totals.matched,
            "total_score": run.totals.total_score, "candidate_edges": run.totals.candidate_edges,
            "facts": run.facts, "unmatched": [u.__dict__ for u in run.unmatched], "published_at": run.published_at,
            "version": run.version, "rankings": run.rankings}


def _proposal_rows(run: MatchingRun) -> list[dict[str, Any]]:
    tenant = {"org_id": run.org_id, "municipality_id": run.municipality_id, "region_id": run.region_id}
    return [{**p.__dict__, "warnings": list(p.warnings), "run_id": run.id, **tenant} for p in run.proposals]


def _proposal(row: Any) -> Proposal:
    return Proposal(request_id=str(row.request_id), mentee_id=str(row.mentee_id), mentee_name=row.mentee_name,
                    mentor_id=str(row.mentor_id), mentor_name=row.mentor_name, form=row.form, score=int(row.score),
                    reasons=row.reasons, rank=row.rank, selected=row.selected, manual=row.manual,
                    warnings=tuple(row.warnings), chosen_by=row.chosen_by, chosen_at=row.chosen_at)


def _run(row: Any, proposals: list[Proposal]) -> MatchingRun:
    return MatchingRun(
        id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id),
        region_id=str(row.region_id), mode=Mode(row.mode), objective=Objective(row.objective),
        weights=Weights(**row.weights), created_by=row.created_by, created_at=row.created_at,
        status=RunStatus(row.status), proposals=proposals, unmatched=[Unmatched(**u) for u in row.unmatched],
        totals=Totals(requests=row.requests, matched=row.matched, total_score=int(row.total_score),
                      candidate_edges=row.candidate_edges),
        facts=dict(row.facts), version=int(row.version), published_at=row.published_at,
        rankings=dict(row.rankings))


class SqlRunRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, run: MatchingRun) -> None:
        self._s.execute(insert(matching_runs).values(
            id=run.id, org_id=run.org_id, municipality_id=run.municipality_id, region_id=run.region_id,
            created_by=run.created_by, created_at=run.created_at, **_run_values(run)))
        if run.proposals:
            self._s.execute(insert(run_proposals), _proposal_rows(run))

    def get(self, run_id: str, *, lock: bool = False) -> MatchingRun | None:
        q = select(matching_runs).where(matching_runs.c.id == run_id)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        if row is None:
            return None
        found = self._s.execute(select(run_proposals).where(run_proposals.c.run_id == run_id)
                                .order_by(run_proposals.c.mentee_name, run_proposals.c.request_id,
                                          run_proposals.c.rank)).all()
        return _run(row, [_proposal(p) for p in found])

    def save(self, run: MatchingRun) -> None:
        """Writes version n only over version n-1; the proposals are replaced as a whole (a school's run is small)."""
        done = self._s.execute(update(matching_runs)
                               .where(matching_runs.c.id == run.id, matching_runs.c.version == run.version - 1)
                               .values(**_run_values(run)))
        if cast(CursorResult[Any], done).rowcount != 1:
            raise Conflict(STALE)
        self._s.execute(delete(run_proposals).where(run_proposals.c.run_id == run.id))
        if run.proposals:
            self._s.execute(insert(run_proposals), _proposal_rows(run))

    def recent(self, *, limit: int) -> list[MatchingRun]:
        rows = self._s.execute(select(matching_runs).order_by(matching_runs.c.created_at.desc()).limit(limit)).all()
        return [_run(r, []) for r in rows]
