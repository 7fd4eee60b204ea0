"""gRPC entry point of the outer contour's work (outer_work.proto, ADR 024): messages in, use cases, messages out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, TypeAlias

import grpc

from mentorship.registry.v1 import outer_work_pb2 as pb
from mentorship.registry.v1 import outer_work_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from registry.domain.outer_work import Agreement
from registry.service_layer import outer_work_handlers as h

Ctx: TypeAlias = grpc.ServicerContext


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _moment(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


def _program(r: Any, *, sections: bool) -> pb.PublishedProgram:
    return pb.PublishedProgram(
        document_id=r.document_id, org_id=r.org_id, municipality_id=r.municipality_id, title=r.title,
        forms=list(r.forms), summary=r.summary, organisation_name=r.organisation_name,
        municipality_name=r.municipality_name, approved_version=r.approved_version,
        approved_at=_moment(r.approved_at), published_at=_moment(r.published_at),
        sections=[pb.PublishedSection(**s) for s in r.sections] if sections else [])


def _agreement(a: Agreement) -> pb.CooperationAgreement:
    return pb.CooperationAgreement(
        id=a.id, municipality_id=a.municipality_id or "", number=a.number, signed_on=_day(a.signed_on),
        kind=a.kind.value, parties=list(a.parties), subject=a.subject, valid_from=_day(a.valid_from),
        valid_until=_day(a.valid_until), state=a.state(datetime.now(UTC).date()).value, ended_on=_day(a.ended_on),
        created_at=_moment(a.created_at))


def _course(view: h.CourseView) -> pb.TrainingCourse:
    c = view.course
    schools = [pb.SchoolSeats(org_id=s.org_id, organisation_name=s.organisation_name or "", seats=s.seats,
                              enrolled=s.enrolled, completed=s.completed) for s in view.schools]
    return pb.TrainingCourse(
        id=c.id, title=c.title, hours=c.hours, provider=c.provider, study_form=c.study_form,
        starts_on=_day(c.starts_on), ends_on=_day(c.ends_on), seats=c.seats, schools=schools,
        seats_asked=sum(s.seats for s in schools), enrolled=sum(s.enrolled for s in schools),
        completed=sum(s.completed for s in schools))


def _enrolments(view: h.EnrolmentsView) -> pb.CourseEnrolments:
    return pb.CourseEnrolments(course=_course(view.course), seats=view.seats, enrolments=[
        pb.Enrolment(mentor_id=e.mentor_id, full_name=e.full_name, completed_on=_day(e.completed_on))
        for e in view.enrolments])


def _session(s: Any, counts: list[Any]) -> pb.YoungTeacherSession:
    mine = [c for c in counts if c.session_id == s.id]
    return pb.YoungTeacherSession(
        id=s.id, month=f"{s.month:%Y-%m}", topic=s.topic, held_on=_day(s.held_on),
        attended=sum(c.attended for c in mine),
        schools=[pb.SchoolAttendance(org_id=c.org_id, organisation_name=c.organisation_name or "",
                                     attended=c.attended) for c in mine])


def _plan(view: h.PlanView) -> pb.YoungTeacherPlan:
    return pb.YoungTeacherPlan(
        municipality_id=view.municipality_id, first_year=view.plan.first_year if view.plan else 0,
        updated_at=_moment(view.plan.updated_at) if view.plan else "",
        sessions=[_session(s, view.counts) for s in view.sessions])


def _attendance(view: h.AttendanceView) -> pb.SessionAttendance:
    return pb.SessionAttendance(session=_session(view.session, view.counts), attendees=[
        pb.Attendee(person_id=a.person_id, full_name=a.full_name) for a in view.attendees])


def _mitigation(r: Any) -> pb.Mitigation:
    get = r.get if isinstance(r, dict) else lambda k: getattr(r, k)
    return pb.Mitigation(id=get("id"), org_id=get("org_id"), risk=get("risk"), text=get("text"),
                         author_name=get("author_name"), author_role=get("author_role"), at=_moment(get("at")))


class OuterWorkServicer(ServicerBase[h.OuterWorkUnitOfWork], outer_work_pb2_grpc.OuterWorkServiceServicer):

    def PublishProgram(self, request: pb.PublishProgramRequest, context: Ctx) -> pb.PublishedProgram:
        row = h.publish_program(request.document_id, list(request.forms), request.summary, self.uow())
        return _program(row, sections=True)

    def UnpublishProgram(self, request: pb.ProgramRef, context: Ctx) -> pb.UnpublishProgramResponse:
        h.unpublish_program(request.document_id, self.uow())
        return pb.UnpublishProgramResponse()

    def SearchPrograms(self, request: pb.SearchProgramsRequest, context: Ctx) -> pb.SearchProgramsResponse:
        rows, token, total = h.search_programs(request.query, request.form, request.municipality_id,
                                               request.page_size, request.page_token, self.uow())
        return pb.SearchProgramsResponse(programs=[_program(r, sections=False) for r in rows],
                                         next_page_token=token, total=total)

    def GetPublishedProgram(self, request: pb.ProgramRef, context: Ctx) -> pb.PublishedProgram:
        return _program(h.get_published_program(request.document_id, self.uow()), sections=True)

    def CreateAgreement(self, request: pb.CreateAgreementRequest, context: Ctx) -> pb.CooperationAgreement:
        raw = {"number": request.number, "signed_on": request.signed_on, "kind": request.kind,
               "parties": list(request.parties), "subject": request.subject, "valid_from": request.valid_from,
               "valid_until": request.valid_until}
        return _agreement(h.create_agreement(raw, self.uow()))

    def EndAgreement(self, request: pb.EndAgreementRequest, context: Ctx) -> pb.CooperationAgreement:
        return _agreement(h.end_agreement(request.agreement_id, request.ended_on, self.uow()))

    def ListAgreements(self, request: pb.ListAgreementsRequest, context: Ctx) -> pb.ListAgreementsResponse:
        return pb.ListAgreementsResponse(agreements=[_agreement(a) for a in
                                                     h.list_agreements(request.active_only, self.uow())])

    def LinkMentorAgreement(self, request: pb.LinkMentorAgreementRequest, context: Ctx) -> pb.MentorAgreementLink:
        mentor, agreement = h.link_mentor_agreement(request.mentor_id, request.agreement_id, self.uow())
        return pb.MentorAgreementLink(mentor_id=mentor.id, agreement=_agreement(agreement),
                                      agreement_number=mentor.agreement_number,
                                      agreement_date=_day(mentor.agreement_date))

    def CreateCourse(self, request: pb.CreateCourseRequest, context: Ctx) -> pb.TrainingCourse:
        raw = {"title": request.title, "hours": request.hours, "provider": request.provider,
               "study_form": request.study_form, "starts_on": request.starts_on, "ends_on": request.ends_on,
               "seats": request.seats}
        return _course(h.create_course(raw, self.uow()))

    def ListCourses(self, request: pb.ListCoursesRequest, context: Ctx) -> pb.ListCoursesResponse:
        return pb.ListCoursesResponse(courses=[_course(v) for v in h.list_courses(request.upcoming_only, self.uow())])

    def ApplyForCourse(self, request: pb.ApplyForCourseRequest, context: Ctx) -> pb.TrainingCourse:
        asked: dict[str, int] = {}
        for s in request.schools:
            asked[s.org_id] = s.seats
        return _course(h.apply_for_course(request.course_id, asked, self.uow()))

    def EnrolMentor(self, request: pb.EnrolMentorRequest, context: Ctx) -> pb.CourseEnrolments:
        return _enrolments(h.enrol_mentor(request.course_id, request.mentor_id, self.uow()))

    def CompleteCourse(self, request: pb.CompleteCourseRequest, context: Ctx) -> pb.CourseEnrolments:
        return _enrolments(h.complete_course(request.course_id, request.mentor_id, request.completed_on,
                                             self.uow()))

    def ListEnrolments(self, request: pb.CourseRef, context: Ctx) -> pb.CourseEnrolments:
        return _enrolments(h.list_enrolments(request.course_id, self.uow()))

    def SaveYoungTeacherPlan(self, request: pb.SaveYoungTeacherPlanRequest, context: Ctx) -> pb.YoungTeacherPlan:
        planned = [(s.month, s.topic) for s in request.sessions]
        return _plan(h.save_young_teacher_plan(request.first_year, planned, self.uow()))

    def GetYoungTeacherPlan(self, request: pb.GetYoungTeacherPlanRequest, context: Ctx) -> pb.YoungTeacherPlan:
        return _plan(h.get_young_teacher_plan(request.municipality_id, self.uow()))

    def RecordSessionHeld(self, request: pb.RecordSessionHeldRequest, context: Ctx) -> pb.YoungTeacherPlan:
        return _plan(h.record_session_held(request.session_id, request.held_on, self.uow()))

    def MarkAttendance(self, request: pb.MarkAttendanceRequest, context: Ctx) -> pb.SessionAttendance:
        return _attendance(h.mark_attendance(request.session_id, list(request.person_ids), self.uow()))

    def GetAttendance(self, request: pb.SessionRef, context: Ctx) -> pb.SessionAttendance:
        return _attendance(h.get_attendance(request.session_id, self.uow()))

    def AddMitigation(self, request: pb.AddMitigationRequest, context: Ctx) -> pb.Mitigation:
        return _mitigation(h.add_mitigation(request.org_id, request.risk, request.text, self.uow()))

    def ListMitigations(self, request: pb.ListMitigationsRequest, context: Ctx) -> pb.ListMitigationsResponse:
        return pb.ListMitigationsResponse(mitigations=[_mitigation(r) for r in
                                                       h.list_mitigations(request.org_id, self.uow())])
