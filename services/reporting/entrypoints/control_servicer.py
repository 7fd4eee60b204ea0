"""gRPC entry point of the control page's counts (``control.proto``, issue 15 item 2)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC, datetime

import grpc

from mentorship.reporting.v1 import control_pb2, control_pb2_grpc
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.grpc_server import ServicerBase
from mentorship_kit.policy import Action, require
from reporting.adapters.control_queries import municipal_states, school_rows
from reporting.domain.control_rows import ControlRow, per_municipality, school_row
from reporting.service_layer.unit_of_work import ReportingUnitOfWork


def control_rows(grouping: str, municipality_id: str, year: int,
                 uow: ReportingUnitOfWork) -> tuple[int, list[ControlRow]]:
    """The rows in the caller's reach: a municipality's schools, or the region's municipalities (or one of its
    municipalities' schools, the drill-down). Row-level security narrows every table to the caller's tier."""
    require(uow.principal, Action.CONTROL_READ)
    if grouping not in ("", "school", "municipality"):
        raise ValidationFailed([FieldProblem("grouping", "Группировка: school или municipality")])
    if municipality_id:
        try:
            municipality_id = str(uuid.UUID(municipality_id))
        except ValueError:
            raise ValidationFailed([FieldProblem("municipality_id", "Неверный идентификатор")]) from None
    now = datetime.now(UTC)
    year = year or now.year
    with uow:
        schools = school_rows(uow.session, municipality_id=municipality_id or None, year=year, today=now.date())
        if grouping == "municipality":
            return year, per_municipality(schools, municipal_states(uow.session, year=year, today=now.date()))
    return year, [school_row(s) for s in schools]


class ControlServicer(ServicerBase[ReportingUnitOfWork], control_pb2_grpc.ControlServiceServicer):
    def GetControlRows(self, request: control_pb2.GetControlRowsRequest,
                       context: grpc.ServicerContext) -> control_pb2.GetControlRowsResponse:
        year, rows = control_rows(request.grouping, request.municipality_id, request.year, self.uow())
        return control_pb2.GetControlRowsResponse(year=year, rows=[control_pb2.ControlRow(**asdict(r)) for r in rows])
