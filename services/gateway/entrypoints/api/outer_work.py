"""The outer contour's work over REST (issue 15 items 5-8, ADR 024): the regional base of programs, agreements of
cooperation, mentors' courses, Школа молодого учителя and risks. One policy gate per route; names of people are
answered only to their own school (enrolments, attendance), and those reads go to the access log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import Field

from gateway.adapters.outer_work_reads import (
    CooperationAgreementRead,
    CourseEnrolmentsRead,
    GetRiskSignalsResponseRead,
    ListAgreementsResponseRead,
    ListCoursesResponseRead,
    ListMitigationsResponseRead,
    MentorAgreementLinkRead,
    MitigationRead,
    PublishedProgramRead,
    SearchProgramsResponseRead,
    SessionAttendanceRead,
    TrainingCourseRead,
    YoungTeacherPlanRead,
)
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.schemas import Strict
from gateway.entrypoints.deps import (
    ChangingSession,
    CurrentSession,
    OuterWork,
    RiskSignals,
    allowed,
    audit_pii_read,
)
from gateway.entrypoints.params import Choice, Id, IdFilter, PageToken, SearchText
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Работа муниципалитета и региона"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})

DateText = Annotated[str, Field(max_length=20, description="ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")]
OptionalDate = Annotated[str, Field(max_length=20, description="ГГГГ-ММ-ДД; пусто — бессрочно")]
Uuid = Annotated[str, Field(max_length=100)]


class PublicationIn(Strict):
    forms: Annotated[list[Annotated[str, Field(max_length=50)]], Field(min_length=1, max_length=20)]
    summary: Annotated[str, Field(max_length=1000)] = ""


class AgreementIn(Strict):
    number: Annotated[str, Field(max_length=50)]
    signed_on: DateText
    kind: Annotated[str, Field(max_length=50, description="with_operator | with_employer")]
    parties: Annotated[list[Annotated[str, Field(max_length=300)]], Field(max_length=10)]
    subject: Annotated[str, Field(max_length=1000)] = ""
    valid_from: DateText
    valid_until: OptionalDate = ""


class AgreementEndIn(Strict):
    ended_on: DateText


class MentorAgreementIn(Strict):
    agreement_id: Uuid


class CourseIn(Strict):
    title: Annotated[str, Field(max_length=300)]
    hours: Annotated[int, Field(ge=1, le=2000)] = 36
    provider: Annotated[str, Field(max_length=300)] = "ЦНППМ"
    study_form: Annotated[str, Field(max_length=100)] = ""
    starts_on: DateText
    ends_on: DateText
    seats: Annotated[int, Field(ge=1, le=10000)]


class SchoolSeatsIn(Strict):
    org_id: Uuid
    seats: Annotated[int, Field(ge=0, le=10000)]


class SeatsIn(Strict):
    schools: Annotated[list[SchoolSeatsIn], Field(min_length=1, max_length=500)]


class EnrolmentIn(Strict):
    mentor_id: Uuid


class CompletionIn(Strict):
    completed_on: DateText


class PlannedSessionIn(Strict):
    month: Annotated[str, Field(max_length=7, description="ГГГГ-ММ")]
    topic: Annotated[str, Field(max_length=500)]


class YoungTeacherPlanIn(Strict):
    first_year: Annotated[int, Field(ge=2000, le=2100)]
    sessions: Annotated[list[PlannedSessionIn], Field(min_length=1, max_length=60)]


class SessionHeldIn(Strict):
    held_on: DateText


class AttendanceIn(Strict):
    person_ids: Annotated[list[Uuid], Field(max_length=500)]


class MitigationIn(Strict):
    org_id: Uuid
    risk: Annotated[str, Field(max_length=50)]
    text: Annotated[str, Field(max_length=2000)]


# -- 5. the regional base of programs ----------------------------------------------------------------------------

@router.put("/programs/{document_id}/publication", response_model=PublishedProgramRead,
            dependencies=[Depends(allowed(Action.PROGRAM_PUBLISH))])
def publish_program(document_id: Id, body: PublicationIn, session: ChangingSession,
                    outer: OuterWork) -> PublishedProgramRead:
    """Опубликовать утверждённую программу школы в единой региональной базе программ (004 Прил. 2 п.2.3)."""
    return outer.publish_program(session.principal, document_id, forms=body.forms, summary=body.summary)


@router.delete("/programs/{document_id}/publication", status_code=204,
               dependencies=[Depends(allowed(Action.PROGRAM_PUBLISH))])
def unpublish_program(document_id: Id, session: ChangingSession, outer: OuterWork) -> Response:
    """Снять программу школы с региональной базы."""
    outer.unpublish_program(session.principal, document_id)
    return Response(status_code=204)


@router.get("/program-base", response_model=SearchProgramsResponseRead,
            dependencies=[Depends(allowed(Action.PROGRAM_BASE_READ))])
def search_programs(session: CurrentSession, outer: OuterWork, query: SearchText = "", form: Choice = "",
                    municipality_id: IdFilter = "", page_token: PageToken = "",
                    page_size: Annotated[int, Query(ge=1, le=100)] = 20) -> SearchProgramsResponseRead:
    """Поиск в региональной базе программ: по названию, аннотации, организации и муниципалитету, по форме."""
    return outer.search_programs(session.principal, query=query, form=form, municipality_id=municipality_id,
                                 page_size=page_size, page_token=page_token)


@router.get("/program-base/{document_id}", response_model=PublishedProgramRead,
            dependencies=[Depends(allowed(Action.PROGRAM_BASE_READ))])
def published_program(document_id: Id, session: CurrentSession, outer: OuterWork) -> PublishedProgramRead:
    return outer.published_program(session.principal, document_id)


# -- 6. agreements -----------------------------------------------------------------------------------------------

@router.post("/agreements", status_code=201, response_model=CooperationAgreementRead,
             dependencies=[Depends(allowed(Action.AGREEMENT_MANAGE))])
def create_agreement(body: AgreementIn, session: ChangingSession, outer: OuterWork) -> CooperationAgreementRead:
    """Внести соглашение о сотрудничестве (004 Прил. 2 п.1.6): номер, дата, стороны, срок."""
    return outer.create_agreement(session.principal, **body.model_dump())


@router.post("/agreements/{agreement_id}/end", response_model=CooperationAgreementRead,
             dependencies=[Depends(allowed(Action.AGREEMENT_MANAGE))])
def end_agreement(agreement_id: Id, body: AgreementEndIn, session: ChangingSession,
                  outer: OuterWork) -> CooperationAgreementRead:
    return outer.end_agreement(session.principal, agreement_id, ended_on=body.ended_on)


@router.get("/agreements", response_model=ListAgreementsResponseRead,
            dependencies=[Depends(allowed(Action.AGREEMENT_READ))])
def list_agreements(session: CurrentSession, outer: OuterWork,
                    active_only: bool = False) -> ListAgreementsResponseRead:
    return outer.list_agreements(session.principal, active_only=active_only)


@router.put("/mentors/{mentor_id}/cooperation-agreement", response_model=MentorAgreementLinkRead,
            dependencies=[Depends(allowed(Action.MENTOR_REGISTER))])
def link_mentor_agreement(mentor_id: Id, body: MentorAgreementIn, session: ChangingSession,
                          outer: OuterWork) -> MentorAgreementLinkRead:
    """Договор внешнего наставника — по соглашению региона или муниципалитета: номер и дата берутся из него."""
    return outer.link_mentor_agreement(session.principal, mentor_id, agreement_id=body.agreement_id)


# -- 6. courses --------------------------------------------------------------------------------------------------

@router.post("/courses", status_code=201, response_model=TrainingCourseRead,
             dependencies=[Depends(allowed(Action.COURSE_MANAGE))])
def create_course(body: CourseIn, session: ChangingSession, outer: OuterWork) -> TrainingCourseRead:
    """Внести курс повышения квалификации наставников в график (002 п.4.3: 36 часов, ЦНППМ)."""
    return outer.create_course(session.principal, **body.model_dump())


@router.get("/courses", response_model=ListCoursesResponseRead, dependencies=[Depends(allowed(Action.COURSE_READ))])
def list_courses(session: CurrentSession, outer: OuterWork, upcoming_only: bool = False) -> ListCoursesResponseRead:
    """График курсов с заявленными местами по школам в пределах вашей зоны (только числа)."""
    return outer.list_courses(session.principal, upcoming_only=upcoming_only)


@router.put("/courses/{course_id}/seats", response_model=TrainingCourseRead,
            dependencies=[Depends(allowed(Action.COURSE_APPLY))])
def apply_for_course(course_id: Id, body: SeatsIn, session: ChangingSession, outer: OuterWork) -> TrainingCourseRead:
    """Заявка муниципалитета на курс: число мест для каждой школы (0 — снять заявку школы)."""
    seats: dict[str, int] = {}
    for school in body.schools:
        seats[school.org_id] = school.seats
    return outer.apply_for_course(session.principal, course_id, seats=seats)


@router.get("/courses/{course_id}/enrolments", response_model=CourseEnrolmentsRead,
            dependencies=[Depends(allowed(Action.COURSE_ENROL))])
def course_enrolments(course_id: Id, request: Request, session: CurrentSession,
                      outer: OuterWork) -> CourseEnrolmentsRead:
    found = outer.enrolments(session.principal, course_id)
    audit_pii_read(request, session, action=Action.COURSE_ENROL, subject="наставники на курсе",
                   records=len(found.enrolments))
    return found


@router.post("/courses/{course_id}/enrolments", status_code=201, response_model=CourseEnrolmentsRead,
             dependencies=[Depends(allowed(Action.COURSE_ENROL))])
def enrol_mentor(course_id: Id, body: EnrolmentIn, session: ChangingSession, outer: OuterWork) -> CourseEnrolmentsRead:
    """Записать своего наставника на место школы."""
    return outer.enrol_mentor(session.principal, course_id, mentor_id=body.mentor_id)


@router.post("/courses/{course_id}/enrolments/{mentor_id}/completion", response_model=CourseEnrolmentsRead,
             dependencies=[Depends(allowed(Action.COURSE_ENROL))])
def complete_course(course_id: Id, mentor_id: Id, body: CompletionIn, session: ChangingSession,
                    outer: OuterWork) -> CourseEnrolmentsRead:
    """Отметить окончание курса: запись появляется в «обучении» карточки наставника."""
    return outer.complete_course(session.principal, course_id, mentor_id=mentor_id, completed_on=body.completed_on)


# -- 7. Школа молодого учителя -------------------------------------------------------------------------------------

@router.put("/young-teacher-school/plan", response_model=YoungTeacherPlanRead,
            dependencies=[Depends(allowed(Action.YOUNG_TEACHER_PLAN))])
def save_young_teacher_plan(body: YoungTeacherPlanIn, session: ChangingSession,
                            outer: OuterWork) -> YoungTeacherPlanRead:
    """План занятий ШМУ муниципалитета на 3 года (002 §6.5): месяц и тема каждого занятия."""
    return outer.save_young_teacher_plan(session.principal, first_year=body.first_year,
                                         sessions=[(s.month, s.topic) for s in body.sessions])


@router.get("/young-teacher-school/plan", response_model=YoungTeacherPlanRead,
            dependencies=[Depends(allowed(Action.YOUNG_TEACHER_READ))])
def young_teacher_plan(session: CurrentSession, outer: OuterWork,
                       municipality_id: IdFilter = "") -> YoungTeacherPlanRead:
    """План ШМУ и посещаемость по школам (числа); региону — по выбранному муниципалитету."""
    return outer.young_teacher_plan(session.principal, municipality_id=municipality_id)


@router.post("/young-teacher-school/sessions/{session_id}/held", response_model=YoungTeacherPlanRead,
             dependencies=[Depends(allowed(Action.YOUNG_TEACHER_PLAN))])
def record_session_held(session_id: Id, body: SessionHeldIn, session: ChangingSession,
                        outer: OuterWork) -> YoungTeacherPlanRead:
    return outer.record_session_held(session.principal, session_id, held_on=body.held_on)


@router.get("/young-teacher-school/sessions/{session_id}/attendance", response_model=SessionAttendanceRead,
            dependencies=[Depends(allowed(Action.YOUNG_TEACHER_ATTENDANCE))])
def session_attendance(session_id: Id, request: Request, session: CurrentSession,
                       outer: OuterWork) -> SessionAttendanceRead:
    found = outer.attendance(session.principal, session_id)
    audit_pii_read(request, session, action=Action.YOUNG_TEACHER_ATTENDANCE, subject="посещение ШМУ",
                   records=len(found.attendees))
    return found


@router.put("/young-teacher-school/sessions/{session_id}/attendance", response_model=SessionAttendanceRead,
            dependencies=[Depends(allowed(Action.YOUNG_TEACHER_ATTENDANCE))])
def mark_attendance(session_id: Id, body: AttendanceIn, session: ChangingSession,
                    outer: OuterWork) -> SessionAttendanceRead:
    """Отметить своих педагогов, посетивших занятие (список заменяет прежний)."""
    return outer.mark_attendance(session.principal, session_id, person_ids=body.person_ids)


# -- 8. risks ----------------------------------------------------------------------------------------------------

@router.get("/risks", response_model=GetRiskSignalsResponseRead, dependencies=[Depends(allowed(Action.RISK_READ))])
def risk_signals(session: CurrentSession, risks: RiskSignals) -> GetRiskSignalsResponseRead:
    """Сигналы шести рисков 004 §VI по школам — из чисел, без ФИО."""
    return risks.risk_signals(session.principal)


@router.get("/risks/mitigations", response_model=ListMitigationsResponseRead,
            dependencies=[Depends(allowed(Action.RISK_READ))])
def mitigations(session: CurrentSession, outer: OuterWork, org_id: IdFilter = "") -> ListMitigationsResponseRead:
    return outer.mitigations(session.principal, org_id=org_id)


@router.post("/risks/mitigations", status_code=201, response_model=MitigationRead,
             dependencies=[Depends(allowed(Action.RISK_MITIGATE))])
def add_mitigation(body: MitigationIn, session: ChangingSession, outer: OuterWork) -> MitigationRead:
    """Запись в журнал мер по риску школы: кто, когда, что сделано."""
    return outer.add_mitigation(session.principal, org_id=body.org_id, risk=body.risk, text=body.text)
