"""Virtual mentoring across organisations as the gateway uses it (ADR 009): runs of the outer contour (counts),
offers of a school (its own mentees). Replies are read models of :mod:`gateway.adapters.regional_reads`."""

from __future__ import annotations

import grpc

from gateway.adapters.regional_reads import (
    DecideOfferResponseRead,
    ListOffersResponseRead,
    ListRegionalRunsResponseRead,
    OfferRead,
    RegionalRunRead,
)
from gateway.adapters.service_clients import _Client
from mentorship.matching.v1 import matching_pb2 as mpb
from mentorship.matching.v1 import regional_pb2 as pb
from mentorship.matching.v1 import regional_pb2_grpc
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal
from mentorship_kit.proto_enums import to_number


class RegionalClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._stub = regional_pb2_grpc.RegionalMatchingServiceStub(channel)

    def start_run(self, p: Principal, *, municipality_id: str, objective: str) -> RegionalRunRead:
        request = pb.StartRegionalRunRequest(municipality_id=municipality_id,
                                             objective=to_number(mpb.Objective, objective))  # type: ignore[arg-type]
        return RegionalRunRead.of(self._call(self._stub.StartRegionalRun, request, p))

    def get_run(self, p: Principal, run_id: str) -> RegionalRunRead:
        return RegionalRunRead.of(self._call(self._stub.GetRegionalRun, pb.GetRegionalRunRequest(run_id=run_id), p))

    def list_runs(self, p: Principal, *, limit: int = 20) -> ListRegionalRunsResponseRead:
        reply = self._call(self._stub.ListRegionalRuns, pb.ListRegionalRunsRequest(limit=limit), p)
        return ListRegionalRunsResponseRead.of(reply)

    def list_offers(self, p: Principal, *, limit: int = 20) -> ListOffersResponseRead:
        return ListOffersResponseRead.of(self._call(self._stub.ListOffers, pb.ListOffersRequest(limit=limit), p))

    def get_offer(self, p: Principal, run_id: str) -> OfferRead:
        return OfferRead.of(self._call(self._stub.GetOffer, pb.GetOfferRequest(run_id=run_id), p))

    def decide(self, p: Principal, run_id: str, *, version: int, decisions: list[tuple[str, bool, str]],
               reporting: str, term_months: int) -> DecideOfferResponseRead:
        request = pb.DecideOfferRequest(
            run_id=run_id, version=version, term_months=term_months,
            reporting=to_number(mpb.Reporting, reporting),  # type: ignore[arg-type]
            decisions=[pb.ItemDecision(token=t, accept=a, reason=r) for t, a, r in decisions])
        return DecideOfferResponseRead.of(self._call(self._stub.DecideOffer, request, p))
