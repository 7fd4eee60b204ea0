"""gRPC servicer of the risk signals (risks.proto, ADR 024): the six risks of 004 §VI per school, counts only."""

from __future__ import annotations

import grpc

from mentorship.reporting.v1 import risks_pb2, risks_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from reporting.domain.risk_signals import RISKS, risks_raised
from reporting.service_layer.queries import get_risk_signals
from reporting.service_layer.unit_of_work import ReportingUnitOfWork


class RiskSignalsServicer(ServicerBase[ReportingUnitOfWork], risks_pb2_grpc.RiskSignalsServiceServicer):
    def GetRiskSignals(self, request: risks_pb2.GetRiskSignalsRequest,
                       context: grpc.ServicerContext) -> risks_pb2.GetRiskSignalsResponse:
        schools = get_risk_signals(self.uow())
        reply = risks_pb2.GetRiskSignalsResponse(schools_raised=dict.fromkeys(RISKS, 0))
        for school in schools:
            raised = risks_raised(school.signals)
            reply.schools.append(risks_pb2.SchoolRisks(
                unit_id=school.unit_id, unit_name=school.unit_name, parent_name=school.parent_name, raised=raised,
                signals=[risks_pb2.RiskSignal(risk=s.risk, code=s.code, value=s.value, out_of=s.of)
                         for s in school.signals]))
            for risk, n in raised.items():
                reply.schools_raised[risk] += 1 if n else 0
        return reply
