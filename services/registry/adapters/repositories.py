"""Repositories over the open session of a unit of work; row-level security scopes every query."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from sqlalchemy import Text, func, insert, literal, select, tuple_
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from registry.adapters.tables import mentors, municipalities, organisations, regions
from registry.domain.model import Mentor, MentorOrigin, Municipality, Organisation, OrganisationKind, Region


def _insert(session: Session, statement: Any, conflict_message: str) -> None:
    """Insert inside a savepoint so a unique violation becomes a clear conflict, not a broken transaction."""
    try:
        with session.begin_nested():
            session.execute(statement)
    except IntegrityError as exc:
        raise Conflict(conflict_message) from exc


class StructureRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_region(self, region: Region, *, conflict_message: str) -> None:
        _insert(self._s, insert(regions).values(id=region.id, name=region.name, code=region.code),
                conflict_message)

    def add_municipality(self, m: Municipality, *, conflict_message: str) -> None:
        _insert(self._s, insert(municipalities).values(id=m.id, region_id=m.region_id, name=m.name, code=m.code),
                conflict_message)

    def add_organisation(self, o: Organisation, *, conflict_message: str) -> None:
        _insert(self._s, insert(organisations).values(
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


class MentorRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, mentor: Mentor, *, registered_by: str) -> None:
        self._s.execute(insert(mentors).values(
            id=mentor.id, org_id=mentor.org_id, municipality_id=mentor.municipality_id,
            region_id=mentor.region_id, full_name=mentor.full_name, origin=mentor.origin.value,
            subjects=list(mentor.subjects), competencies=list(mentor.competencies), capacity=mentor.capacity,
            registered_at=mentor.registered_at, registered_by=registered_by,
        ))

    def page(self, *, size: int, after: str) -> tuple[list[Mentor], str, int]:
        """Mentors ordered by name, keyset-paginated; returns (page, next token, total)."""
        sort_key = func.lower(mentors.c.full_name)
        q = select(mentors).order_by(sort_key, mentors.c.id).limit(size + 1)
        if after:
            last_name, last_id = _decode_token(after)
            after_key = tuple_(literal(last_name, Text), literal(last_id, UUID(as_uuid=False)))
            q = q.where(tuple_(sort_key, mentors.c.id) > after_key)
        rows = self._s.execute(q).all()
        total = self._s.execute(select(func.count()).select_from(mentors)).scalar_one()
        page = [_mentor(r) for r in rows[:size]]
        more = len(rows) > size
        token = _encode_token(page[-1].full_name.lower(), page[-1].id) if more and page else ""
        return page, token, total


def _mentor(row: Any) -> Mentor:
    return Mentor(
        id=row.id, org_id=row.org_id, municipality_id=row.municipality_id, region_id=row.region_id,
        full_name=row.full_name, origin=MentorOrigin(row.origin), subjects=tuple(row.subjects),
        competencies=tuple(row.competencies), capacity=row.capacity, registered_at=row.registered_at,
    )


def _encode_token(name: str, mentor_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([name, mentor_id]).encode()).decode()


def _decode_token(token: str) -> tuple[str, str]:
    try:
        name, mentor_id = json.loads(base64.urlsafe_b64decode(token.encode()))
        uuid.UUID(str(mentor_id))
        return str(name), str(mentor_id)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed([FieldProblem("page_token", "Неверная ссылка на страницу списка")]) from exc
