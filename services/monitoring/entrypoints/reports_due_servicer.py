"""gRPC servicer of the reports due (ADR 010): what a mentor who signs in, or the school's staff, has to file."""

from __future__ import annotations

from typing import TypeAlias

import grpc

from mentorship.monitoring.v1 import participants_pb2 as pb
from mentorship.monitoring.v1 import participants_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from monitoring.service_layer import report_handlers
from monitoring.service_layer.unit_of_work import UnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


class ReportsDueServicer(ServicerBase[UnitOfWork], participants_pb2_grpc.ReportsDueServiceServicer):
    def ListReportsDue(self, request: pb.ListReportsDueRequest, context: Ctx) -> pb.ListReportsDueResponse:
        due = report_handlers.reports_due(self.uow())
        return pb.ListReportsDueResponse(reports=[
            pb.ReportDue(pair_id=d.pair_id, period_number=d.period.number, period_end=d.period.end.isoformat())
            for d in due])
