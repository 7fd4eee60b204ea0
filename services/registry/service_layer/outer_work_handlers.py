"""Use cases of the outer contour's work (issue 15 items 5-8, ADR 024): the regional base of programs, agreements
of cooperation and the external mentor's reference to one, ЦНППМ courses (the municipality's seats, the school's
enrolments, completion into the mentor's training record), Школа молодого учителя and the risk mitigation log.

The policy gate comes first in each; row-level security keeps each tier to its rows underneath."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from mentorship_kit.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from mentorship_kit.policy import Action, Reach, require, within_reach
from registry.domain import events, mentors
from registry.domain import outer_work as ow
from registry.domain.documents import Kind, OwnerLevel
from registry.domain.field_checks import search_text
from registry.domain.mentees import MentoringForm
from registry.domain.persons import PersonKind
from registry.service_layer.base_changes import save_mentor
from registry.service_layer.lookups import own_organisation, record_id
from registry.service_layer.unit_of_work import UnitOfWork

PAGE_MAX = 100


class OuterWorkStore(Protocol):
    """What the use cases need of storage (``registry.adapters.outer_work_repository``); rows are read by name."""

    def put_publication(self, row: dict[str, Any]) -> None: ...
    def delete_publication(self, document_id: str) -> bool: ...
    def publication(self, document_id: str) -> Any: ...
    def search_publications(self, *, query: str, form: str, municipality_id: str, limit: int,
                            offset: int) -> tuple[list[Any], int]: ...
    def add_agreement(self, a: ow.Agreement, *, by: str) -> None: ...
    def agreement(self, agreement_id: str, *, lock: bool = False) -> ow.Agreement | None: ...
    def end_agreement(self, agreement_id: str, day: date) -> None: ...
    def agreements(self) -> list[ow.Agreement]: ...
    def link_mentor(self, mentor_id: str, agreement_id: str, *, by: str, at: datetime) -> None: ...
    def add_course(self, course_id: str, values: dict[str, Any], *, by: str, at: datetime) -> None: ...
    def course(self, course_id: str) -> Any: ...
    def courses(self, *, since: date | None) -> list[Any]: ...
    def seats(self, course_ids: list[str], *, lock: bool = False) -> list[Any]: ...
    def ask_seats(self, course_id: str, org: tuple[str, str, str], seats: int, *, by: str, at: datetime) -> None: ...
    def count_enrolments(self, course_id: str) -> None: ...
    def enrolments(self, course_id: str) -> list[Any]: ...
    def enrol(self, course_id: str, mentor_id: str, *, by: str, at: datetime) -> None: ...
    def enrolment(self, course_id: str, mentor_id: str) -> Any: ...
    def complete(self, course_id: str, mentor_id: str, day: date) -> None: ...
    def plan(self, municipality_id: str, *, lock: bool = False) -> Any: ...
    def put_plan(self, first_year: int, *, by: str, at: datetime) -> None: ...
    def sessions(self, municipality_id: str) -> list[Any]: ...
    def session(self, session_id: str, *, lock: bool = False) -> Any: ...
    def add_session(self, session_id: str, month: date, topic: str) -> None: ...
    def update_session(self, session_id: str, **values: Any) -> None: ...
    def delete_session(self, session_id: str) -> None: ...
    def attendance_counts(self, session_ids: list[str]) -> list[Any]: ...
    def sessions_with_marks(self, session_ids: list[str]) -> set[str]: ...
    def attendees(self, session_id: str) -> list[Any]: ...
    def replace_attendance(self, session_id: str, person_ids: list[str], *, at: datetime) -> None: ...
    def add_mitigation(self, row: dict[str, Any]) -> None: ...
    def mitigations(self, org_id: str) -> list[Any]: ...


class OuterWorkUnitOfWork(UnitOfWork, Protocol):
    @property
    def outer(self) -> OuterWorkStore: ...


def _now() -> datetime:
    return datetime.now(UTC)


def _by(uow: UnitOfWork) -> str:
    return uow.principal.display_name or uow.principal.user_id


# -- 5. the regional base of programs -------------------------------------------------------------------------------

PROGRAM_MISSING = "Программа не найдена"
NOT_IN_BASE = "Программы нет в региональной базе"


def publish_program(document_id: str, forms: list[str], summary: str, uow: OuterWorkUnitOfWork) -> Any:
    """The school puts its approved program into the regional base (the approved version, as approved)."""
    require(uow.principal, Action.PROGRAM_PUBLISH)
    publication = ow.clean_publication(forms, summary)
    with uow:
        doc = uow.documents.get(record_id(document_id, PROGRAM_MISSING))
        if doc is None or doc.kind is not Kind.PROGRAM or doc.owner_level is not OwnerLevel.SCHOOL \
                or doc.org_id != uow.principal.org_id:
            raise NotFound(PROGRAM_MISSING)
        if doc.approved_version < 1:
            raise Conflict("В региональную базу публикуется только утверждённая программа")
        content = uow.documents.content_of(doc.id, doc.approved_version) or {}
        school = own_organisation(uow)
        municipality = uow.structure.municipality(school.municipality_id)
        uow.outer.put_publication({
            "document_id": doc.id, "title": doc.title, "forms": list(publication.forms),
            "summary": publication.summary, "organisation_name": school.name,
            "municipality_name": municipality.name if municipality else "",
            "approved_version": doc.approved_version, "approved_at": doc.approved_at,
            "sections": ow.program_sections(content), "published_at": _now(), "published_by": _by(uow)})
        row = uow.outer.publication(doc.id)
        uow.commit()
    return row


def unpublish_program(document_id: str, uow: OuterWorkUnitOfWork) -> None:
    require(uow.principal, Action.PROGRAM_PUBLISH)
    with uow:
        if not uow.outer.delete_publication(record_id(document_id, NOT_IN_BASE)):
            raise NotFound(NOT_IN_BASE)
        uow.commit()


def get_published_program(document_id: str, uow: OuterWorkUnitOfWork) -> Any:
    require(uow.principal, Action.PROGRAM_BASE_READ)
    with uow:
        row = uow.outer.publication(record_id(document_id, NOT_IN_BASE))
    if row is None:
        raise NotFound(NOT_IN_BASE)
    return row


def _offset(page_token: str) -> int:
    try:
        return max(0, int(page_token or "0"))
    except ValueError:
        raise ValidationFailed([FieldProblem("page_token", "Неверная отметка страницы")]) from None


def search_programs(query: str, form: str, municipality_id: str, page_size: int, page_token: str,
                    uow: OuterWorkUnitOfWork) -> tuple[list[Any], str, int]:
    require(uow.principal, Action.PROGRAM_BASE_READ)
    size = max(1, min(page_size or 20, PAGE_MAX))
    offset = _offset(page_token)
    if municipality_id:
        municipality_id = record_id(municipality_id, "Муниципалитет не найден")
    with uow:
        # A form outside the value set filters nothing (a typo is not an empty base).
        known = form.strip() if form.strip() in {f.value for f in MentoringForm if f.value} else ""
        rows, total = uow.outer.search_publications(query=search_text(query), form=known,
                                                    municipality_id=municipality_id, limit=size, offset=offset)
    more = offset + size < total
    return rows, str(offset + size) if more else "", total


# -- 6. agreements ------------------------------------------------------------------------------------------------

def create_agreement(raw: dict[str, Any], uow: OuterWorkUnitOfWork) -> ow.Agreement:
    granted = require(uow.principal, Action.AGREEMENT_MANAGE)
    now = _now()
    values = ow.clean_agreement(raw, today=now.date())
    # The regional operator keeps the region's agreements; a municipality its own (004 App. 2 п.1.6: МОУО).
    municipality = uow.principal.municipality_id if granted is Reach.OWN_MUNICIPALITY else None
    agreement = ow.Agreement(id=str(uuid.uuid4()), municipality_id=municipality,
                             region_id=uow.principal.region_id or "", ended_on=None, created_at=now, **values)
    with uow:
        uow.outer.add_agreement(agreement, by=_by(uow))
        uow.commit()
    return agreement


AGREEMENT_MISSING = "Соглашение не найдено"


def end_agreement(agreement_id: str, ended_on: str, uow: OuterWorkUnitOfWork) -> ow.Agreement:
    granted = require(uow.principal, Action.AGREEMENT_MANAGE)
    with uow:
        key = record_id(agreement_id, AGREEMENT_MISSING)
        # Read first, then lock: a row the caller reads but may not change is not visible to FOR UPDATE at all.
        seen = uow.outer.agreement(key)
        if seen is None:
            raise NotFound(AGREEMENT_MISSING)
        if (seen.municipality_id is None) != (granted is Reach.OWN_REGION):
            raise Forbidden("Соглашение ведёт другой уровень: расторгает его тот, кто заключил")
        agreement = uow.outer.agreement(key, lock=True)
        if agreement is None:
            raise NotFound(AGREEMENT_MISSING)
        day = ow.end_agreement(agreement, ended_on, today=_now().date())
        uow.outer.end_agreement(agreement.id, day)
        uow.commit()
    return agreement.__class__(**{**vars(agreement), "ended_on": day})


def list_agreements(active_only: bool, uow: OuterWorkUnitOfWork) -> list[ow.Agreement]:
    require(uow.principal, Action.AGREEMENT_READ)
    today = _now().date()
    with uow:
        found = uow.outer.agreements()
    return [a for a in found if not active_only or a.state(today) is ow.AgreementState.ACTIVE]


def link_mentor_agreement(mentor_id: str, agreement_id: str,
                          uow: OuterWorkUnitOfWork) -> tuple[mentors.Mentor, ow.Agreement]:
    """An external mentor's cooperation agreement (003) refers to an agreement the region or the municipality keeps;
    the card's number and date become that agreement's."""
    require(uow.principal, Action.MENTOR_REGISTER)
    now = _now()
    with uow:
        agreement = uow.outer.agreement(record_id(agreement_id, AGREEMENT_MISSING))
        if agreement is None:
            raise NotFound(AGREEMENT_MISSING)
        if agreement.state(now.date()) is not ow.AgreementState.ACTIVE:
            raise Conflict("Соглашение не действует: сослаться можно только на действующее")
        mentor = uow.mentors.get(record_id(mentor_id, "Наставник не найден в базе школы"), lock=True)
        if mentor is None:
            raise NotFound("Наставник не найден в базе школы")
        mentor = mentors.record_agreement(mentor, number=agreement.number,
                                          agreement_date=agreement.signed_on.isoformat(), today=now.date())
        save_mentor(uow, mentor, now=now)
        uow.outer.link_mentor(mentor.id, agreement.id, by=_by(uow), at=now)
        uow.collect(events.MentorUpdated(mentor))
        uow.commit()
    return mentor, agreement


# -- 6. courses ---------------------------------------------------------------------------------------------------

COURSE_MISSING = "Курс не найден"


@dataclass(frozen=True)
class CourseView:
    course: Any
    schools: list[Any] = field(default_factory=list)  # seats rows in the caller's reach


def create_course(raw: dict[str, Any], uow: OuterWorkUnitOfWork) -> CourseView:
    require(uow.principal, Action.COURSE_MANAGE)
    now = _now()
    values = ow.clean_course(raw, today=now.date())
    course_id = str(uuid.uuid4())
    with uow:
        uow.outer.add_course(course_id, values, by=_by(uow), at=now)
        course = uow.outer.course(course_id)
        uow.commit()
    return CourseView(course)


def list_courses(upcoming_only: bool, uow: OuterWorkUnitOfWork) -> list[CourseView]:
    require(uow.principal, Action.COURSE_READ)
    with uow:
        found = uow.outer.courses(since=_now().date() if upcoming_only else None)
        seats = uow.outer.seats([c.id for c in found])
    return [CourseView(c, [s for s in seats if s.course_id == c.id]) for c in found]


def _course(uow: OuterWorkUnitOfWork, course_id: str) -> Any:
    course = uow.outer.course(record_id(course_id, COURSE_MISSING))
    if course is None:
        raise NotFound(COURSE_MISSING)
    return course


def apply_for_course(course_id: str, asked: dict[str, int], uow: OuterWorkUnitOfWork) -> CourseView:
    """The municipality asks seats for its schools (002 п.4.2: «заявки на курсы по наставничеству»)."""
    granted = require(uow.principal, Action.COURSE_APPLY)
    now = _now()
    with uow:
        course = _course(uow, course_id)
        if course.ends_on < now.date():
            raise Conflict("Курс уже прошёл: заявка не принимается")
        schools: dict[str, tuple[str, str, str]] = {}
        for org_id in asked:
            org = uow.structure.organisation(record_id(org_id, "Школа не найдена"))
            if org is None or not within_reach(uow.principal, granted, org_id=org.id,
                                               municipality_id=org.municipality_id, region_id=org.region_id):
                raise Forbidden("Школа вне вашего муниципалитета")
            schools[org.id] = (org.id, org.municipality_id, org.region_id)
        existing = {s.org_id: s for s in uow.outer.seats([course.id], lock=True)}
        wanted = {**{k: v.seats for k, v in existing.items()}, **{schools[k][0]: v for k, v in asked.items()}}
        ow.check_seats(wanted, course_seats=course.seats, enrolled={k: v.enrolled for k, v in existing.items()})
        for org_id, seats in asked.items():
            uow.outer.ask_seats(course.id, schools[org_id], seats, by=_by(uow), at=now)
        rows = uow.outer.seats([course.id])
        uow.commit()
    return CourseView(course, rows)


@dataclass(frozen=True)
class EnrolmentsView:
    course: CourseView
    seats: int
    enrolments: list[Any]


def _enrolments(uow: OuterWorkUnitOfWork, course: Any) -> EnrolmentsView:
    rows = uow.outer.seats([course.id])
    mine = next((s for s in rows if s.org_id == uow.principal.org_id), None)
    return EnrolmentsView(CourseView(course, rows), mine.seats if mine else 0, uow.outer.enrolments(course.id))


def list_enrolments(course_id: str, uow: OuterWorkUnitOfWork) -> EnrolmentsView:
    require(uow.principal, Action.COURSE_ENROL)
    with uow:
        return _enrolments(uow, _course(uow, course_id))


def enrol_mentor(course_id: str, mentor_id: str, uow: OuterWorkUnitOfWork) -> EnrolmentsView:
    """The school names its mentor for one of the seats its municipality asked for it."""
    require(uow.principal, Action.COURSE_ENROL)
    now = _now()
    with uow:
        course = _course(uow, course_id)
        mine = next((s for s in uow.outer.seats([course.id], lock=True) if s.org_id == uow.principal.org_id), None)
        if mine is None or mine.seats == 0:
            raise Conflict("Муниципалитет не подавал заявку на этот курс для вашей школы")
        if mine.enrolled >= mine.seats:
            raise Conflict(f"Все места школы на курсе заняты ({mine.seats})")
        mentor = uow.mentors.get(record_id(mentor_id, "Наставник не найден в базе школы"))
        if mentor is None:
            raise NotFound("Наставник не найден в базе школы")
        if not mentor.active:
            raise Conflict("Наставник выведен из базы")
        uow.outer.enrol(course.id, mentor.id, by=_by(uow), at=now)
        uow.outer.count_enrolments(course.id)
        view = _enrolments(uow, course)
        uow.commit()
    return view


def complete_course(course_id: str, mentor_id: str, completed_on: str, uow: OuterWorkUnitOfWork) -> EnrolmentsView:
    """Completion goes into the mentor's training record («обучение» on the card, the ``mentor.trained`` facet)."""
    require(uow.principal, Action.COURSE_ENROL)
    now = _now()
    with uow:
        course = _course(uow, course_id)
        mentor_key = record_id(mentor_id, "Наставник не записан на этот курс")
        enrolment = uow.outer.enrolment(course.id, mentor_key)
        if enrolment is None:
            raise NotFound("Наставник не записан на этот курс")
        if enrolment.completed_on is not None:
            raise Conflict("Окончание курса уже отмечено")
        day = ow.check_completion(completed_on, starts_on=course.starts_on, today=now.date())
        mentor = uow.mentors.get(mentor_key, lock=True)
        if mentor is None:
            raise NotFound("Наставник не найден в базе школы")
        mentor, training = mentors.add_training(mentor, {
            "course": course.title, "hours": course.hours, "completed_on": day.isoformat(),
            "provider": course.provider}, today=now.date())
        save_mentor(uow, mentor, now=now)
        uow.mentors.add_training(mentor, training, by=uow.principal.user_id, at=now)
        uow.outer.complete(course.id, mentor.id, day)
        uow.outer.count_enrolments(course.id)
        uow.collect(events.MentorUpdated(mentor))
        view = _enrolments(uow, course)
        uow.commit()
    return view


