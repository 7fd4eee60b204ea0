"""Self-diagnoses in PostgreSQL; row-level security keeps writes to the owner and reads to its tier and above."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, func, insert, select
from sqlalchemy.orm import Session

from registry.adapters.tables import self_diagnoses as table
from registry.domain.self_diagnosis import Answer, SelfDiagnosis


def _diagnosis(row: Row[Any]) -> SelfDiagnosis:
    return SelfDiagnosis(
        id=str(row.id), owner_level=row.owner_level, org_id=str(row.org_id) if row.org_id else None,
        municipality_id=str(row.municipality_id), region_id=str(row.region_id), owner_name=row.owner_name,
        year=row.year, version=row.version,
        answers=tuple(Answer(a["key"], bool(a["done"]), a.get("note", "")) for a in row.answers),
        score=row.score, max_score=row.max_score, filled_by_name=row.filled_by_name, filled_at=row.filled_at)


class SqlSelfDiagnosisRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, sd: SelfDiagnosis) -> None:
        self._s.execute(insert(table).values(
            id=sd.id, owner_level=sd.owner_level, org_id=sd.org_id, municipality_id=sd.municipality_id,
            region_id=sd.region_id, owner_name=sd.owner_name, year=sd.year, version=sd.version,
            answers=[{"key": a.key, "done": a.done, "note": a.note} for a in sd.answers], score=sd.score,
            max_score=sd.max_score, filled_by_name=sd.filled_by_name, filled_at=sd.filled_at))

    def latest_own(self, *, owner_level: str, owner_id: str, year: int) -> SelfDiagnosis | None:
        owner = table.c.org_id if owner_level == "school" else table.c.municipality_id
        q = select(table).where(table.c.owner_level == owner_level, owner == owner_id, table.c.year == year)
        row = self._s.execute(q.order_by(table.c.version.desc()).limit(1)).first()
        return _diagnosis(row) if row else None

    def latest_in_reach(self, *, year: int, org_id: str | None, municipality_id: str | None) -> list[SelfDiagnosis]:
        """The newest version of each owner and year that row-level security lets the caller read."""
        owner = func.coalesce(table.c.org_id, table.c.municipality_id)
        newest = select(table.c.id, func.row_number().over(
            partition_by=(table.c.owner_level, owner, table.c.year), order_by=table.c.version.desc()).label("n"))
        if year:
            newest = newest.where(table.c.year == year)
        if org_id:
            newest = newest.where(table.c.org_id == org_id)
        if municipality_id:
            newest = newest.where(table.c.municipality_id == municipality_id)
        ranked = newest.subquery()
        q = (select(table).join(ranked, ranked.c.id == table.c.id).where(ranked.c.n == 1)
             .order_by(table.c.year.desc(), table.c.owner_level.desc(), table.c.owner_name))
        return [_diagnosis(r) for r in self._s.execute(q).all()]
