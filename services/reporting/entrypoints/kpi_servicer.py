"""gRPC servicer of the regional KPIs (kpis.proto, ADR 021)."""

from __future__ import annotations

from datetime import date

import grpc

from mentorship.reporting.v1 import kpis_pb2, kpis_pb2_grpc, reporting_pb2
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.grpc_server import ServicerBase
from reporting.domain.indicators import Grouping
from reporting.domain.kpis import COVERAGE_TARGET, KpiRow, Share
from reporting.service_layer.kpis import get_regional_kpis
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

_GROUPING_IN = {reporting_pb2.GROUPING_ORGANISATION: Grouping.ORGANISATION,
                reporting_pb2.GROUPING_MUNICIPALITY: Grouping.MUNICIPALITY}
_GROUPING_OUT = {v: k for k, v in _GROUPING_IN.items()}
LEVELS = ("optimal", "acceptable", "unacceptable", "not_evaluated")


def _share(s: Share) -> kpis_pb2.KpiShare:
    return kpis_pb2.KpiShare(numerator=s.numerator, denominator=s.denominator, share=s.share)


def _row(r: KpiRow) -> kpis_pb2.KpiRow:
    return kpis_pb2.KpiRow(
        unit_id=r.unit_id, unit_name=r.unit_name, parent_name=r.parent_name, implementing=_share(r.implementing),
        implementing_with_pair=_share(r.implementing_with_pair), student_coverage=_share(r.student_coverage),
        young_teachers_with_mentor=_share(r.young_teachers_with_mentor), pairs=r.work.pairs,
        pairs_ever=r.work.pairs_ever, pair_meetings=r.work.pair_meetings, meetings_per_pair=r.work.meetings_per_pair,
        retention_1y=_share(r.retention_1y), retention_3y=_share(r.retention_3y))


def _day(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed([FieldProblem("on", "Дата — в виде ГГГГ-ММ-ДД")]) from None


class RegionalKpiServicer(ServicerBase[ReportingUnitOfWork], kpis_pb2_grpc.RegionalKpiServiceServicer):
    def GetRegionalKpis(self, request: kpis_pb2.GetRegionalKpisRequest,
                        context: grpc.ServicerContext) -> kpis_pb2.GetRegionalKpisResponse:
        report = get_regional_kpis(_GROUPING_IN.get(request.grouping), self.uow(), min_age=request.min_age,
                                   max_age=request.max_age, on=_day(request.on))
        return kpis_pb2.GetRegionalKpisResponse(
            grouping=_GROUPING_OUT[report.grouping], rows=[_row(r) for r in report.rows], totals=_row(report.totals),
            coverage_target=COVERAGE_TARGET, min_age=report.bounds.min_age, max_age=report.bounds.max_age,
            on=report.on.isoformat(), pairs_by_form=report.totals.work.by_form,
            pairs_by_kind=report.totals.work.by_kind,
            evaluation_levels=[kpis_pb2.LevelCount(level=level, schools=getattr(report.levels, level))
                               for level in LEVELS],
            retention_counted=True, retention_1y_cohort_on=report.retention_1y.cohort_day.isoformat(),
            retention_3y_cohort_on=report.retention_3y.cohort_day.isoformat())
