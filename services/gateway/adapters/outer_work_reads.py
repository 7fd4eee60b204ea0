"""Read models of the outer contour's work (outer_work.proto, risks.proto; ADR 024). What the outer contour gets is
documents and counts; ``EnrolmentRead`` and ``AttendeeRead`` (names) reach only the school they belong to."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.registry.v1 import outer_work_pb2 as pb
from mentorship.reporting.v1 import risks_pb2 as rpb


class PublishedSectionRead(ReadModel):
    contract = pb.PublishedSection
    key: str
    title: str
    text: str


class PublishedProgramRead(ReadModel):
    contract = pb.PublishedProgram
    document_id: str
    org_id: str
    municipality_id: str
    title: str
    forms: list[str]
    summary: str
    organisation_name: str
    municipality_name: str
    approved_version: int
    approved_at: str
    published_at: str
    sections: list[PublishedSectionRead]


class SearchProgramsResponseRead(ReadModel):
    contract = pb.SearchProgramsResponse
    programs: list[PublishedProgramRead]
    next_page_token: str
    total: int


class CooperationAgreementRead(ReadModel):
    contract = pb.CooperationAgreement
    id: str
    municipality_id: str
    number: str
    signed_on: str
    kind: str
    parties: list[str]
    subject: str
    valid_from: str
    valid_until: str
    state: str
    ended_on: str
    created_at: str


class ListAgreementsResponseRead(ReadModel):
    contract = pb.ListAgreementsResponse
    agreements: list[CooperationAgreementRead]


class MentorAgreementLinkRead(ReadModel):
    contract = pb.MentorAgreementLink
    mentor_id: str
    agreement: CooperationAgreementRead | None = None
    agreement_number: str
    agreement_date: str


class SchoolSeatsRead(ReadModel):
    contract = pb.SchoolSeats
    org_id: str
    organisation_name: str
    seats: int
    enrolled: int
    completed: int


class TrainingCourseRead(ReadModel):
    contract = pb.TrainingCourse
    id: str
    title: str
    hours: int
    provider: str
    study_form: str
    starts_on: str
    ends_on: str
    seats: int
    schools: list[SchoolSeatsRead]
    seats_asked: int
    enrolled: int
    completed: int


class ListCoursesResponseRead(ReadModel):
    contract = pb.ListCoursesResponse
    courses: list[TrainingCourseRead]


class EnrolmentRead(ReadModel):
    contract = pb.Enrolment
    mentor_id: str
    full_name: str
    completed_on: str


class CourseEnrolmentsRead(ReadModel):
    contract = pb.CourseEnrolments
    course: TrainingCourseRead | None = None
    seats: int
    enrolments: list[EnrolmentRead]


class SchoolAttendanceRead(ReadModel):
    contract = pb.SchoolAttendance
    org_id: str
    organisation_name: str
    attended: int


class YoungTeacherSessionRead(ReadModel):
    contract = pb.YoungTeacherSession
    id: str
    month: str
    topic: str
    held_on: str
    attended: int
    schools: list[SchoolAttendanceRead]


class YoungTeacherPlanRead(ReadModel):
    contract = pb.YoungTeacherPlan
    municipality_id: str
    first_year: int
    sessions: list[YoungTeacherSessionRead]
    updated_at: str


class AttendeeRead(ReadModel):
    contract = pb.Attendee
    person_id: str
    full_name: str


class SessionAttendanceRead(ReadModel):
    contract = pb.SessionAttendance
    session: YoungTeacherSessionRead | None = None
    attendees: list[AttendeeRead]


class MitigationRead(ReadModel):
    contract = pb.Mitigation
    id: str
    org_id: str
    risk: str
    text: str
    author_name: str
    author_role: str
    at: str


class ListMitigationsResponseRead(ReadModel):
    contract = pb.ListMitigationsResponse
    mitigations: list[MitigationRead]


class RiskSignalRead(ReadModel):
    contract = rpb.RiskSignal
    risk: str
    code: str
    value: int
    out_of: int


class SchoolRisksRead(ReadModel):
    contract = rpb.SchoolRisks
    unit_id: str
    unit_name: str
    parent_name: str
    signals: list[RiskSignalRead]
    raised: dict[str, int]


class GetRiskSignalsResponseRead(ReadModel):
    contract = rpb.GetRiskSignalsResponse
    schools: list[SchoolRisksRead]
    schools_raised: dict[str, int]
