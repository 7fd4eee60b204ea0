"""Client of reporting's regional KPIs (kpis.proto, ADR 021)."""

from __future__ import annotations

import grpc

from gateway.adapters.kpi_reads import RegionalKpisRead
from gateway.adapters.read_cache import ReadCache
from gateway.adapters.service_clients import _Client
from mentorship.reporting.v1 import kpis_pb2, kpis_pb2_grpc, reporting_pb2
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal


class KpiClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer, *, cache: ReadCache | None = None) -> None:
        super().__init__(channel, issuer, cache=cache)
        self._kpis = kpis_pb2_grpc.RegionalKpiServiceStub(channel)

    def regional_kpis(self, p: Principal, *, grouping: str | None, min_age: int = 0, max_age: int = 0,
                      on: str = "") -> RegionalKpisRead:
        value = reporting_pb2.Grouping.Value(f"GROUPING_{grouping.upper()}") if grouping \
            else reporting_pb2.GROUPING_UNSPECIFIED
        request = kpis_pb2.GetRegionalKpisRequest(grouping=value, min_age=min_age, max_age=max_age, on=on)
        return self._read(self._kpis.GetRegionalKpis, request, p, RegionalKpisRead.of)
