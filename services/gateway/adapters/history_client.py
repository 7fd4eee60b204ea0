"""Reporting's history of counts (``history.proto``, ADR 019): counts as of a date, a program period's two dates."""

from __future__ import annotations

import grpc

from gateway.adapters.history_reads import CountsAsOfRead, PeriodIndicatorsRead
from gateway.adapters.read_cache import ReadCache
from gateway.adapters.service_clients import _Client, _grouping
from mentorship.reporting.v1 import history_pb2, history_pb2_grpc
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal


class CountHistoryClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer, *, cache: ReadCache | None = None) -> None:
        super().__init__(channel, issuer, cache=cache)
        self._history = history_pb2_grpc.CountHistoryServiceStub(channel)

    def counts_as_of(self, p: Principal, *, on: str, grouping: str | None) -> CountsAsOfRead:
        """Facet counts per unit at the end of ``on`` (ISO; empty: today); a bad date is refused in Russian."""
        request = history_pb2.GetCountsAsOfRequest(grouping=_grouping(grouping), on=on)
        return self._read(self._history.GetCountsAsOf, request, p, CountsAsOfRead.of)

    def period_indicators(self, p: Principal, *, start: str, end: str, grouping: str | None,
                          municipality_id: str = "", organisation_id: str = "",
                          with_rows: bool = True) -> PeriodIndicatorsRead:
        """Both dates or neither (the current school year); values at the start, at the end and the change; narrowed
        to one municipality or organisation of the reach for the drill-down; without the row of each unit when only
        the reach's figures are shown (the drill-down's trend)."""
        request = history_pb2.GetPeriodIndicatorsRequest(grouping=_grouping(grouping), start=start, end=end,
                                                         municipality_id=municipality_id,
                                                         organisation_id=organisation_id, without_rows=not with_rows)
        return self._read(self._history.GetPeriodIndicators, request, p, PeriodIndicatorsRead.of)
