"""Read models of monitoring as :mod:`gateway.adapters.monitoring_client` returns them (the convention:
:mod:`gateway.adapters.proto_json`). Meetings and the diary are personal data of the school's inner contour."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.monitoring.v1 import groups_pb2, reminders_pb2
from mentorship.monitoring.v1 import monitoring_pb2 as pb
from mentorship.monitoring.v1 import participants_pb2 as ppb


class MonitoredPairRead(ReadModel):
    contract = pb.MonitoredPair
    pair_id: str
    mentor_id: str
    mentee_id: str
    form: str
    kind: str
    term_start: str
    term_end: str
    status: str
    meetings_held: int
    last_meeting_on: str
    overdue: list[str]


class MeetingRead(ReadModel):
    contract = pb.Meeting
    id: str
    pair_id: str
    kind: str
    held_on: str
    format: str
    topic: str
    duration_minutes: int
    participants: str
    outcome: str
    next_step: str
    diary: str
    planned_id: str
    recorded_by: str
    recorded_at: str


class PlannedMeetingRead(ReadModel):
    contract = pb.PlannedMeeting
    id: str
    pair_id: str
    kind: str
    planned_on: str
    topic: str
    held_meeting_id: str


class PairWorkRead(ReadModel):
    contract = pb.PairWork
    pair: MonitoredPairRead | None = None
    meetings: list[MeetingRead]
    plan: list[PlannedMeetingRead]
    no_meeting_weeks: int


class ListPairsResponseRead(ReadModel):
    contract = pb.ListPairsResponse
    pairs: list[MonitoredPairRead]
    no_meeting_weeks: int


class SchoolSettingsRead(ReadModel):
    contract = pb.SchoolSettings
    no_meeting_weeks: int
    reminder_emails: list[str]


class PlanItemRead(ReadModel):
    contract = pb.PlanItem
    id: str
    title: str
    due_on: str
    expected_product: str
    progress: str
    progress_on: str
    progress_note: str
    progress_by: str


class PlanAgreementRead(ReadModel):
    contract = pb.PlanAgreement
    party: str
    recorded_by: str
    recorded_at: str


class PlanDocumentRead(ReadModel):
    """A teacher's personalised program (kind ``program``) or a student's development plan; version 0: not drafted."""

    contract = pb.PlanDocument
    pair_id: str
    kind: str
    version: int
    term_start: str
    term_end: str
    deficits: list[str]
    final_product: str
    items: list[PlanItemRead]
    agreements: list[PlanAgreementRead]
    agreed: bool
    drafted_by: str
    updated_at: str


class MentorReportRead(ReadModel):
    contract = pb.MentorReport
    id: str
    pair_id: str
    period_number: int
    period_start: str
    period_end: str
    done: str
    results: str
    difficulties: str
    plans: str
    submitted_by: str
    submitted_at: str


class ReportPeriodRead(ReadModel):
    contract = pb.ReportPeriod
    number: int
    start: str
    end: str
    due: bool
    meetings: list[MeetingRead]
    report: MentorReportRead | None = None


class PairReportsRead(ReadModel):
    contract = pb.PairReports
    pair_id: str
    schedule: str
    periods: list[ReportPeriodRead]


class FormCountsRead(ReadModel):
    contract = pb.FormCounts
    form: str
    active: int
    completed: int
    closed: int


class HalfYearRead(ReadModel):
    contract = pb.HalfYear
    year: int
    half: int
    start: str
    end: str
    forms: list[FormCountsRead]
    meetings_held: int
    pairs_overdue: int
    reports_due: int
    reports_submitted: int


class WorkReminderRead(ReadModel):
    contract = reminders_pb2.WorkReminder
    kind: str
    pair_id: str
    condition: str
    label: str


class ListDueWorkResponseRead(ReadModel):
    contract = reminders_pb2.ListDueWorkResponse
    reminders: list[WorkReminderRead]


class AttendanceRead(ReadModel):
    contract = groups_pb2.Attendance
    mentee_id: str
    present: bool = False


class GroupMeetingRead(ReadModel):
    contract = groups_pb2.GroupMeeting
    id: str
    group_id: str
    kind: str
    held_on: str
    format: str
    topic: str
    duration_minutes: int
    outcome: str
    next_step: str
    diary: str
    attendance: list[AttendanceRead]
    recorded_by: str
    recorded_at: str


class MonitoredGroupRead(ReadModel):
    contract = groups_pb2.MonitoredGroup
    group_id: str
    form: str
    kind: str
    term_start: str
    term_end: str
    status: str
    reporting: str
    mentor_ids: list[str]
    member_ids: list[str]
    meetings_held: int
    last_meeting_on: str
    overdue: list[str]


class GroupWorkRead(ReadModel):
    contract = groups_pb2.GroupWork
    group: MonitoredGroupRead | None = None
    meetings: list[GroupMeetingRead]
    no_meeting_weeks: int


class ListGroupsResponseRead(ReadModel):
    contract = groups_pb2.ListGroupsResponse
    groups: list[MonitoredGroupRead]
    no_meeting_weeks: int


class ReportDueRead(ReadModel):
    contract = ppb.ReportDue
    pair_id: str
    period_number: int
    period_end: str


class ListReportsDueResponseRead(ReadModel):
    contract = ppb.ListReportsDueResponse
    reports: list[ReportDueRead]
