"""Regions, municipalities and organisations over the unit of work's session (row-level security applies)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from registry.adapters.guarded_writes import insert_or_conflict
from registry.adapters.tables import municipalities, organisations, regions
from registry.domain.structure import Municipality, Organisation, OrganisationKind, Region


class SqlStructureRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_region(self, region: Region, *, conflict_message: str) -> None:
        insert_or_conflict(self._s, insert(regions).values(id=region.id, name=region.name, code=region.code),
                conflict_message)

    def add_municipality(self, m: Municipality, *, conflict_message: str) -> None:
        statement = insert(municipalities).values(id=m.id, region_id=m.region_id, name=m.name, code=m.code)
        insert_or_conflict(self._s, statement, conflict_message)

    def add_organisation(self, o: Organisation, *, conflict_message: str) -> None:
        insert_or_conflict(self._s, insert(organisations).values(
            id=o.id, municipality_id=o.municipality_id, region_id=o.region_id, name=o.name,
            kind=o.kind.value, code=o.code), conflict_message)

    def region(self, region_id: str) -> Region | None:
        row = self._s.execute(select(regions).where(regions.c.id == region_id)).first()
        return Region(row.id, row.name, row.code) if row else None

    def municipality(self, municipality_id: str) -> Municipality | None:
        row = self._s.execute(select(municipalities).where(municipalities.c.id == municipality_id)).first()
        return Municipality(row.id, row.region_id, row.name, row.code) if row else None

    def organisation(self, org_id: str) -> Organisation | None:
        row = self._s.execute(select(organisations).where(organisations.c.id == org_id)).first()
        return _organisation(row) if row else None

    def list_regions(self) -> list[Region]:
        rows = self._s.execute(select(regions).order_by(regions.c.name)).all()
        return [Region(r.id, r.name, r.code) for r in rows]

    def list_municipalities(self, region_id: str | None) -> list[Municipality]:
        q = select(municipalities).order_by(municipalities.c.name)
        if region_id:
            q = q.where(municipalities.c.region_id == region_id)
        return [Municipality(r.id, r.region_id, r.name, r.code) for r in self._s.execute(q).all()]

    def list_organisations(self, municipality_id: str | None) -> list[Organisation]:
        q = select(organisations).order_by(organisations.c.name)
        if municipality_id:
            q = q.where(organisations.c.municipality_id == municipality_id)
        return [_organisation(r) for r in self._s.execute(q).all()]


def _organisation(row: Any) -> Organisation:
    return Organisation(row.id, row.municipality_id, row.region_id, row.name, OrganisationKind(row.kind), row.code)