# -- 7. Школа молодого учителя ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanView:
    municipality_id: str
    plan: Any
    sessions: list[Any]
    counts: list[Any]  # (session_id, org_id, attended, organisation_name) in the caller's reach


def _plan_view(uow: OuterWorkUnitOfWork, municipality_id: str) -> PlanView:
    sessions = uow.outer.sessions(municipality_id)
    return PlanView(municipality_id, uow.outer.plan(municipality_id), sessions,
                    uow.outer.attendance_counts([s.id for s in sessions]))


def save_young_teacher_plan(first_year: int, planned: list[tuple[str, str]], uow: OuterWorkUnitOfWork) -> PlanView:
    """The municipality's ШМУ plan for 3 years (002 §6.5), one session a month at most: sessions of months no longer
    planned go, unless a session was held or a school marked it — those stay as they were."""
    require(uow.principal, Action.YOUNG_TEACHER_PLAN)
    municipality_id = uow.principal.municipality_id or ""
    months = ow.clean_plan(first_year, planned)
    with uow:
        uow.outer.plan(municipality_id, lock=True)
        uow.outer.put_plan(first_year, by=_by(uow), at=_now())
        existing = {s.month: s for s in uow.outer.sessions(municipality_id)}
        kept = uow.outer.sessions_with_marks([s.id for s in existing.values()])
        wanted = dict(months)
        for month, s in existing.items():
            if month not in wanted:
                if s.held_on is not None or s.id in kept:
                    raise Conflict(f"Занятие {month:%m.%Y} уже проведено или отмечено школами: из плана его не "
                                   "убрать")
                uow.outer.delete_session(s.id)
            elif wanted[month] != s.topic:
                uow.outer.update_session(s.id, topic=wanted[month])
        for month, topic in months:
            if month not in existing:
                uow.outer.add_session(str(uuid.uuid4()), month, topic)
        view = _plan_view(uow, municipality_id)
        uow.commit()
    return view


