"""gRPC servicer of monitoring: messages in, use cases with the caller's unit of work, messages out."""

from __future__ import annotations

from typing import TypeAlias

import grpc

from mentorship.monitoring.v1 import monitoring_pb2 as pb
from mentorship.monitoring.v1 import monitoring_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from monitoring.adapters import codec
from monitoring.service_layer import plan_handlers, report_handlers, work_handlers
from monitoring.service_layer.unit_of_work import UnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


class PairWorkServicer(ServicerBase[UnitOfWork], monitoring_pb2_grpc.PairWorkServiceServicer):
    def ListPairs(self, request: pb.ListPairsRequest, context: Ctx) -> pb.ListPairsResponse:
        views, weeks = work_handlers.list_pairs(self.uow(), overdue_only=request.overdue_only)
        return pb.ListPairsResponse(pairs=[codec.pair_msg(v) for v in views], no_meeting_weeks=weeks)

    def GetPairWork(self, request: pb.GetPairWorkRequest, context: Ctx) -> pb.PairWork:
        return codec.work_msg(work_handlers.pair_work(request.pair_id, self.uow()))

    def RecordMeeting(self, request: pb.RecordMeetingRequest, context: Ctx) -> pb.Meeting:
        return codec.meeting_msg(work_handlers.record_meeting(codec.record_command(request), self.uow()))

    def PlanMeeting(self, request: pb.PlanMeetingRequest, context: Ctx) -> pb.PlannedMeeting:
        return codec.planned_msg(work_handlers.plan_meeting(codec.plan_command(request), self.uow()))

    def GetSchoolSettings(self, request: pb.GetSchoolSettingsRequest, context: Ctx) -> pb.SchoolSettings:
        weeks, emails = work_handlers.school_settings(self.uow())
        return pb.SchoolSettings(no_meeting_weeks=weeks, reminder_emails=emails)

    def UpdateSchoolSettings(self, request: pb.UpdateSchoolSettingsRequest, context: Ctx) -> pb.SchoolSettings:
        emails = None if request.keep_reminder_emails else list(request.reminder_emails)
        weeks, kept = work_handlers.set_school_settings(request.no_meeting_weeks, emails, self.uow())
        return pb.SchoolSettings(no_meeting_weeks=weeks, reminder_emails=kept)

    def GetPlanDocument(self, request: pb.GetPlanDocumentRequest, context: Ctx) -> pb.PlanDocument:
        return codec.plan_msg(plan_handlers.plan_document(request.pair_id, self.uow()))

    def SavePlanDocument(self, request: pb.SavePlanDocumentRequest, context: Ctx) -> pb.PlanDocument:
        return codec.plan_msg(plan_handlers.save_draft(
            request.pair_id, self.uow(), term_start=request.term_start, term_end=request.term_end,
            deficits=list(request.deficits), final_product=request.final_product, items=codec.item_drafts(request)))

    def AgreePlanDocument(self, request: pb.AgreePlanDocumentRequest, context: Ctx) -> pb.PlanDocument:
        return codec.plan_msg(plan_handlers.agree_plan(request.pair_id, self.uow(), party=request.party,
                                                       version=request.version))

    def RecordPlanProgress(self, request: pb.RecordPlanProgressRequest, context: Ctx) -> pb.PlanDocument:
        return codec.plan_msg(plan_handlers.plan_progress(request.pair_id, self.uow(), item_id=request.item_id,
                                                          progress=request.progress, on=request.on,
                                                          note=request.note))

    def ListPairReports(self, request: pb.GetPairWorkRequest, context: Ctx) -> pb.PairReports:
        return codec.reports_msg(request.pair_id, report_handlers.pair_reports(request.pair_id, self.uow()))

    def SubmitReport(self, request: pb.SubmitReportRequest, context: Ctx) -> pb.MentorReport:
        texts = {"done": request.done, "results": request.results, "difficulties": request.difficulties,
                 "plans": request.plans}
        return codec.report_msg(report_handlers.submit_report(request.pair_id, request.period_number, texts,
                                                              self.uow()))

    def GetHalfYear(self, request: pb.HalfYearRequest, context: Ctx) -> pb.HalfYear:
        return codec.half_year_msg(report_handlers.half_year_summary(request.year, request.half, self.uow()))
