"""Pairs in PostgreSQL; the mentor's load and the requests already paired are counted here, in the school bound."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from matching.adapters.tables import pairs
from matching.domain.pairs import Pair, PairStatus
from mentorship_kit.errors import Conflict

_FIELDS = ("run_id", "request_id", "mentee_id", "mentee_name", "mentor_id", "mentor_name", "form", "kind",
           "term_start", "term_end", "reporting", "created_by", "created_at")


def _pair(row: Any) -> Pair:
    values: dict[str, Any] = {f: str(getattr(row, f)) if f.endswith("_id") else getattr(row, f) for f in _FIELDS}
    return Pair(id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id),
                region_id=str(row.region_id), **values, status=PairStatus(row.status),
                close_reason=row.close_reason, closed_at=row.closed_at, version=int(row.version),
                mentor_consent_on=row.mentor_consent_on, mentor_consent_document=row.mentor_consent_document)


class SqlPairRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, pair: Pair) -> None:
        self._s.execute(insert(pairs).values(
            id=pair.id, org_id=pair.org_id, municipality_id=pair.municipality_id, region_id=pair.region_id,
            status=pair.status.value, close_reason=pair.close_reason, closed_at=pair.closed_at, version=pair.version,
            mentor_consent_on=pair.mentor_consent_on, mentor_consent_document=pair.mentor_consent_document,
            **{f: getattr(pair, f) for f in _FIELDS}))

    def get(self, pair_id: str, *, lock: bool = False) -> Pair | None:
        q = select(pairs).where(pairs.c.id == pair_id)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        return _pair(row) if row else None

    def save(self, pair: Pair) -> None:
        done = self._s.execute(update(pairs).where(pairs.c.id == pair.id, pairs.c.version == pair.version - 1)
                               .values(status=pair.status.value, close_reason=pair.close_reason,
                                       closed_at=pair.closed_at, version=pair.version,
                                       mentor_consent_on=pair.mentor_consent_on,
                                       mentor_consent_document=pair.mentor_consent_document))
        if cast(CursorResult[Any], done).rowcount != 1:
            raise Conflict("Пара изменена другим пользователем: обновите страницу и повторите")

    def page(self, *, status: str, mentor_id: str, mentee_id: str, size: int,
             after: str) -> tuple[list[Pair], str, int]:
        """A page in the order of mentees' names; the token is the offset (a school holds hundreds of pairs)."""
        q = select(pairs)
        if status:
            q = q.where(pairs.c.status == status)
        if mentor_id:
            q = q.where(pairs.c.mentor_id == mentor_id)
        if mentee_id:
            q = q.where(pairs.c.mentee_id == mentee_id)
        total = int(self._s.execute(select(func.count()).select_from(q.subquery())).scalar_one())
        offset = int(after) if after.isascii() and after.isdigit() else 0
        rows = self._s.execute(q.order_by(pairs.c.mentee_name, pairs.c.id).offset(offset).limit(size)).all()
        token = str(offset + size) if offset + size < total else ""
        return [_pair(r) for r in rows], token, total

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
