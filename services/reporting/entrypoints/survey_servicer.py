"""gRPC servicer of the survey figures (surveys.proto): answers per purpose and the entry/exit change per unit."""

from __future__ import annotations

import grpc

from mentorship.reporting.v1 import reporting_pb2, surveys_pb2, surveys_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from mentorship_kit.policy import Action, require
from reporting.adapters.survey_queries import SurveyRow, survey_figures_by
from reporting.domain.indicators import Grouping, grouping_for
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

_GROUPING_IN = {reporting_pb2.GROUPING_ORGANISATION: Grouping.ORGANISATION,
                reporting_pb2.GROUPING_MUNICIPALITY: Grouping.MUNICIPALITY}
_GROUPING_OUT = {v: k for k, v in _GROUPING_IN.items()}


def _row(r: SurveyRow) -> surveys_pb2.SurveyFiguresRow:
    return surveys_pb2.SurveyFiguresRow(
        unit_id=r.unit_id, unit_name=r.unit_name, parent_name=r.parent_name,
        answers=[surveys_pb2.PurposeCount(purpose=k, answers=v) for k, v in sorted(r.answers.items())],
        entries=r.entries, exits=r.exits, paired_exits=r.paired_exits, improved=r.improved,
        mean_change=r.mean_change)


class SurveyFiguresServicer(ServicerBase[ReportingUnitOfWork], surveys_pb2_grpc.SurveyFiguresServiceServicer):
    def GetSurveyFigures(self, request: surveys_pb2.GetSurveyFiguresRequest,
                         context: grpc.ServicerContext) -> surveys_pb2.GetSurveyFiguresResponse:
        uow = self.uow()
        require(uow.principal, Action.INDICATORS_READ)
        grouping = grouping_for(uow.principal.scope, _GROUPING_IN.get(request.grouping))
        with uow:
            rows = survey_figures_by(uow.session, grouping)
        totals = SurveyRow()
        for r in rows:
            totals.add(r)
        return surveys_pb2.GetSurveyFiguresResponse(grouping=_GROUPING_OUT[grouping], rows=[_row(r) for r in rows],
                                                    totals=_row(totals))
