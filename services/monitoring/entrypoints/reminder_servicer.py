"""gRPC servicer of the school's work reminders (reports due, plans awaiting agreement) for «На сегодня»."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import grpc

from mentorship.monitoring.v1 import reminders_pb2 as pb
from mentorship.monitoring.v1 import reminders_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from monitoring.service_layer.reminders import due_work
from monitoring.service_layer.unit_of_work import UnitOfWork


def _today() -> datetime:
    return datetime.now(UTC)


class ReminderServicer(ServicerBase[UnitOfWork], reminders_pb2_grpc.ReminderServiceServicer):
    clock: Callable[[], datetime] = staticmethod(_today)

    def ListDueWork(self, request: pb.ListDueWorkRequest, context: grpc.ServicerContext) -> pb.ListDueWorkResponse:
        due = due_work(self.uow(), today=self.clock().date())
        return pb.ListDueWorkResponse(reminders=[
            pb.WorkReminder(kind=r.kind, pair_id=r.pair_id, condition=r.condition, label=r.label) for r in due])
