"""Learning pairs from matching's events (ADR 008): the projection keeps the newest version of each pair."""

from __future__ import annotations

from datetime import date

from monitoring.domain import commands
from monitoring.domain.pairs import MonitoredPair, PairStatus
from monitoring.service_layer.unit_of_work import UnitOfWork


def learn_pair(cmd: commands.LearnPair, uow: UnitOfWork) -> bool:
    """A formed pair enters, a newer state replaces an older one; returns False when nothing changed (a duplicate,
    a late event, a close of a pair this school never announced)."""
    p = uow.principal
    with uow:
        known = uow.pairs.get(cmd.pair_id, lock=True)
        if known is not None and known.version >= cmd.version:
            return False
        if known is None and not (cmd.term_start and cmd.term_end):
            return False  # a close of an unknown pair: nothing to put it on (matching announces formation first)
        pair = MonitoredPair(
            id=cmd.pair_id, org_id=p.org_id or "", municipality_id=p.municipality_id or "",
            region_id=p.region_id or "",
            mentor_id=cmd.mentor_id or (known.mentor_id if known else ""),
            mentee_id=cmd.mentee_id or (known.mentee_id if known else ""),
            form=cmd.form or (known.form if known else ""), kind=cmd.kind or (known.kind if known else ""),
            term_start=date.fromisoformat(cmd.term_start) if cmd.term_start else known.term_start,  # type: ignore[union-attr]
            term_end=date.fromisoformat(cmd.term_end) if cmd.term_end else known.term_end,  # type: ignore[union-attr]
            status=PairStatus(cmd.status) if cmd.status else PairStatus.ACTIVE, version=cmd.version,
            reporting=cmd.reporting or (known.reporting if known else "") or "monthly",
            ended_on=date.fromisoformat(cmd.ended_on) if cmd.ended_on else (known.ended_on if known else None))
        changed = uow.pairs.put(pair)
        uow.commit()
        return changed
