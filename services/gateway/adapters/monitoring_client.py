"""Monitoring as the gateway uses it: the pairs' work — meetings with the diary, the calendar plan, overdue marks.
Replies are read models of :mod:`gateway.adapters.monitoring_reads`."""

from __future__ import annotations

import grpc

from gateway.adapters.evaluation_reads import (
    EvaluationSheetRead,
    ListEvaluationsResponseRead,
    MentorEvidenceRead,
    PairOutcomeRead,
    ProgramEvaluationRead,
)
from gateway.adapters.monitoring_reads import (
    GroupMeetingRead,
    GroupWorkRead,
    HalfYearRead,
    ListDueWorkResponseRead,
    ListGroupsResponseRead,
    ListPairsResponseRead,
    ListReportsDueResponseRead,
    MeetingRead,
    MentorReportRead,
    PairReportsRead,
    PairWorkRead,
    PlanDocumentRead,
    PlannedMeetingRead,
    SchoolSettingsRead,
)
from gateway.adapters.service_clients import _Client
from mentorship.monitoring.v1 import (
    evaluation_pb2,
    evaluation_pb2_grpc,
    groups_pb2,
    groups_pb2_grpc,
    monitoring_pb2_grpc,
    participants_pb2_grpc,
    reminders_pb2,
    reminders_pb2_grpc,
)
from mentorship.monitoring.v1 import monitoring_pb2 as pb
from mentorship.monitoring.v1 import participants_pb2 as ppb
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal


class MonitoringClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._work = monitoring_pb2_grpc.PairWorkServiceStub(channel)
        self._evaluation = evaluation_pb2_grpc.ProgramEvaluationServiceStub(channel)
        self._reminders = reminders_pb2_grpc.ReminderServiceStub(channel)
        self._groups = groups_pb2_grpc.GroupWorkServiceStub(channel)
        self._due = participants_pb2_grpc.ReportsDueServiceStub(channel)

    def group_work(self, p: Principal, group_id: str) -> GroupWorkRead:
        return GroupWorkRead.of(self._call(self._groups.GetGroupWork, groups_pb2.GetGroupWorkRequest(group_id=group_id),
                                           p))

    def list_groups(self, p: Principal, *, overdue_only: bool = False) -> ListGroupsResponseRead:
        """The caller's groups with their overdue marks (a mentor's login: his own groups)."""
        return ListGroupsResponseRead.of(self._call(self._groups.ListGroups,
                                                    groups_pb2.ListGroupsRequest(overdue_only=overdue_only), p))

    def record_group_meeting(self, p: Principal, group_id: str, *, kind: str, held_on: str, format: str, topic: str,
                             duration_minutes: int, attendance: dict[str, bool], outcome: str = "",
                             next_step: str = "", diary: str = "") -> GroupMeetingRead:
        request = groups_pb2.RecordGroupMeetingRequest(
            group_id=group_id, kind=kind, held_on=held_on, format=format, topic=topic,
            duration_minutes=duration_minutes, outcome=outcome, next_step=next_step, diary=diary,
            attendance=[groups_pb2.Attendance(mentee_id=m, present=v) for m, v in attendance.items()])
        return GroupMeetingRead.of(self._call(self._groups.RecordGroupMeeting, request, p))

    def due_work(self, p: Principal) -> ListDueWorkResponseRead:
        """Reports due and plans awaiting agreement of the caller's school (labels carry no names)."""
        return ListDueWorkResponseRead.of(self._call(self._reminders.ListDueWork, reminders_pb2.ListDueWorkRequest(),
                                                     p))

    def reports_due(self, p: Principal) -> ListReportsDueResponseRead:
        """Ended reporting periods of the caller's active pairs without a mentor's report (ADR 010)."""
        return ListReportsDueResponseRead.of(self._call(self._due.ListReportsDue, ppb.ListReportsDueRequest(), p))

    def list_pairs(self, p: Principal, *, overdue_only: bool = False) -> ListPairsResponseRead:
        return ListPairsResponseRead.of(self._call(self._work.ListPairs,
                                                   pb.ListPairsRequest(overdue_only=overdue_only), p))

    def pair_work(self, p: Principal, pair_id: str) -> PairWorkRead:
        return PairWorkRead.of(self._call(self._work.GetPairWork, pb.GetPairWorkRequest(pair_id=pair_id), p))

    def record_meeting(self, p: Principal, pair_id: str, *, kind: str, held_on: str, format: str, topic: str,
                       duration_minutes: int, participants: str = "", outcome: str = "", next_step: str = "",
                       diary: str = "", planned_id: str = "") -> MeetingRead:
        request = pb.RecordMeetingRequest(
            pair_id=pair_id, kind=kind, held_on=held_on, format=format, topic=topic,
            duration_minutes=duration_minutes, participants=participants, outcome=outcome, next_step=next_step,
            diary=diary, planned_id=planned_id)
        return MeetingRead.of(self._call(self._work.RecordMeeting, request, p))

    def plan_meeting(self, p: Principal, pair_id: str, *, kind: str, planned_on: str,
                     topic: str = "") -> PlannedMeetingRead:
        request = pb.PlanMeetingRequest(pair_id=pair_id, kind=kind, planned_on=planned_on, topic=topic)
        return PlannedMeetingRead.of(self._call(self._work.PlanMeeting, request, p))

    def school_settings(self, p: Principal) -> SchoolSettingsRead:
        return SchoolSettingsRead.of(self._call(self._work.GetSchoolSettings, pb.GetSchoolSettingsRequest(), p))

    def update_school_settings(self, p: Principal, *, no_meeting_weeks: int,
                               reminder_emails: list[str] | None = None) -> SchoolSettingsRead:
        return SchoolSettingsRead.of(self._call(self._work.UpdateSchoolSettings,
                                                pb.UpdateSchoolSettingsRequest(
            no_meeting_weeks=no_meeting_weeks, reminder_emails=reminder_emails or [],
            keep_reminder_emails=reminder_emails is None), p))

    def plan_document(self, p: Principal, pair_id: str) -> PlanDocumentRead:
        return PlanDocumentRead.of(self._call(self._work.GetPlanDocument,
                                              pb.GetPlanDocumentRequest(pair_id=pair_id), p))

    def save_plan_document(self, p: Principal, pair_id: str, *, term_start: str, term_end: str,
                           deficits: list[str], final_product: str,
                           items: list[dict[str, str]]) -> PlanDocumentRead:
        request = pb.SavePlanDocumentRequest(
            pair_id=pair_id, term_start=term_start, term_end=term_end, deficits=deficits,
            final_product=final_product, items=[pb.PlanItemDraft(**item) for item in items])
        return PlanDocumentRead.of(self._call(self._work.SavePlanDocument, request, p))

    def agree_plan_document(self, p: Principal, pair_id: str, *, party: str, version: int) -> PlanDocumentRead:
        request = pb.AgreePlanDocumentRequest(pair_id=pair_id, party=party, version=version)
        return PlanDocumentRead.of(self._call(self._work.AgreePlanDocument, request, p))

    def record_plan_progress(self, p: Principal, pair_id: str, *, item_id: str, progress: str, on: str,
                             note: str = "") -> PlanDocumentRead:
        request = pb.RecordPlanProgressRequest(pair_id=pair_id, item_id=item_id, progress=progress, on=on, note=note)
        return PlanDocumentRead.of(self._call(self._work.RecordPlanProgress, request, p))

    def pair_reports(self, p: Principal, pair_id: str) -> PairReportsRead:
        return PairReportsRead.of(self._call(self._work.ListPairReports, pb.GetPairWorkRequest(pair_id=pair_id), p))

    def submit_report(self, p: Principal, pair_id: str, *, period_number: int, done: str, results: str = "",
                      difficulties: str = "", plans: str = "") -> MentorReportRead:
        request = pb.SubmitReportRequest(pair_id=pair_id, period_number=period_number, done=done, results=results,
                                         difficulties=difficulties, plans=plans)
        return MentorReportRead.of(self._call(self._work.SubmitReport, request, p))

    def half_year(self, p: Principal, *, year: int, half: int) -> HalfYearRead:
        return HalfYearRead.of(self._call(self._work.GetHalfYear, pb.HalfYearRequest(year=year, half=half), p))

    # The program evaluation (001 §6), the student mentees' outcomes (3.5 / 3.6) and a mentor's evidence (ADR 013).
    def evaluation_sheet(self, p: Principal, *, period: str) -> EvaluationSheetRead:
        return EvaluationSheetRead.of(self._call(self._evaluation.GetEvaluationSheet,
                                                 evaluation_pb2.EvaluationSheetRequest(period=period), p))

    def complete_evaluation(self, p: Principal, *, period: str, scores: dict[str, int], notes: dict[str, str],
                            commission: str, reason: str = "", based_on_version: int = 0) -> ProgramEvaluationRead:
        request = evaluation_pb2.CompleteEvaluationRequest(
            period=period, commission=commission, reason=reason, based_on_version=based_on_version,
            scores=[evaluation_pb2.CriterionScore(criterion=k, score=v, note=notes.get(k, ""))
                    for k, v in scores.items()])
        return ProgramEvaluationRead.of(self._call(self._evaluation.CompleteEvaluation, request, p))

    def evaluations(self, p: Principal) -> ListEvaluationsResponseRead:
        return ListEvaluationsResponseRead.of(self._call(self._evaluation.ListEvaluations,
                                                         evaluation_pb2.ListEvaluationsRequest(), p))

    def pair_outcome(self, p: Principal, pair_id: str) -> PairOutcomeRead:
        return PairOutcomeRead.of(self._call(self._evaluation.GetPairOutcome,
                                             evaluation_pb2.PairOutcomeRequest(pair_id=pair_id), p))

    def record_pair_outcome(self, p: Principal, pair_id: str, *, academic_improved: bool, contest_prepared: bool,
                            note: str = "", management_reserve: bool = False, project_lead: bool = False,
                            pro_contest: bool = False) -> PairOutcomeRead:
        request = evaluation_pb2.RecordPairOutcomeRequest(pair_id=pair_id, academic_improved=academic_improved,
                                                          contest_prepared=contest_prepared, note=note,
                                                          management_reserve=management_reserve,
                                                          project_lead=project_lead, pro_contest=pro_contest)
        return PairOutcomeRead.of(self._call(self._evaluation.RecordPairOutcome, request, p))

    def mentor_evidence(self, p: Principal, mentor_id: str) -> MentorEvidenceRead:
        return MentorEvidenceRead.of(self._call(self._evaluation.GetMentorEvidence,
                                                evaluation_pb2.MentorEvidenceRequest(mentor_id=mentor_id), p))
