"""The mentor base: cards with their training and level history, the vocabulary, the public profiles."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from mentorship_kit.errors import Conflict
from mentorship_kit.proto_values import plain, rebuild
from registry.adapters.guarded_writes import affected, insert_or_conflict
from registry.adapters.paging import escape_like, keyset_page
from registry.adapters.participant_tables import (
    competency_terms,
    mentor_level_history,
    mentor_trainings,
    public_mentor_profiles,
)
from registry.adapters.tables import mentors
from registry.domain.mentors import LevelChange, Mentor, MentorCard, MentorLevel, Training


def _card_values(mentor: Mentor) -> dict[str, Any]:
    """The card's columns are named as its fields; the rest of the row is the mentor's own."""
    return dict(
        plain(mentor.card), full_name=mentor.full_name, level=mentor.level.value, active=mentor.active,
        inactive_reason=mentor.inactive_reason, agreement_number=mentor.agreement_number,
        agreement_date=mentor.agreement_date, published=mentor.published, version=mentor.version,
    )


def _mentor(row: Any, trainings: tuple[Training, ...] = (), history: tuple[LevelChange, ...] = ()) -> Mentor:
    return Mentor(
        id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id),
        region_id=str(row.region_id), person_id=str(row.person_id) if row.person_id else None,
        full_name=row.full_name, card=rebuild(MentorCard, row._mapping), registered_at=row.registered_at,
        level=MentorLevel(row.level), active=row.active, inactive_reason=row.inactive_reason,
        agreement_number=row.agreement_number, agreement_date=row.agreement_date, published=row.published,
        version=int(row.version), trainings=trainings, level_history=history)


class SqlMentorRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, mentor: Mentor, *, registered_by: str) -> None:
        insert_or_conflict(self._s, insert(mentors).values(
            id=mentor.id, org_id=mentor.org_id, municipality_id=mentor.municipality_id, region_id=mentor.region_id,
            person_id=mentor.person_id, registered_at=mentor.registered_at, registered_by=registered_by,
            updated_at=mentor.registered_at, **_card_values(mentor)),
            f"{mentor.full_name} уже есть в базе наставников")

    def save(self, mentor: Mentor, *, now: datetime) -> None:
        """Write the next version; a concurrent save of the same card is refused."""
        changed = affected(self._s.execute(update(mentors).where(
            mentors.c.id == mentor.id, mentors.c.version == mentor.version - 1,
        ).values(updated_at=now, **_card_values(mentor))))
        if changed != 1:
            raise Conflict("Формуляр уже изменили: обновите страницу и внесите правки снова")

    def get(self, mentor_id: str, *, lock: bool = False, full: bool = True) -> Mentor | None:
        q = select(mentors).where(mentors.c.id == mentor_id)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        return self._complete(row) if row and full else (_mentor(row) if row else None)

    def by_person(self, person_id: str, *, lock: bool = False) -> Mentor | None:
        q = select(mentors).where(mentors.c.person_id == person_id)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        return self._complete(row) if row else None

    def _complete(self, row: Any) -> Mentor:
        trainings = tuple(Training(r.course, r.hours, r.completed_on, r.provider) for r in self._s.execute(
            select(mentor_trainings).where(mentor_trainings.c.mentor_id == row.id)
            .order_by(mentor_trainings.c.completed_on)).all())
        history = tuple(LevelChange(MentorLevel(r.from_level), MentorLevel(r.to_level), r.reason, r.changed_by,
                                    r.changed_at, r.correction) for r in self._s.execute(
            select(mentor_level_history).where(mentor_level_history.c.mentor_id == row.id)
            .order_by(mentor_level_history.c.changed_at)).all())
        return _mentor(row, trainings, history)

    def add_training(self, mentor: Mentor, training: Training, *, by: str, at: datetime) -> None:
        self._s.execute(insert(mentor_trainings).values(
            id=str(uuid.uuid4()), mentor_id=mentor.id, org_id=mentor.org_id, municipality_id=mentor.municipality_id,
            region_id=mentor.region_id, course=training.course, hours=training.hours,
            completed_on=training.completed_on, provider=training.provider, recorded_at=at, recorded_by=by))

    def add_level_change(self, mentor: Mentor, change: LevelChange) -> None:
        self._s.execute(insert(mentor_level_history).values(
            id=str(uuid.uuid4()), mentor_id=mentor.id, org_id=mentor.org_id, municipality_id=mentor.municipality_id,
            region_id=mentor.region_id, from_level=change.from_level.value, to_level=change.to_level.value,
            reason=change.reason, changed_by=change.changed_by, changed_at=change.changed_at,
            correction=change.correction))

    def page(self, *, size: int, after: str, query: str = "", origin: str = "",
             active_only: bool = False) -> tuple[list[Mentor], str, int]:
        q = select(mentors)
        if query:
            like = f"%{escape_like(query)}%"
            q = q.where(or_(mentors.c.full_name.ilike(like),
                            func.array_to_string(mentors.c.subjects, " ").ilike(like),
                            func.array_to_string(mentors.c.competencies, " ").ilike(like)))
        if origin:
            q = q.where(mentors.c.origin == origin)
        if active_only:
            q = q.where(mentors.c.active.is_(True))
        rows, token, total = keyset_page(self._s, q, name=mentors.c.full_name, row_id=mentors.c.id, size=size,
                                         after=after)
        return [_mentor(r) for r in rows], token, total

    # -- vocabulary ---------------------------------------------------------------------------------
    def school_terms(self) -> list[str]:
        rows = self._s.execute(select(competency_terms.c.term).order_by(func.lower(competency_terms.c.term)))
        return [r.term for r in rows]

    def add_term(self, term: str, *, org: tuple[str, str, str], by: str, at: datetime) -> None:
        org_id, municipality_id, region_id = org
        insert_or_conflict(self._s, insert(competency_terms).values(
            org_id=org_id, municipality_id=municipality_id, region_id=region_id, term=term, created_at=at,
            created_by=by), f"«{term}» уже есть в словаре")

    # -- the regional base ----------------------------------------------------------------------------
    def publish(self, mentor: Mentor, *, organisation: str, at: datetime) -> None:
        values = dict(org_id=mentor.org_id, municipality_id=mentor.municipality_id, region_id=mentor.region_id,
                      full_name=mentor.full_name, organisation=organisation, origin=mentor.origin.value,
                      subjects=list(mentor.subjects), competencies=list(mentor.competencies),
                      capacity=mentor.capacity, updated_at=at)
        statement = pg_insert(public_mentor_profiles).values(mentor_id=mentor.id, **values)
        self._s.execute(statement.on_conflict_do_update(index_elements=["mentor_id"], set_=values))

    def unpublish(self, mentor_id: str) -> None:
        self._s.execute(delete(public_mentor_profiles).where(public_mentor_profiles.c.mentor_id == mentor_id))

    def search_public(self, *, query: str, origin: str, municipality_id: str, size: int,
                      after: str) -> tuple[list[Any], str, int]:
        p = public_mentor_profiles
        q = select(p.c.mentor_id, p.c.full_name, p.c.organisation, p.c.origin, p.c.subjects, p.c.competencies,
                   p.c.capacity, p.c.org_id)
        if query:
            like = f"%{escape_like(query)}%"
            q = q.where(or_(p.c.full_name.ilike(like), func.array_to_string(p.c.subjects, " ").ilike(like),
                            func.array_to_string(p.c.competencies, " ").ilike(like)))
        if origin:
            q = q.where(p.c.origin == origin)
        if municipality_id:
            q = q.where(p.c.municipality_id == municipality_id)
        return keyset_page(self._s, q, name=p.c.full_name, row_id=p.c.mentor_id, size=size, after=after)
