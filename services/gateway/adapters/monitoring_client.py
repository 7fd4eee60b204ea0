"""Monitoring as the gateway uses it: the pairs' work — meetings with the diary, the calendar plan, overdue marks.
Replies are read models of :mod:`gateway.adapters.monitoring_reads`."""

from __future__ import annotations

import grpc

from gateway.adapters.monitoring_reads import (
    HalfYearRead,
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
from mentorship.monitoring.v1 import monitoring_pb2 as pb
from mentorship.monitoring.v1 import monitoring_pb2_grpc, participants_pb2_grpc
from mentorship.monitoring.v1 import participants_pb2 as ppb
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal


class MonitoringClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._work = monitoring_pb2_grpc.PairWorkServiceStub(channel)
        self._due = participants_pb2_grpc.ReportsDueServiceStub(channel)

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
