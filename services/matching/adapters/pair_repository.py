"""Pairs in PostgreSQL; the mentor's load and the requests already paired are counted here, in the school bound."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from matching.adapters.tables import pair_history, pairs
from matching.domain.history import HistoryEntry
from matching.domain.pair_pages import PairFilters, page_token, token_key
from matching.domain.pairs import STALE, Pair, PairStatus, Petition
from mentorship_kit.errors import Conflict

_FIELDS = ("run_id", "request_id", "mentee_id", "mentee_name", "mentor_id", "mentor_name", "form", "kind",
           "term_start", "term_end", "reporting", "created_by", "created_at")


def _pair(row: Any) -> Pair:
    values: dict[str, Any] = {f: str(getattr(row, f)) if f.endswith("_id") else getattr(row, f) for f in _FIELDS}
    petition = (Petition(kind=row.petition_kind, filed_on=row.petition_on, reason=row.petition_reason,
                         status=row.petition_status, comment=row.petition_comment)
                if row.petition_kind and row.petition_on else None)
    return Pair(id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id),
                region_id=str(row.region_id), **values, status=PairStatus(row.status),
                close_reason=row.close_reason, closed_at=row.closed_at, version=int(row.version),
                mentor_consent_on=row.mentor_consent_on, mentor_consent_document=row.mentor_consent_document,
                outcome=row.outcome, result=row.result, petition=petition, awaiting_mentor=row.awaiting_mentor,
                replaces_pair_id=str(row.replaces_pair_id or ""),
                replaced_by_pair_id=str(row.replaced_by_pair_id or ""))


def _changing(pair: Pair) -> dict[str, Any]:
    """The columns a pair's life changes (everything but what publishing fixed)."""
    p = pair.petition
    return dict(status=pair.status.value, close_reason=pair.close_reason, closed_at=pair.closed_at,
                version=pair.version, mentor_consent_on=pair.mentor_consent_on,
                mentor_consent_document=pair.mentor_consent_document, outcome=pair.outcome, result=pair.result,
                petition_kind=p.kind if p else "", petition_on=p.filed_on if p else None,
                petition_reason=p.reason if p else "", petition_status=p.status if p else "",
                petition_comment=p.comment if p else "", awaiting_mentor=pair.awaiting_mentor,
                replaces_pair_id=pair.replaces_pair_id or None, replaced_by_pair_id=pair.replaced_by_pair_id or None)


class SqlPairRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, pair: Pair) -> None:
        self._s.execute(insert(pairs).values(
            id=pair.id, org_id=pair.org_id, municipality_id=pair.municipality_id, region_id=pair.region_id,
            **_changing(pair), **{f: getattr(pair, f) for f in _FIELDS}))

    def get(self, pair_id: str, *, lock: bool = False) -> Pair | None:
        q = select(pairs).where(pairs.c.id == pair_id)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        return _pair(row) if row else None

    def save(self, pair: Pair) -> None:
        done = self._s.execute(update(pairs).where(pairs.c.id == pair.id, pairs.c.version == pair.version - 1)
                               .values(**_changing(pair)))
        if cast(CursorResult[Any], done).rowcount != 1:
            raise Conflict(STALE)

    def page(self, filters: PairFilters, *, size: int, after: str) -> tuple[list[Pair], str, int]:
        """A page in the order of mentees' names, then ids — a total order, so the keyset (the last row's name and
        id, in the token) resumes exactly where the previous page ended, whatever was added meanwhile; no OFFSET."""
        q = select(pairs)
        for column, value in (("status", filters.status), ("mentor_id", filters.mentor_id),
                              ("mentee_id", filters.mentee_id), ("form", filters.form), ("kind", filters.kind),
                              ("run_id", filters.run_id)):
            if value:
                q = q.where(pairs.c[column] == value)
        total = int(self._s.execute(select(func.count()).select_from(q.subquery())).scalar_one())
        key = token_key(after)
        if key is not None:
            name, last_id = key
            q = q.where(or_(pairs.c.mentee_name > name, and_(pairs.c.mentee_name == name, pairs.c.id > last_id)))
        rows = self._s.execute(q.order_by(pairs.c.mentee_name, pairs.c.id).limit(size + 1)).all()
        found = [_pair(r) for r in rows[:size]]
        return found, page_token(found[-1]) if len(rows) > size else "", total

    def record(self, entry: HistoryEntry, pair: Pair) -> None:
        self._s.execute(insert(pair_history).values(
            org_id=pair.org_id, municipality_id=pair.municipality_id, region_id=pair.region_id, pair_id=entry.pair_id,
            action=entry.action, actor=entry.actor, at=entry.at, detail=entry.detail[:1000]))

    def history(self, pair_id: str) -> list[HistoryEntry]:
        rows = self._s.execute(select(pair_history).where(pair_history.c.pair_id == pair_id)
                               .order_by(pair_history.c.at, pair_history.c.id)).all()
        return [HistoryEntry(pair_id=str(r.pair_id), action=r.action, actor=r.actor, at=r.at, detail=r.detail)
                for r in rows]

    def active_of(self, *, mentor_id: str = "", mentee_id: str = "", lock: bool = False) -> list[Pair]:
        q = select(pairs).where(pairs.c.status == PairStatus.ACTIVE.value)
        q = q.where(pairs.c.mentor_id == mentor_id) if mentor_id else q.where(pairs.c.mentee_id == mentee_id)
        return [_pair(r) for r in self._s.execute(q.with_for_update() if lock else q).all()]

    def active_load(self) -> dict[str, int]:
        rows = self._s.execute(select(pairs.c.mentor_id, func.count()).where(pairs.c.status == "active")
                               .group_by(pairs.c.mentor_id)).all()
        return {str(m): int(n) for m, n in rows}

    def lock_school(self, org_id: str) -> None:
        self._s.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(f"matching.publish:{org_id}", 0))))

    def active_requests(self) -> frozenset[str]:
        return frozenset(str(r) for r in self._s.execute(select(pairs.c.request_id)
                                                         .where(pairs.c.status == "active")).scalars())
