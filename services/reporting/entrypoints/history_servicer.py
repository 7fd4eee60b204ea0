"""gRPC entry point of the history of counts (``history.proto``, ADR 019)."""

from __future__ import annotations

import grpc

from mentorship.reporting.v1 import history_pb2, history_pb2_grpc, reporting_pb2
from mentorship_kit.grpc_server import ServicerBase
from reporting.entrypoints.grpc_servicer import _GROUPING_IN, _GROUPING_OUT, _within
from reporting.service_layer.history import PeriodValue, get_counts_as_of, get_period_indicators
from reporting.service_layer.unit_of_work import ReportingUnitOfWork


def _value(v: PeriodValue) -> history_pb2.PeriodValue:
    return history_pb2.PeriodValue(key=v.key, title=v.title, at_start=v.at_start, at_end=v.at_end, change=v.change,
                                   trend=v.trend, note=v.note)


class CountHistoryServicer(ServicerBase[ReportingUnitOfWork], history_pb2_grpc.CountHistoryServiceServicer):
    def GetCountsAsOf(self, request: history_pb2.GetCountsAsOfRequest,
                      context: grpc.ServicerContext) -> history_pb2.GetCountsAsOfResponse:
        found = get_counts_as_of(_GROUPING_IN.get(request.grouping), request.on, self.uow())
        report = found.report
        return history_pb2.GetCountsAsOfResponse(
            grouping=_GROUPING_OUT[report.grouping], on=found.on.isoformat(), totals=report.totals,
            derived_totals=report.derived_totals,
            rows=[reporting_pb2.ParticipantCountRow(unit_id=r.unit_id, unit_name=r.unit_name,
                                                    parent_name=r.parent_name,
                                                    organisation_count=r.organisation_count, counts=r.counts,
                                                    derived=r.derived) for r in report.rows],
            appendix_indicators=[reporting_pb2.AppendixIndicator(**vars(a)) for a in report.appendix])

    def GetPeriodIndicators(self, request: history_pb2.GetPeriodIndicatorsRequest,
                            context: grpc.ServicerContext) -> history_pb2.GetPeriodIndicatorsResponse:
        report = get_period_indicators(_GROUPING_IN.get(request.grouping), request.start, request.end, self.uow(),
                                       within=_within(request), with_rows=not request.without_rows)
        return history_pb2.GetPeriodIndicatorsResponse(
            grouping=_GROUPING_OUT[report.grouping], start=report.period.start.isoformat(),
            end=report.period.end.isoformat(), trend_points=[p.isoformat() for p in report.trend_points],
            indicators=[_value(v) for v in report.indicators], facets=[_value(v) for v in report.facets],
            rows=[history_pb2.PeriodUnitRow(unit_id=u.row.unit_id, unit_name=u.row.unit_name,
                                            parent_name=u.row.parent_name,
                                            organisation_count=u.row.organisation_count,
                                            indicators=[_value(v) for v in u.indicators]) for u in report.rows])