def get_young_teacher_plan(municipality_id: str, uow: OuterWorkUnitOfWork) -> PlanView:
    granted = require(uow.principal, Action.YOUNG_TEACHER_READ)
    if granted is Reach.OWN_REGION or granted is Reach.PLATFORM:
        if not municipality_id:
            raise ValidationFailed([FieldProblem("municipality_id", "Выберите муниципалитет")])
        municipality_id = record_id(municipality_id, "Муниципалитет не найден")
    else:
        municipality_id = uow.principal.municipality_id or ""
    with uow:
        return _plan_view(uow, municipality_id)


SESSION_MISSING = "Занятие ШМУ не найдено"


def record_session_held(session_id: str, held_on: str, uow: OuterWorkUnitOfWork) -> PlanView:
    require(uow.principal, Action.YOUNG_TEACHER_PLAN)
    with uow:
        session = uow.outer.session(record_id(session_id, SESSION_MISSING), lock=True)
        if session is None or session.municipality_id != uow.principal.municipality_id:
            raise NotFound(SESSION_MISSING)
        day = ow.check_held(held_on, month=session.month, today=_now().date())
        uow.outer.update_session(session.id, held_on=day)
        view = _plan_view(uow, session.municipality_id)
        uow.commit()
    return view


@dataclass(frozen=True)
class AttendanceView:
    session: Any
    counts: list[Any]
    attendees: list[Any]


