"""The outer contour's work as the gateway uses it (ADR 024): the registry's ``OuterWorkService`` and reporting's
``RiskSignalsService``. Replies are read models of :mod:`gateway.adapters.outer_work_reads`."""

from __future__ import annotations

import grpc

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
from gateway.adapters.service_clients import _Client
from mentorship.registry.v1 import outer_work_pb2 as pb
from mentorship.registry.v1 import outer_work_pb2_grpc
from mentorship.reporting.v1 import risks_pb2, risks_pb2_grpc
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal


class OuterWorkClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._stub = outer_work_pb2_grpc.OuterWorkServiceStub(channel)

    # -- the regional base of programs
    def publish_program(self, p: Principal, document_id: str, *, forms: list[str],
                        summary: str) -> PublishedProgramRead:
        request = pb.PublishProgramRequest(document_id=document_id, forms=forms, summary=summary)
        return PublishedProgramRead.of(self._call(self._stub.PublishProgram, request, p))

    def unpublish_program(self, p: Principal, document_id: str) -> None:
        self._call(self._stub.UnpublishProgram, pb.ProgramRef(document_id=document_id), p)

    def search_programs(self, p: Principal, *, query: str = "", form: str = "", municipality_id: str = "",
                        page_size: int = 20, page_token: str = "") -> SearchProgramsResponseRead:
        request = pb.SearchProgramsRequest(query=query, form=form, municipality_id=municipality_id,
                                           page_size=page_size, page_token=page_token)
        return SearchProgramsResponseRead.of(self._call(self._stub.SearchPrograms, request, p))

    def published_program(self, p: Principal, document_id: str) -> PublishedProgramRead:
        reply = self._call(self._stub.GetPublishedProgram, pb.ProgramRef(document_id=document_id), p)
        return PublishedProgramRead.of(reply)

    # -- agreements
    def create_agreement(self, p: Principal, *, number: str, signed_on: str, kind: str, parties: list[str],
                         subject: str, valid_from: str, valid_until: str) -> CooperationAgreementRead:
        request = pb.CreateAgreementRequest(number=number, signed_on=signed_on, kind=kind, parties=parties,
                                            subject=subject, valid_from=valid_from, valid_until=valid_until)
        return CooperationAgreementRead.of(self._call(self._stub.CreateAgreement, request, p))

    def end_agreement(self, p: Principal, agreement_id: str, *, ended_on: str) -> CooperationAgreementRead:
        request = pb.EndAgreementRequest(agreement_id=agreement_id, ended_on=ended_on)
        return CooperationAgreementRead.of(self._call(self._stub.EndAgreement, request, p))

    def list_agreements(self, p: Principal, *, active_only: bool = False) -> ListAgreementsResponseRead:
        reply = self._call(self._stub.ListAgreements, pb.ListAgreementsRequest(active_only=active_only), p)
        return ListAgreementsResponseRead.of(reply)

    def link_mentor_agreement(self, p: Principal, mentor_id: str, *, agreement_id: str) -> MentorAgreementLinkRead:
        request = pb.LinkMentorAgreementRequest(mentor_id=mentor_id, agreement_id=agreement_id)
        return MentorAgreementLinkRead.of(self._call(self._stub.LinkMentorAgreement, request, p))

    # -- courses
    def create_course(self, p: Principal, *, title: str, hours: int, provider: str, study_form: str,
                      starts_on: str, ends_on: str, seats: int) -> TrainingCourseRead:
        request = pb.CreateCourseRequest(title=title, hours=hours, provider=provider, study_form=study_form,
                                         starts_on=starts_on, ends_on=ends_on, seats=seats)
        return TrainingCourseRead.of(self._call(self._stub.CreateCourse, request, p))

    def list_courses(self, p: Principal, *, upcoming_only: bool = False) -> ListCoursesResponseRead:
        reply = self._call(self._stub.ListCourses, pb.ListCoursesRequest(upcoming_only=upcoming_only), p)
        return ListCoursesResponseRead.of(reply)

    def apply_for_course(self, p: Principal, course_id: str, *, seats: dict[str, int]) -> TrainingCourseRead:
        request = pb.ApplyForCourseRequest(course_id=course_id, schools=[
            pb.SchoolSeats(org_id=org_id, seats=n) for org_id, n in seats.items()])
        return TrainingCourseRead.of(self._call(self._stub.ApplyForCourse, request, p))

    def enrolments(self, p: Principal, course_id: str) -> CourseEnrolmentsRead:
        reply = self._call(self._stub.ListEnrolments, pb.CourseRef(course_id=course_id), p)
        return CourseEnrolmentsRead.of(reply)

    def enrol_mentor(self, p: Principal, course_id: str, *, mentor_id: str) -> CourseEnrolmentsRead:
        request = pb.EnrolMentorRequest(course_id=course_id, mentor_id=mentor_id)
        return CourseEnrolmentsRead.of(self._call(self._stub.EnrolMentor, request, p))

    def complete_course(self, p: Principal, course_id: str, *, mentor_id: str,
                        completed_on: str) -> CourseEnrolmentsRead:
        request = pb.CompleteCourseRequest(course_id=course_id, mentor_id=mentor_id, completed_on=completed_on)
        return CourseEnrolmentsRead.of(self._call(self._stub.CompleteCourse, request, p))

    # -- Школа молодого учителя
    def save_young_teacher_plan(self, p: Principal, *, first_year: int,
                                sessions: list[tuple[str, str]]) -> YoungTeacherPlanRead:
        request = pb.SaveYoungTeacherPlanRequest(first_year=first_year, sessions=[
            pb.PlannedSession(month=m, topic=t) for m, t in sessions])
        return YoungTeacherPlanRead.of(self._call(self._stub.SaveYoungTeacherPlan, request, p))

    def young_teacher_plan(self, p: Principal, *, municipality_id: str = "") -> YoungTeacherPlanRead:
        request = pb.GetYoungTeacherPlanRequest(municipality_id=municipality_id)
        return YoungTeacherPlanRead.of(self._call(self._stub.GetYoungTeacherPlan, request, p))

    def record_session_held(self, p: Principal, session_id: str, *, held_on: str) -> YoungTeacherPlanRead:
        request = pb.RecordSessionHeldRequest(session_id=session_id, held_on=held_on)
        return YoungTeacherPlanRead.of(self._call(self._stub.RecordSessionHeld, request, p))

    def attendance(self, p: Principal, session_id: str) -> SessionAttendanceRead:
        reply = self._call(self._stub.GetAttendance, pb.SessionRef(session_id=session_id), p)
        return SessionAttendanceRead.of(reply)

    def mark_attendance(self, p: Principal, session_id: str, *, person_ids: list[str]) -> SessionAttendanceRead:
        request = pb.MarkAttendanceRequest(session_id=session_id, person_ids=person_ids)
        return SessionAttendanceRead.of(self._call(self._stub.MarkAttendance, request, p))

    # -- risks: the mitigation log is the registry's
    def add_mitigation(self, p: Principal, *, org_id: str, risk: str, text: str) -> MitigationRead:
        request = pb.AddMitigationRequest(org_id=org_id, risk=risk, text=text)
        return MitigationRead.of(self._call(self._stub.AddMitigation, request, p))

    def mitigations(self, p: Principal, *, org_id: str = "") -> ListMitigationsResponseRead:
        reply = self._call(self._stub.ListMitigations, pb.ListMitigationsRequest(org_id=org_id), p)
        return ListMitigationsResponseRead.of(reply)


class RiskSignalsClient(_Client):
    """Reporting's risk signals per school (counts only)."""

    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._stub = risks_pb2_grpc.RiskSignalsServiceStub(channel)

    def risk_signals(self, p: Principal) -> GetRiskSignalsResponseRead:
        reply = self._call(self._stub.GetRiskSignals, risks_pb2.GetRiskSignalsRequest(), p)
        return GetRiskSignalsResponseRead.of(reply)
