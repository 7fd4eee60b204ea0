"""Read models of the history of counts (``history.proto``, ADR 019): facet counts as of a date and a program period's
values at its two dates — as :class:`gateway.adapters.history_client.CountHistoryClient` returns them."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from gateway.adapters.service_reads import AppendixIndicatorRead, ParticipantCountRowRead
from mentorship.reporting.v1 import history_pb2 as hpb


class CountsAsOfRead(ReadModel):
    """The counts of the bases per unit at the end of ``on`` (the shape of ``/indicators/participants``)."""

    contract = hpb.GetCountsAsOfResponse
    grouping: str
    on: str
    rows: list[ParticipantCountRowRead]
    totals: dict[str, int]
    derived_totals: dict[str, int]
    appendix_indicators: list[AppendixIndicatorRead]


class PeriodValueRead(ReadModel):
    """«На дату начала» (``at_start``: before ``start``), «на дату подведения итогов» (``at_end``: by the end of
    ``end``), the change, and the values at ``trend_points`` (over the reach; empty in a unit's row)."""

    contract = hpb.PeriodValue
    key: str
    title: str
    at_start: int
    at_end: int
    change: int
    trend: list[int]
    note: str


class PeriodUnitRowRead(ReadModel):
    contract = hpb.PeriodUnitRow
    unit_id: str
    unit_name: str
    parent_name: str
    organisation_count: int
    indicators: list[PeriodValueRead]


class PeriodIndicatorsRead(ReadModel):
    """A program period's indicators of seed 000 App. 2, derived figures and facets at its two dates; numbers only."""

    contract = hpb.GetPeriodIndicatorsResponse
    grouping: str
    start: str
    end: str
    trend_points: list[str]
    indicators: list[PeriodValueRead]
    facets: list[PeriodValueRead]
    rows: list[PeriodUnitRowRead]
