"""gRPC entry points of reporting."""

from __future__ import annotations

from collections.abc import Callable

import grpc

from mentorship.reporting.v1 import evaluation_pb2, evaluation_pb2_grpc, reporting_pb2, reporting_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from mentorship_kit.principal import Principal
from reporting.domain.evaluation_levels import LevelCounts
from reporting.domain.indicators import Grouping, Within
from reporting.domain.pair_figures import PairFigures
from reporting.domain.work_figures import NO_MEETING_WEEKS
from reporting.entrypoints.code_version import code_version
from reporting.service_layer.queries import (
    get_document_indicators,
    get_evaluation_levels,
    get_mentor_counts,
    get_pair_counts,
    get_participant_counts,
    get_read_version,
    get_school_light_counts,
)
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

_GROUPING_IN = {
    reporting_pb2.GROUPING_ORGANISATION: Grouping.ORGANISATION,
    reporting_pb2.GROUPING_MUNICIPALITY: Grouping.MUNICIPALITY,
}
_GROUPING_OUT = {v: k for k, v in _GROUPING_IN.items()}


def _within(request: object) -> Within | None:
    """The drill-down filter a request carries (fields 10/11 of every indicator request); None: the whole reach."""
    found = Within(getattr(request, "municipality_id", ""), getattr(request, "organisation_id", ""))
    return found or None


def _pair_row(figures: PairFigures, **unit: object) -> reporting_pb2.PairCountRow:
    return reporting_pb2.PairCountRow(**unit, **vars(figures))  # type: ignore[arg-type]


class ReportingServicer(ServicerBase[ReportingUnitOfWork], reporting_pb2_grpc.ReportingServiceServicer):
    def __init__(self, uow: Callable[[Principal], ReportingUnitOfWork], *, versions: Callable[[], int]) -> None:
        """``versions``: the projections' version as it is now (``adapters.read_version.ProjectionsVersion``)."""
        super().__init__(uow)
        self._versions = versions

    def GetMentorCounts(self, request: reporting_pb2.GetMentorCountsRequest,
                        context: grpc.ServicerContext) -> reporting_pb2.GetMentorCountsResponse:
        grouping, rows, total = get_mentor_counts(_GROUPING_IN.get(request.grouping), self.uow(),
                                                  within=_within(request))
        return reporting_pb2.GetMentorCountsResponse(
            grouping=_GROUPING_OUT[grouping], total_mentors=total,
            rows=[reporting_pb2.MentorCountRow(unit_id=r.unit_id, unit_name=r.unit_name, parent_name=r.parent_name,
                                               mentor_count=r.mentor_count, organisation_count=r.organisation_count,
                                               parent_id=r.parent_id)
                  for r in rows])

    def GetDocumentIndicators(self, request: reporting_pb2.GetDocumentIndicatorsRequest,
                              context: grpc.ServicerContext) -> reporting_pb2.GetDocumentIndicatorsResponse:
        grouping, rows, organisations, implementing = get_document_indicators(
            _GROUPING_IN.get(request.grouping), self.uow(), within=_within(request))
        return reporting_pb2.GetDocumentIndicatorsResponse(
            grouping=_GROUPING_OUT[grouping], organisations=organisations, implementing=implementing,
            implementing_share=implementing / organisations if organisations else 0.0,
            rows=[reporting_pb2.DocumentIndicatorRow(**vars(r)) for r in rows])

    def GetParticipantCounts(self, request: reporting_pb2.GetParticipantCountsRequest,
                             context: grpc.ServicerContext) -> reporting_pb2.GetParticipantCountsResponse:
        report = get_participant_counts(_GROUPING_IN.get(request.grouping), self.uow(), within=_within(request))
        return reporting_pb2.GetParticipantCountsResponse(
            grouping=_GROUPING_OUT[report.grouping], totals=report.totals, derived_totals=report.derived_totals,
            rows=[reporting_pb2.ParticipantCountRow(unit_id=r.unit_id, unit_name=r.unit_name,
                                                    parent_name=r.parent_name,
                                                    organisation_count=r.organisation_count, counts=r.counts,
                                                    derived=r.derived)
                  for r in report.rows],
            appendix_indicators=[reporting_pb2.AppendixIndicator(**vars(a)) for a in report.appendix])

    def GetPairCounts(self, request: reporting_pb2.GetPairCountsRequest,
                      context: grpc.ServicerContext) -> reporting_pb2.GetPairCountsResponse:
        report = get_pair_counts(_GROUPING_IN.get(request.grouping), self.uow(), within=_within(request))
        return reporting_pb2.GetPairCountsResponse(
            grouping=_GROUPING_OUT[report.grouping], totals=_pair_row(report.totals), no_meeting_weeks=NO_MEETING_WEEKS,
            rows=[_pair_row(figures, unit_id=r.unit_id, unit_name=r.unit_name, parent_name=r.parent_name,
                            organisation_count=r.organisation_count) for r, figures in report.rows])

    def GetSchoolLightCounts(self, request: reporting_pb2.GetSchoolLightCountsRequest,
                             context: grpc.ServicerContext) -> reporting_pb2.GetSchoolLightCountsResponse:
        rows = get_school_light_counts(self.uow(), within=_within(request))
        return reporting_pb2.GetSchoolLightCountsResponse(
            no_meeting_weeks=NO_MEETING_WEEKS, rows=[reporting_pb2.SchoolLightCount(**vars(r)) for r in rows])

    def GetReadVersion(self, request: reporting_pb2.GetReadVersionRequest,
                       context: grpc.ServicerContext) -> reporting_pb2.GetReadVersionResponse:
        return reporting_pb2.GetReadVersionResponse(version=get_read_version(self._versions, code=code_version()))


def _level_counts(c: LevelCounts) -> evaluation_pb2.LevelCounts:
    return evaluation_pb2.LevelCounts(**vars(c))


class EvaluationReportingServicer(ServicerBase[ReportingUnitOfWork],
                                  evaluation_pb2_grpc.EvaluationReportingServiceServicer):
    def GetEvaluationLevels(self, request: evaluation_pb2.GetEvaluationLevelsRequest,
                            context: grpc.ServicerContext) -> evaluation_pb2.GetEvaluationLevelsResponse:
        report = get_evaluation_levels(request.period, self.uow(), within=_within(request),
                                       with_schools=not request.without_schools)
        return evaluation_pb2.GetEvaluationLevelsResponse(
            period=report.period, periods=report.periods,
            schools=[evaluation_pb2.SchoolEvaluationRow(
                org_id=u.org_id, org_name=u.org_name, municipality_name=u.municipality_name,
                period=e.period if e else "", version=e.version if e else 0, total=e.total if e else 0,
                level=e.level if e else "") for u, e in report.schools],
            municipalities=[_level_counts(c) for c in report.municipalities], totals=_level_counts(report.totals))
