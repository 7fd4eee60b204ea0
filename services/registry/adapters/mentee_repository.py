"""The mentee base, mentees' requests and the record of mentees who became mentors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, func, insert, literal, select, tuple_, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Session

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from registry.adapters.guarded_writes import affected, insert_or_conflict
from registry.adapters.paging import decode_token, encode_token, escape_like, keyset_page
from registry.adapters.participant_tables import mentee_transitions, mentees, mentoring_requests, persons
from registry.domain.mentees import (
    Mentee,
    MenteeCategory,
    MentoringForm,
    MentoringRequest,
    RequestSource,
    RequestStatus,
)
from registry.domain.persons import PersonKind

_MENTEE = select(mentees, persons.c.full_name, persons.c.class_name).select_from(
    mentees.join(persons, persons.c.id == mentees.c.person_id))
_REQUEST = select(mentoring_requests, persons.c.full_name.label("mentee_name"), persons.c.id.label("person_id"),
                  mentees.c.person_kind.label("mentee_kind")).select_from(
    mentoring_requests.join(mentees, mentees.c.id == mentoring_requests.c.mentee_id)
    .join(persons, persons.c.id == mentees.c.person_id))


# What the consumer of matching's events may read of a request (its role has column grants, no names: ADR 007).
_REQUEST_STATUS = select(
    mentoring_requests.c.id, mentoring_requests.c.org_id, mentoring_requests.c.municipality_id,
    mentoring_requests.c.region_id, mentoring_requests.c.mentee_id, mentoring_requests.c.desired_form,
    mentoring_requests.c.source, mentoring_requests.c.status, mentoring_requests.c.status_reason,
    mentoring_requests.c.submitted_at, mentoring_requests.c.status_changed_at, mentoring_requests.c.version,
    mentoring_requests.c.pair_id, mentees.c.person_kind.label("mentee_kind"),
).select_from(mentoring_requests.join(mentees, mentees.c.id == mentoring_requests.c.mentee_id))


def _mentee(row: Any) -> Mentee:
    return Mentee(id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id),
                  region_id=str(row.region_id), person_id=str(row.person_id), full_name=row.full_name,
                  person_kind=PersonKind(row.person_kind), categories=tuple(MenteeCategory(c) for c in row.categories),
                  registered_at=row.registered_at, class_name=row.class_name, notes=row.notes, active=row.active,
                  inactive_reason=row.inactive_reason, version=int(row.version))


def _request(row: Any) -> MentoringRequest:
    return MentoringRequest(
        id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id), region_id=str(row.region_id),
        mentee_id=str(row.mentee_id), mentee_name=row.mentee_name, mentee_kind=PersonKind(row.mentee_kind),
        topics=tuple(row.topics), goal=row.goal, desired_form=MentoringForm(row.desired_form),
        source=RequestSource(row.source), status=RequestStatus(row.status), submitted_at=row.submitted_at,
        status_changed_at=row.status_changed_at, status_reason=row.status_reason, version=int(row.version),
        person_id=str(row.person_id), pair_id=str(row.pair_id or ""))


def _request_status(row: Any) -> MentoringRequest:
    """A request as the consumer sees it: status, form, source and ids — no name, topics or goal."""
    return MentoringRequest(
        id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id), region_id=str(row.region_id),
        mentee_id=str(row.mentee_id), mentee_name="", mentee_kind=PersonKind(row.mentee_kind), topics=(), goal="",
        desired_form=MentoringForm(row.desired_form), source=RequestSource(row.source),
        status=RequestStatus(row.status), submitted_at=row.submitted_at, status_changed_at=row.status_changed_at,
        status_reason=row.status_reason, version=int(row.version), pair_id=str(row.pair_id or ""))


def _tenant(entity: Mentee | MentoringRequest) -> dict[str, str]:
    return {"org_id": entity.org_id, "municipality_id": entity.municipality_id, "region_id": entity.region_id}


class SqlMenteeRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, mentee: Mentee, *, registered_by: str) -> None:
        insert_or_conflict(self._s, insert(mentees).values(
            id=mentee.id, person_id=mentee.person_id, person_kind=mentee.person_kind.value,
            categories=[c.value for c in mentee.categories], notes=mentee.notes, active=mentee.active,
            inactive_reason=mentee.inactive_reason, registered_at=mentee.registered_at, registered_by=registered_by,
            updated_at=mentee.registered_at, version=mentee.version, **_tenant(mentee),
        ), f"{mentee.full_name} уже есть в базе наставляемых")

    def save(self, mentee: Mentee, *, now: datetime) -> None:
        changed = affected(self._s.execute(update(mentees).where(
            mentees.c.id == mentee.id, mentees.c.version == mentee.version - 1,
        ).values(categories=[c.value for c in mentee.categories], notes=mentee.notes, active=mentee.active,
                 inactive_reason=mentee.inactive_reason, updated_at=now, version=mentee.version)))
        if changed != 1:
            raise Conflict("Сведения о наставляемом уже изменили: обновите страницу")

    def get(self, mentee_id: str, *, lock: bool = False) -> Mentee | None:
        q = _MENTEE.where(mentees.c.id == mentee_id)
        row = self._s.execute(q.with_for_update(of=mentees) if lock else q).first()
        return _mentee(row) if row else None

    def by_person(self, person_id: str, *, lock: bool = False) -> Mentee | None:
        q = _MENTEE.where(mentees.c.person_id == person_id)
        row = self._s.execute(q.with_for_update(of=mentees) if lock else q).first()
        return _mentee(row) if row else None

    def open_requests(self, mentee_ids: list[str]) -> dict[str, int]:
        if not mentee_ids:
            return {}
        rows = self._s.execute(select(mentoring_requests.c.mentee_id, func.count()).where(
            mentoring_requests.c.mentee_id.in_(mentee_ids), mentoring_requests.c.status == "open",
        ).group_by(mentoring_requests.c.mentee_id)).all()
        return {str(r[0]): int(r[1]) for r in rows}

    def page(self, *, size: int, after: str, query: str = "", category: str = "", person_kind: str = "",
             active_only: bool = False) -> tuple[list[Mentee], str, int]:
        q = _MENTEE
        if query:
            q = q.where(persons.c.full_name.ilike(f"%{escape_like(query)}%"))
        if category:
            q = q.where(mentees.c.categories.any(category))
        if person_kind:
            q = q.where(mentees.c.person_kind == person_kind)
        if active_only:
            q = q.where(mentees.c.active.is_(True))
        rows, token, total = keyset_page(self._s, q, name=persons.c.full_name, row_id=mentees.c.id, size=size,
                                         after=after)
        return [_mentee(r) for r in rows], token, total

    # -- requests -----------------------------------------------------------------------------------
    def add_request(self, request: MentoringRequest, *, submitted_by: str) -> None:
        self._s.execute(insert(mentoring_requests).values(
            id=request.id, mentee_id=request.mentee_id, topics=list(request.topics), goal=request.goal,
            desired_form=request.desired_form.value, source=request.source.value, status=request.status.value,
            status_reason=request.status_reason, submitted_at=request.submitted_at, submitted_by=submitted_by,
            status_changed_at=request.status_changed_at, version=request.version, **_tenant(request)))

    def save_request(self, request: MentoringRequest) -> None:
        changed = affected(self._s.execute(update(mentoring_requests).where(
            mentoring_requests.c.id == request.id, mentoring_requests.c.version == request.version - 1,
        ).values(status=request.status.value, status_reason=request.status_reason,
                 status_changed_at=request.status_changed_at, version=request.version,
                 pair_id=request.pair_id or None)))
        if changed != 1:
            raise Conflict("Запрос уже изменили: обновите страницу")

    def request(self, request_id: str, *, lock: bool = False) -> MentoringRequest | None:
        q = _REQUEST.where(mentoring_requests.c.id == request_id)
        row = self._s.execute(q.with_for_update(of=mentoring_requests) if lock else q).first()
        return _request(row) if row else None

    def request_status(self, request_id: str, *, lock: bool = False) -> MentoringRequest | None:
        q = _REQUEST_STATUS.where(mentoring_requests.c.id == request_id)
        row = self._s.execute(q.with_for_update(of=mentoring_requests) if lock else q).first()
        return _request_status(row) if row else None

    def request_of_pair(self, pair_id: str, *, lock: bool = False) -> MentoringRequest | None:
        q = _REQUEST_STATUS.where(mentoring_requests.c.pair_id == pair_id)
        row = self._s.execute(q.with_for_update(of=mentoring_requests) if lock else q).first()
        return _request_status(row) if row else None

    def mentee_active(self, mentee_id: str) -> bool:
        return bool(self._s.execute(select(mentees.c.active).where(mentees.c.id == mentee_id)).scalar())

    def requests_of(self, mentee_id: str, *, lock: bool = False) -> list[MentoringRequest]:
        q = _REQUEST.where(mentoring_requests.c.mentee_id == mentee_id).order_by(mentoring_requests.c.submitted_at)
        return [_request(r) for r in self._s.execute(q.with_for_update(of=mentoring_requests) if lock else q).all()]

    def request_page(self, *, size: int, after: str, status: str = "",
                     mentee_id: str = "") -> tuple[list[MentoringRequest], str, int]:
        """Newest first: the curator works the queue from what came in last."""
        q = _REQUEST
        if status:
            q = q.where(mentoring_requests.c.status == status)
        if mentee_id:
            q = q.where(mentoring_requests.c.mentee_id == mentee_id)
        total = self._s.execute(select(func.count()).select_from(q.subquery())).scalar_one()
        key = tuple_(mentoring_requests.c.submitted_at, mentoring_requests.c.id)
        paged = q.order_by(mentoring_requests.c.submitted_at.desc(), mentoring_requests.c.id.desc()).limit(size + 1)
        if after:
            at, last_id = decode_token(after)
            try:
                moment = datetime.fromisoformat(at)
            except ValueError:
                raise ValidationFailed([FieldProblem("page_token", "Неверная ссылка на страницу списка")]) from None
            paged = paged.where(key < tuple_(literal(moment, DateTime(timezone=True)),
                                             literal(last_id, UUID(as_uuid=False))))
        rows = self._s.execute(paged).all()
        page = [_request(r) for r in rows[:size]]
        token = encode_token(page[-1].submitted_at.isoformat(), page[-1].id) if len(rows) > size and page else ""
        return page, token, int(total)

    # -- transitions ----------------------------------------------------------------------------------
    def record_transition(self, mentee: Mentee, mentor_id: str, *, at: datetime) -> bool:
        """Once per person: the first time a mentee becomes a mentor (000 App. 2, 3.4 and 3.7)."""
        exists = self._s.execute(select(mentee_transitions.c.person_id)
                                 .where(mentee_transitions.c.person_id == mentee.person_id)).first()
        if exists:
            return False
        self._s.execute(insert(mentee_transitions).values(
            person_id=mentee.person_id, mentee_id=mentee.id, mentor_id=mentor_id,
            person_kind=mentee.person_kind.value, at=at, **_tenant(mentee)))
        return True

    def transition_at(self, person_id: str) -> datetime | None:
        row = self._s.execute(select(mentee_transitions.c.at)
                              .where(mentee_transitions.c.person_id == person_id)).first()
        return row.at if row else None

