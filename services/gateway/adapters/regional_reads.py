"""Read models of virtual mentoring across organisations (ADR 009). ``RegionalRunRead`` and ``SchoolOfferCountsRead``
are what the outer contour sees: counts only. ``OfferRead`` is the school's own, its mentees' names included."""

from __future__ import annotations

from gateway.adapters.matching_reads import PairRead, SolverFactsRead
from gateway.adapters.proto_json import ReadModel, Timestamp
from mentorship.matching.v1 import regional_pb2 as pb


class SchoolOfferCountsRead(ReadModel):
    contract = pb.SchoolOfferCounts
    org_id: str
    municipality_id: str
    requests: int
    proposed: int
    accepted: int
    declined: int


class RegionalRunRead(ReadModel):
    contract = pb.RegionalRun
    id: str
    scope: str
    municipality_id: str
    objective: str
    requests: int
    mentors: int
    proposed: int
    total_score: int
    created_at: Timestamp = None
    schools: list[SchoolOfferCountsRead]
    facts: SolverFactsRead | None = None


class ListRegionalRunsResponseRead(ReadModel):
    contract = pb.ListRegionalRunsResponse
    runs: list[RegionalRunRead]


class OfferItemRead(ReadModel):
    contract = pb.OfferItem
    token: str
    mentee_name: str
    topics: list[str]
    mentor_id: str
    mentor_name: str
    mentor_organisation: str
    form: str
    score: int
    reasons: str
    decision: str
    reason: str
    pair_id: str


class OfferRead(ReadModel):
    contract = pb.Offer
    run_id: str
    created_at: Timestamp = None
    counts: SchoolOfferCountsRead | None = None
    items: list[OfferItemRead]
    version: int


class ListOffersResponseRead(ReadModel):
    contract = pb.ListOffersResponse
    offers: list[OfferRead]


class DecideOfferResponseRead(ReadModel):
    contract = pb.DecideOfferResponse
    offer: OfferRead | None = None
    pairs: list[PairRead]