def _school_session(uow: OuterWorkUnitOfWork, session_id: str) -> Any:
    session = uow.outer.session(record_id(session_id, SESSION_MISSING))
    if session is None:
        raise NotFound(SESSION_MISSING)
    return session


def get_attendance(session_id: str, uow: OuterWorkUnitOfWork) -> AttendanceView:
    require(uow.principal, Action.YOUNG_TEACHER_ATTENDANCE)
    with uow:
        session = _school_session(uow, session_id)
        return AttendanceView(session, uow.outer.attendance_counts([session.id]), uow.outer.attendees(session.id))


def mark_attendance(session_id: str, person_ids: list[str], uow: OuterWorkUnitOfWork) -> AttendanceView:
    """The school marks its own young teachers present (names stay in the school; the municipality reads the count)."""
    require(uow.principal, Action.YOUNG_TEACHER_ATTENDANCE)
    if len(person_ids) > ow.ATTENDEES_MAX:
        raise ValidationFailed([FieldProblem("person_ids", f"Не больше {ow.ATTENDEES_MAX} человек")])
    ids = list(dict.fromkeys(record_id(p, "Педагог не найден в школе") for p in person_ids))
    with uow:
        # Not locked: the school may read the municipality's session but not change it (FOR UPDATE would hide it).
        session = _school_session(uow, session_id)
        if session.held_on is None and session.month > _now().date():
            raise Conflict("Занятие ещё впереди: посещение отмечается после него")
        for pid in ids:
            person = uow.persons.get(pid)
            if person is None:
                raise NotFound("Педагог не найден в школе")
            if person.kind is not PersonKind.STAFF:
                raise ValidationFailed([FieldProblem("person_ids", f"{person.full_name}: ШМУ — для педагогов, "
                                                     "а не обучающихся")])
        uow.outer.replace_attendance(session.id, ids, at=_now())
        view = AttendanceView(session, uow.outer.attendance_counts([session.id]), uow.outer.attendees(session.id))
        uow.commit()
    return view


# -- 8. mitigation log --------------------------------------------------------------------------------------------

def add_mitigation(org_id: str, risk: str, text: str, uow: OuterWorkUnitOfWork) -> dict[str, Any]:
    granted = require(uow.principal, Action.RISK_MITIGATE)
    found_risk, note = ow.clean_mitigation(risk, text)
    with uow:
        org = uow.structure.organisation(record_id(org_id, "Школа не найдена"))
        if org is None or not within_reach(uow.principal, granted, org_id=org.id,
                                           municipality_id=org.municipality_id, region_id=org.region_id):
            raise NotFound("Школа не найдена")
        row = {"id": str(uuid.uuid4()), "org_id": org.id, "municipality_id": org.municipality_id,
               "region_id": org.region_id, "risk": found_risk.value, "text": note, "author_name": _by(uow),
               "author_role": sorted(r.value for r in uow.principal.roles)[0], "at": _now()}
        uow.outer.add_mitigation(row)
        uow.commit()
    return row


def list_mitigations(org_id: str, uow: OuterWorkUnitOfWork) -> list[Any]:
    require(uow.principal, Action.RISK_READ)
    if org_id:
        org_id = record_id(org_id, "Школа не найдена")
    with uow:
        return uow.outer.mitigations(org_id)
