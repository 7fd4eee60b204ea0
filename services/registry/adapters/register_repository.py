"""The register's rows over the unit of work's session (migration 0019): row-level security decides what a tier
sees — the school its own entries, the experts their practices, everyone in the region the published catalogue —
so these queries never filter by tenant themselves; they only write the caller's tenant ids."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from mentorship_kit.principal import Principal
from registry.adapters.paging import escape_like
from registry.adapters.register_tables import practice_authors, practices, scientific_events
from registry.domain.register import (
    EventKind,
    EventLevel,
    EventRole,
    Practice,
    PracticeState,
    ReviewLevel,
    ScientificEvent,
)


def _event(r: Any) -> ScientificEvent:
    return ScientificEvent(id=r.id, org_id=r.org_id, municipality_id=r.municipality_id, region_id=r.region_id,
                           title=r.title, held_on=r.held_on, kind=EventKind(r.kind), level=EventLevel(r.level),
                           role=EventRole(r.role), host=r.host, participants=r.participants, teachers=r.teachers,
                           partners=r.partners, mentors=r.mentors, mentees=r.mentees, version=r.version,
                           removed=r.removed)


def _practice(r: Any) -> Practice:
    return Practice(id=r.id, org_id=r.org_id, municipality_id=r.municipality_id, region_id=r.region_id,
                    title=r.title, forms=tuple(r.forms), summary=r.summary, links=tuple(r.links),
                    state=PracticeState(r.state), review_level=ReviewLevel(r.review_level) if r.review_level else None,
                    review_note=r.review_note, published=r.published, version=r.version,
                    submitted_at=r.submitted_at, reviewed_at=r.reviewed_at)


class SqlRegisterRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self._s, self._p = session, principal

    # -- events ---------------------------------------------------------------------------------------------------
    def add_event(self, e: ScientificEvent, *, by: str, at: datetime) -> None:
        self._s.execute(insert(scientific_events).values(
            **_event_values(e), id=e.id, org_id=e.org_id, municipality_id=e.municipality_id, region_id=e.region_id,
            created_at=at, created_by=by, updated_at=at))

    def save_event(self, e: ScientificEvent, *, at: datetime) -> None:
        self._s.execute(update(scientific_events).where(scientific_events.c.id == e.id)
                        .values(**_event_values(e), updated_at=at))

    def event(self, event_id: str, *, lock: bool = False) -> ScientificEvent | None:
        q = select(scientific_events).where(scientific_events.c.id == event_id, ~scientific_events.c.removed)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        return _event(row) if row else None

    def events(self, org_id: str) -> list[ScientificEvent]:
        t = scientific_events
        rows = self._s.execute(select(t).where(t.c.org_id == org_id, ~t.c.removed)
                               .order_by(t.c.held_on.desc(), t.c.title, t.c.id)).all()
        return [_event(r) for r in rows]

    # -- practices ------------------------------------------------------------------------------------------------
    def add_practice(self, pr: Practice, *, authors: str, names: tuple[str, str], by: str) -> None:
        self._s.execute(insert(practices).values(
            **_practice_values(pr), id=pr.id, org_id=pr.org_id, municipality_id=pr.municipality_id,
            region_id=pr.region_id, organisation_name=names[0], municipality_name=names[1],
            submitted_at=pr.submitted_at, created_by=by))
        self.put_authors(pr, authors)

    def put_authors(self, pr: Practice, authors: str) -> None:
        q = pg_insert(practice_authors).values(practice_id=pr.id, org_id=pr.org_id,
                                               municipality_id=pr.municipality_id, region_id=pr.region_id,
                                               authors=authors)
        self._s.execute(q.on_conflict_do_update(index_elements=[practice_authors.c.practice_id],
                                                set_={"authors": q.excluded.authors}))

    def save_practice(self, pr: Practice, *, reviewed_by: str | None = None) -> None:
        extra = {"reviewed_by": reviewed_by} if reviewed_by is not None else {}
        self._s.execute(update(practices).where(practices.c.id == pr.id).values(**_practice_values(pr), **extra))

    def practice(self, practice_id: str, *, lock: bool = False) -> Practice | None:
        q = select(practices).where(practices.c.id == practice_id)
        row = self._s.execute(q.with_for_update(of=practices) if lock else q).first()
        return _practice(row) if row else None

    def practice_row(self, practice_id: str) -> Any:
        """The practice with its names and — for its own school only (an org-only table) — its authors."""
        t, a = practices, practice_authors
        return self._s.execute(select(t, a.c.authors).outerjoin(a, a.c.practice_id == t.c.id)
                               .where(t.c.id == practice_id)).first()

    def practice_rows(self, *, state: str, own_org: str | None) -> list[Any]:
        t, a = practices, practice_authors
        q = select(t, a.c.authors).outerjoin(a, a.c.practice_id == t.c.id)
        if own_org:
            q = q.where(t.c.org_id == own_org)
        if state:
            q = q.where(t.c.state == state)
        return list(self._s.execute(q.order_by(t.c.submitted_at.desc(), t.c.id)).all())

    def search_catalogue(self, *, query: str, form: str, municipality_id: str, limit: int,
                         offset: int) -> tuple[list[Any], int]:
        t = practices
        q = select(t).where(t.c.state == PracticeState.PASSED.value, t.c.published)
        if query:
            like = f"%{escape_like(query)}%"
            q = q.where(or_(t.c.title.ilike(like), t.c.summary.ilike(like), t.c.organisation_name.ilike(like),
                            t.c.municipality_name.ilike(like)))
        if form:
            q = q.where(t.c.forms.any(form))
        if municipality_id:
            q = q.where(t.c.municipality_id == municipality_id)
        total = self._s.execute(select(func.count()).select_from(q.subquery())).scalar_one()
        rows = self._s.execute(q.order_by(t.c.title, t.c.id).limit(limit).offset(offset)).all()
        return list(rows), int(total)


def _event_values(e: ScientificEvent) -> dict[str, Any]:
    return {"title": e.title, "held_on": e.held_on, "kind": e.kind.value, "level": e.level.value,
            "role": e.role.value, "host": e.host, "participants": e.participants, "teachers": e.teachers,
            "partners": e.partners, "mentors": e.mentors, "mentees": e.mentees, "version": e.version,
            "removed": e.removed}


def _practice_values(pr: Practice) -> dict[str, Any]:
    return {"title": pr.title, "forms": list(pr.forms), "summary": pr.summary, "links": list(pr.links),
            "state": pr.state.value, "review_level": pr.review_level.value if pr.review_level else None,
            "review_note": pr.review_note, "published": pr.published, "version": pr.version,
            "reviewed_at": pr.reviewed_at}
