"""Read models of the regional KPIs (reporting's kpis.proto, ADR 021): shares and counts, never a person."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.reporting.v1 import kpis_pb2 as kpb


class KpiShareRead(ReadModel):
    contract = kpb.KpiShare
    numerator: int
    denominator: int
    share: float


class KpiRowRead(ReadModel):
    contract = kpb.KpiRow
    unit_id: str
    unit_name: str
    parent_name: str
    implementing: KpiShareRead | None = None
    implementing_with_pair: KpiShareRead | None = None
    student_coverage: KpiShareRead | None = None
    young_teachers_with_mentor: KpiShareRead | None = None
    pairs: int
    pairs_ever: int
    pair_meetings: int
    meetings_per_pair: float
    retention_1y: KpiShareRead | None = None
    retention_3y: KpiShareRead | None = None


class LevelCountRead(ReadModel):
    contract = kpb.LevelCount
    level: str
    schools: int


class RegionalKpisRead(ReadModel):
    """The regional KPIs per unit in the caller's reach and in total (docs/indicators.md, «Региональные показатели»)."""

    contract = kpb.GetRegionalKpisResponse
    grouping: str
    rows: list[KpiRowRead]
    totals: KpiRowRead | None = None
    coverage_target: float
    min_age: int
    max_age: int
    on: str
    pairs_by_form: dict[str, int]
    pairs_by_kind: dict[str, int]
    evaluation_levels: list[LevelCountRead]
    retention_counted: bool
    retention_1y_cohort_on: str = ""
    retention_3y_cohort_on: str = ""
