"""The outer contour's records over the unit of work's session (migration 0017): row-level security decides what a
tier sees, so these queries never filter by tenant themselves — they only write the caller's tenant ids."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from mentorship_kit.principal import Principal
from registry.adapters.guarded_writes import insert_or_conflict
from registry.adapters.outer_tables import (
    cooperation_agreements,
    course_enrolments,
    course_seats,
    mentor_agreement_links,
    program_publications,
    risk_mitigations,
    training_courses,
    young_teacher_attendance,
    young_teacher_attendance_counts,
    young_teacher_plans,
    young_teacher_sessions,
)
from registry.adapters.paging import escape_like
from registry.adapters.participant_tables import persons
from registry.adapters.tables import mentors, organisations
from registry.domain.outer_work import Agreement, AgreementKind


def _agreement(r: Any) -> Agreement:
    return Agreement(id=r.id, municipality_id=r.municipality_id, region_id=r.region_id, number=r.number,
                     signed_on=r.signed_on, kind=AgreementKind(r.kind), parties=tuple(r.parties), subject=r.subject,
                     valid_from=r.valid_from, valid_until=r.valid_until, ended_on=r.ended_on,
                     created_at=r.created_at)


class SqlOuterWorkRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self._s, self._p = session, principal

    def _school(self) -> dict[str, Any]:
        return {"org_id": self._p.org_id, "municipality_id": self._p.municipality_id, "region_id": self._p.region_id}

    # -- 5. publications ----------------------------------------------------------------------------------------
    def put_publication(self, row: dict[str, Any]) -> None:
        values = {**row, **self._school()}
        q = pg_insert(program_publications).values(**values)
        self._s.execute(q.on_conflict_do_update(index_elements=[program_publications.c.document_id],
                                                set_={k: q.excluded[k] for k in row if k != "document_id"}))

    def delete_publication(self, document_id: str) -> bool:
        found = self._s.execute(delete(program_publications).where(program_publications.c.document_id == document_id)
                                .returning(program_publications.c.document_id)).first()
        return found is not None

    def publication(self, document_id: str) -> Any:
        return self._s.execute(select(program_publications)
                               .where(program_publications.c.document_id == document_id)).first()

    def search_publications(self, *, query: str, form: str, municipality_id: str, limit: int,
                            offset: int) -> tuple[list[Any], int]:
        t = program_publications
        q = select(t.c.document_id, t.c.org_id, t.c.municipality_id, t.c.title, t.c.forms, t.c.summary,
                   t.c.organisation_name, t.c.municipality_name, t.c.approved_version, t.c.approved_at,
                   t.c.published_at)
        if query:
            like = f"%{escape_like(query)}%"
            q = q.where(or_(t.c.title.ilike(like), t.c.summary.ilike(like), t.c.organisation_name.ilike(like),
                            t.c.municipality_name.ilike(like)))
        if form:
            q = q.where(t.c.forms.any(form))
        if municipality_id:
            q = q.where(t.c.municipality_id == municipality_id)
        total = self._s.execute(select(func.count()).select_from(q.subquery())).scalar_one()
        rows = self._s.execute(q.order_by(t.c.title, t.c.document_id).limit(limit).offset(offset)).all()
        return list(rows), int(total)

    # -- 6. agreements ------------------------------------------------------------------------------------------
    def add_agreement(self, a: Agreement, *, by: str) -> None:
        insert_or_conflict(self._s, insert(cooperation_agreements).values(
            id=a.id, municipality_id=a.municipality_id, region_id=a.region_id, number=a.number,
            signed_on=a.signed_on, kind=a.kind.value, parties=list(a.parties), subject=a.subject,
            valid_from=a.valid_from, valid_until=a.valid_until, ended_on=None, created_at=a.created_at,
            created_by=by), f"Соглашение № {a.number} уже есть")

    def agreement(self, agreement_id: str, *, lock: bool = False) -> Agreement | None:
        q = select(cooperation_agreements).where(cooperation_agreements.c.id == agreement_id)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        return _agreement(row) if row else None

    def end_agreement(self, agreement_id: str, day: date) -> None:
        self._s.execute(update(cooperation_agreements).where(cooperation_agreements.c.id == agreement_id)
                        .values(ended_on=day))

    def agreements(self) -> list[Agreement]:
        rows = self._s.execute(select(cooperation_agreements).order_by(cooperation_agreements.c.signed_on.desc(),
                                                                       cooperation_agreements.c.number)).all()
        return [_agreement(r) for r in rows]

    def link_mentor(self, mentor_id: str, agreement_id: str, *, by: str, at: datetime) -> None:
        q = pg_insert(mentor_agreement_links).values(mentor_id=mentor_id, agreement_id=agreement_id, linked_at=at,
                                                     linked_by=by, **self._school())
        self._s.execute(q.on_conflict_do_update(index_elements=[mentor_agreement_links.c.mentor_id],
                                                set_={"agreement_id": agreement_id, "linked_at": at,
                                                      "linked_by": by}))

    # -- 6. courses ---------------------------------------------------------------------------------------------
    def add_course(self, course_id: str, values: dict[str, Any], *, by: str, at: datetime) -> None:
        self._s.execute(insert(training_courses).values(id=course_id, region_id=self._p.region_id, created_at=at,
                                                        created_by=by, **values))

    def course(self, course_id: str) -> Any:
        return self._s.execute(select(training_courses).where(training_courses.c.id == course_id)).first()

    def courses(self, *, since: date | None) -> list[Any]:
        q = select(training_courses).order_by(training_courses.c.starts_on, training_courses.c.title)
        if since is not None:
            q = q.where(training_courses.c.ends_on >= since)
        return list(self._s.execute(q).all())

    def seats(self, course_ids: list[str], *, lock: bool = False) -> list[Any]:
        """The seats in the caller's reach, with the school's name (organisations are read by the same reach)."""
        if not course_ids:
            return []
        q = (select(course_seats, organisations.c.name.label("organisation_name"))
             .join(organisations, organisations.c.id == course_seats.c.org_id, isouter=True)
             .where(course_seats.c.course_id.in_(course_ids))
             .order_by(organisations.c.name, course_seats.c.org_id))
        return list(self._s.execute(q.with_for_update(of=course_seats) if lock else q).all())

    def ask_seats(self, course_id: str, org: tuple[str, str, str], seats: int, *, by: str, at: datetime) -> None:
        org_id, municipality_id, region_id = org
        q = pg_insert(course_seats).values(course_id=course_id, org_id=org_id, municipality_id=municipality_id,
                                           region_id=region_id, seats=seats, enrolled=0, completed=0, asked_at=at,
                                           asked_by=by)
        self._s.execute(q.on_conflict_do_update(index_elements=[course_seats.c.course_id, course_seats.c.org_id],
                                                set_={"seats": seats, "asked_at": at, "asked_by": by}))

    def count_enrolments(self, course_id: str) -> None:
        """The school's counts beside its seats, from its own enrolments (what the outer contour reads)."""
        enrolled = select(func.count()).where(course_enrolments.c.course_id == course_id).scalar_subquery()
        done = select(func.count()).where(course_enrolments.c.course_id == course_id,
                                          course_enrolments.c.completed_on.is_not(None)).scalar_subquery()
        self._s.execute(update(course_seats).where(course_seats.c.course_id == course_id,
                                                   course_seats.c.org_id == self._p.org_id)
                        .values(enrolled=enrolled, completed=done))

    def enrolments(self, course_id: str) -> list[Any]:
        q = (select(course_enrolments.c.mentor_id, course_enrolments.c.completed_on, mentors.c.full_name)
             .join(mentors, mentors.c.id == course_enrolments.c.mentor_id)
             .where(course_enrolments.c.course_id == course_id).order_by(mentors.c.full_name))
        return list(self._s.execute(q).all())

    def enrol(self, course_id: str, mentor_id: str, *, by: str, at: datetime) -> None:
        insert_or_conflict(self._s, insert(course_enrolments).values(
            course_id=course_id, mentor_id=mentor_id, enrolled_at=at, enrolled_by=by, completed_on=None,
            **self._school()), "Наставник уже записан на этот курс")

    def enrolment(self, course_id: str, mentor_id: str) -> Any:
        return self._s.execute(select(course_enrolments).where(course_enrolments.c.course_id == course_id,
                                                               course_enrolments.c.mentor_id == mentor_id)
                               .with_for_update()).first()

    def complete(self, course_id: str, mentor_id: str, day: date) -> None:
        self._s.execute(update(course_enrolments).where(course_enrolments.c.course_id == course_id,
                                                        course_enrolments.c.mentor_id == mentor_id)
                        .values(completed_on=day))

    # -- 7. Школа молодого учителя ----------------------------------------------------------------------------------
    def plan(self, municipality_id: str, *, lock: bool = False) -> Any:
        q = select(young_teacher_plans).where(young_teacher_plans.c.municipality_id == municipality_id)
        return self._s.execute(q.with_for_update() if lock else q).first()

    def put_plan(self, first_year: int, *, by: str, at: datetime) -> None:
        q = pg_insert(young_teacher_plans).values(municipality_id=self._p.municipality_id,
                                                  region_id=self._p.region_id, first_year=first_year,
                                                  updated_at=at, updated_by=by)
        self._s.execute(q.on_conflict_do_update(index_elements=[young_teacher_plans.c.municipality_id],
                                                set_={"first_year": first_year, "updated_at": at,
                                                      "updated_by": by}))

    def sessions(self, municipality_id: str) -> list[Any]:
        return list(self._s.execute(select(young_teacher_sessions)
                                    .where(young_teacher_sessions.c.municipality_id == municipality_id)
                                    .order_by(young_teacher_sessions.c.month)).all())

    def session(self, session_id: str, *, lock: bool = False) -> Any:
        q = select(young_teacher_sessions).where(young_teacher_sessions.c.id == session_id)
        return self._s.execute(q.with_for_update() if lock else q).first()

    def add_session(self, session_id: str, month: date, topic: str) -> None:
        self._s.execute(insert(young_teacher_sessions).values(
            id=session_id, municipality_id=self._p.municipality_id, region_id=self._p.region_id, month=month,
            topic=topic, held_on=None))

    def update_session(self, session_id: str, **values: Any) -> None:
        self._s.execute(update(young_teacher_sessions).where(young_teacher_sessions.c.id == session_id)
                        .values(**values))

    def delete_session(self, session_id: str) -> None:
        self._s.execute(delete(young_teacher_sessions).where(young_teacher_sessions.c.id == session_id))

    def attendance_counts(self, session_ids: list[str]) -> list[Any]:
        if not session_ids:
            return []
        c = young_teacher_attendance_counts
        q = (select(c.c.session_id, c.c.org_id, c.c.attended, organisations.c.name.label("organisation_name"))
             .join(organisations, organisations.c.id == c.c.org_id, isouter=True)
             .where(c.c.session_id.in_(session_ids)).order_by(organisations.c.name))
        return list(self._s.execute(q).all())

    def sessions_with_marks(self, session_ids: list[str]) -> set[str]:
        """Sessions some school has marked (a count row exists, whatever the school): they stay in the plan."""
        if not session_ids:
            return set()
        c = young_teacher_attendance_counts
        # The municipality reads every count row of its schools; nobody else changes its plan.
        return set(self._s.execute(select(c.c.session_id).where(c.c.session_id.in_(session_ids))).scalars())

    def attendees(self, session_id: str) -> list[Any]:
        q = (select(young_teacher_attendance.c.person_id, persons.c.full_name)
             .join(persons, persons.c.id == young_teacher_attendance.c.person_id)
             .where(young_teacher_attendance.c.session_id == session_id).order_by(persons.c.full_name))
        return list(self._s.execute(q).all())

    def replace_attendance(self, session_id: str, person_ids: list[str], *, at: datetime) -> None:
        a, c = young_teacher_attendance, young_teacher_attendance_counts
        self._s.execute(delete(a).where(a.c.session_id == session_id))
        if person_ids:
            self._s.execute(insert(a), [{"session_id": session_id, "person_id": pid, "marked_at": at,
                                         **self._school()} for pid in person_ids])
        q = pg_insert(c).values(session_id=session_id, attended=len(person_ids), **self._school())
        self._s.execute(q.on_conflict_do_update(index_elements=[c.c.session_id, c.c.org_id],
                                                set_={"attended": len(person_ids)}))

    # -- 8. mitigation log ------------------------------------------------------------------------------------------
    def add_mitigation(self, row: dict[str, Any]) -> None:
        self._s.execute(insert(risk_mitigations).values(**row))

    def mitigations(self, org_id: str) -> list[Any]:
        q = select(risk_mitigations).order_by(risk_mitigations.c.at.desc(), risk_mitigations.c.id)
        if org_id:
            q = q.where(risk_mitigations.c.org_id == org_id)
        return list(self._s.execute(q.limit(500)).all())
