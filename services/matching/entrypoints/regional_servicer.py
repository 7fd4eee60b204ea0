"""gRPC servicer of virtual mentoring across organisations (ADR 009): runs of the outer contour, offers of a school."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import grpc

from matching.adapters import codec
from matching.adapters.registry_pool import RegistryPool, RegistryStubs
from matching.adapters.registry_regional import RegionalStubs, RegistryRegional
from matching.domain.regional import Decision, RegionalRun, SchoolOffer
from matching.service_layer import regional_handlers as regional
from matching.service_layer.repositories import MentorLoad
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship.matching.v1 import matching_pb2 as mpb
from mentorship.matching.v1 import regional_pb2 as pb
from mentorship.matching.v1 import regional_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase, current_token
from mentorship_kit.principal import Principal
from mentorship_kit.proto_enums import to_name, to_number

Ctx: TypeAlias = grpc.ServicerContext


def _counts(o: SchoolOffer) -> pb.SchoolOfferCounts:
    return pb.SchoolOfferCounts(org_id=o.org_id, municipality_id=o.municipality_id, requests=o.requests,
                                proposed=o.proposed, accepted=o.count(Decision.ACCEPTED),
                                declined=o.count(Decision.DECLINED))


def run_msg(run: RegionalRun) -> pb.RegionalRun:
    """Counts only: no item, token or name of another school's mentees crosses to the outer contour."""
    f = run.facts
    return pb.RegionalRun(
        id=run.id, scope=run.scope.value, municipality_id=run.municipality_id,
        objective=to_number(mpb.Objective, run.objective.value),  # type: ignore[arg-type]
        requests=run.requests, mentors=run.mentors, proposed=run.proposed, total_score=run.total_score,
        created_at=codec.ts(run.created_at), schools=[_counts(o) for o in run.offers],
        facts=mpb.SolverFacts(candidate_edges=int(f.get("candidate_edges", 0)), rounds=int(f.get("rounds", 0)),
                              edges_added_back=int(f.get("edges_added_back", 0)),
                              certified=bool(f.get("certified", False)),
                              flow_seconds=float(f.get("flow_seconds", 0.0))))


def offer_msg(resolved: regional.ResolvedOffer | SchoolOffer) -> pb.Offer:
    """A school's offer for the school itself; its mentees' names come from its own snapshot, never stored."""
    offer = resolved.offer if isinstance(resolved, regional.ResolvedOffer) else resolved
    requests = resolved.requests if isinstance(resolved, regional.ResolvedOffer) else {}
    items = []
    for i in offer.items:
        mine = requests.get(i.token)
        items.append(pb.OfferItem(
            token=i.token, mentee_name=mine.mentee_name if mine else "", topics=list(mine.topics) if mine else [],
            mentor_id=i.mentor_id, mentor_name=i.mentor_name, mentor_organisation=i.mentor_organisation, form=i.form,
            score=i.score, reasons=i.reasons,
            decision=to_number(pb.OfferDecision, i.decision.value),  # type: ignore[arg-type]
            reason=i.reason, pair_id=i.pair_id))
    return pb.Offer(run_id=offer.run_id, created_at=codec.ts(offer.created_at), counts=_counts(offer), items=items,
                    version=offer.version)


class RegionalServicer(ServicerBase[UnitOfWork], regional_pb2_grpc.RegionalMatchingServiceServicer):
    def __init__(self, uow: Callable[[Principal], UnitOfWork], registry: RegistryStubs, stubs: RegionalStubs,
                 load: MentorLoad) -> None:
        super().__init__(uow)
        self._registry, self._stubs, self._load = registry, stubs, load

    def StartRegionalRun(self, request: pb.StartRegionalRunRequest, context: Ctx) -> pb.RegionalRun:
        weights = ({f.name: getattr(request.weights, f.name) for f in mpb.Weights.DESCRIPTOR.fields}
                   if request.HasField("weights") else None)
        cmd = regional.StartRegionalRun(municipality_id=request.municipality_id, weights=weights,
                                        objective=to_name(mpb.Objective, request.objective)
                                        or "max_matched_then_score")
        source = RegistryRegional(self._stubs, current_token())
        return run_msg(regional.start_regional_run(cmd, self.uow(), source, self._load))

    def GetRegionalRun(self, request: pb.GetRegionalRunRequest, context: Ctx) -> pb.RegionalRun:
        return run_msg(regional.get_regional_run(request.run_id, self.uow()))

    def ListRegionalRuns(self, request: pb.ListRegionalRunsRequest, context: Ctx) -> pb.ListRegionalRunsResponse:
        runs = regional.list_regional_runs(self.uow(), limit=request.limit or 20)
        return pb.ListRegionalRunsResponse(runs=[run_msg(r) for r in runs])

    def ListOffers(self, request: pb.ListOffersRequest, context: Ctx) -> pb.ListOffersResponse:
        offers = regional.list_offers(self.uow(), limit=request.limit or 20)
        return pb.ListOffersResponse(offers=[pb.Offer(run_id=o.run_id, created_at=codec.ts(o.created_at),
                                                      counts=_counts(o), version=o.version) for o in offers])

    def GetOffer(self, request: pb.GetOfferRequest, context: Ctx) -> pb.Offer:
        pool = RegistryPool(self._registry, current_token())
        return offer_msg(regional.get_offer(request.run_id, self.uow(), pool))

    def DecideOffer(self, request: pb.DecideOfferRequest, context: Ctx) -> pb.DecideOfferResponse:
        cmd = regional.DecideOffer(
            run_id=request.run_id, version=request.version,
            decisions=tuple(regional.OfferDecision(d.token, d.accept, d.reason) for d in request.decisions),
            reporting=to_name(mpb.Reporting, request.reporting) or "monthly", term_months=request.term_months or 9)
        pool = RegistryPool(self._registry, current_token())
        offer, pairs = regional.decide_offer(cmd, self.uow(), pool, self._load)
        return pb.DecideOfferResponse(offer=offer_msg(offer), pairs=[codec.pair_msg(p) for p in pairs])
