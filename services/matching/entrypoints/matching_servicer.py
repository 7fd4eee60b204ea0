"""gRPC servicers of matching: messages in, use cases with the caller's unit of work, messages out."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import grpc

from matching.adapters import codec
from matching.adapters.registry_pool import RegistryPool, RegistryStubs
from matching.domain import commands
from matching.service_layer import group_handlers, pair_handlers, pair_life, run_handlers
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship.matching.v1 import matching_pb2 as pb
from mentorship.matching.v1 import matching_pb2_grpc
from mentorship.registry.v1 import participants_pb2 as rpb
from mentorship_kit.grpc_server import ServicerBase, current_token
from mentorship_kit.principal import Principal
from mentorship_kit.proto_enums import to_name

Ctx: TypeAlias = grpc.ServicerContext


class MatchingServicer(ServicerBase[UnitOfWork], matching_pb2_grpc.MatchingServiceServicer):
    def __init__(self, uow: Callable[[Principal], UnitOfWork], registry: RegistryStubs) -> None:
        super().__init__(uow)
        self._registry = registry

    def _pool(self) -> RegistryPool:
        """The registry is asked as the caller of this RPC (ADR 006)."""
        return RegistryPool(self._registry, current_token())

    def StartRun(self, request: pb.StartRunRequest, context: Ctx) -> pb.Run:
        return codec.run_msg(run_handlers.start_run(codec.start_command(request), self.uow(), self._pool()))

    def GetRun(self, request: pb.GetRunRequest, context: Ctx) -> pb.Run:
        return codec.run_msg(run_handlers.get_run(request.run_id, self.uow()))

    def ListRuns(self, request: pb.ListRunsRequest, context: Ctx) -> pb.ListRunsResponse:
        runs = run_handlers.list_runs(self.uow(), limit=request.limit or 20)
        return pb.ListRunsResponse(runs=[codec.run_msg(r) for r in runs])

    def AssignInRun(self, request: pb.AssignInRunRequest, context: Ctx) -> pb.Run:
        cmd = commands.AssignInRun(run_id=request.run_id, request_id=request.request_id, mentor_id=request.mentor_id,
                                   confirm_warnings=request.confirm_warnings, version=request.version)
        return codec.run_msg(run_handlers.assign_in_run(cmd, self.uow(), self._pool()))

    def PublishRun(self, request: pb.PublishRunRequest, context: Ctx) -> pb.PublishRunResponse:
        run, pairs, groups = run_handlers.publish_run(codec.publish_command(request), self.uow())
        return pb.PublishRunResponse(run=codec.run_msg(run), pairs=[codec.pair_msg(p) for p in pairs],
                                     groups=[codec.group_msg(g) for g in groups])

    def RecordCompatibility(self, request: pb.RecordCompatibilityRequest, context: Ctx) -> pb.CompatibilityMark:
        cmd = commands.RecordCompatibility(mentor_id=request.mentor_id, mentee_id=request.mentee_id,
                                           mark=request.mark, assessed_on=request.assessed_on, note=request.note)
        return codec.mark_msg(group_handlers.record_compatibility(cmd, self.uow(), self._pool()))

    def ListCompatibility(self, request: pb.ListCompatibilityRequest,
                          context: Ctx) -> pb.ListCompatibilityResponse:
        marks = group_handlers.list_compatibility(self.uow(), mentee_id=request.mentee_id)
        return pb.ListCompatibilityResponse(marks=[codec.mark_msg(m) for m in marks])

    def SetRankings(self, request: pb.SetRankingsRequest, context: Ctx) -> pb.Run:
        return codec.run_msg(run_handlers.set_rankings(codec.rankings_command(request), self.uow(), self._pool()))

    def RecordChoice(self, request: pb.RecordChoiceRequest, context: Ctx) -> pb.Run:
        cmd = commands.RecordChoice(run_id=request.run_id, request_id=request.request_id,
                                    mentor_id=request.mentor_id, version=request.version)
        return codec.run_msg(run_handlers.record_mentee_choice(cmd, self.uow(), self._pool()))

    def CompareModes(self, request: pb.CompareModesRequest, context: Ctx) -> pb.CompareModesResponse:
        return codec.compare_msg(*run_handlers.compare_modes(request.run_id, self.uow()))


class PairServicer(ServicerBase[UnitOfWork], matching_pb2_grpc.PairServiceServicer):
    def __init__(self, uow: Callable[[Principal], UnitOfWork], registry: RegistryStubs) -> None:
        super().__init__(uow)
        self._registry = registry

    def _pool(self) -> RegistryPool:
        """The registry is asked as the caller of this RPC (ADR 006)."""
        return RegistryPool(self._registry, current_token())

    def ListPairs(self, request: pb.ListPairsRequest, context: Ctx) -> pb.ListPairsResponse:
        cmd = commands.ListPairs(status=to_name(pb.PairStatus, request.status), mentor_id=request.mentor_id,
                                 mentee_id=request.mentee_id, page_size=request.page_size,
                                 page_token=request.page_token, form=to_name(rpb.MentoringForm, request.form),
                                 kind=to_name(pb.PairKind, request.kind), run_id=request.run_id)
        page, token, total = pair_handlers.list_pairs(cmd, self.uow())
        return pb.ListPairsResponse(pairs=[codec.pair_msg(p) for p in page], next_page_token=token, total=total)

    def GetPair(self, request: pb.GetPairRequest, context: Ctx) -> pb.Pair:
        return codec.pair_msg(*pair_handlers.pair_card(request.pair_id, self.uow()))

    def ClosePair(self, request: pb.ClosePairRequest, context: Ctx) -> pb.Pair:
        cmd = commands.ClosePair(request.pair_id, request.reason, request.version)
        return codec.pair_msg(pair_handlers.close_pair(cmd, self.uow()))

    def RecordMentorConsent(self, request: pb.RecordMentorConsentRequest, context: Ctx) -> pb.Pair:
        cmd = commands.RecordMentorConsent(request.pair_id, request.consent_on, request.document, request.version)
        return codec.pair_msg(pair_handlers.record_mentor_consent(cmd, self.uow()))

    def ListGroups(self, request: pb.ListGroupsRequest, context: Ctx) -> pb.ListGroupsResponse:
        groups = group_handlers.list_groups(self.uow(), run_id=request.run_id, limit=request.limit)
        return pb.ListGroupsResponse(groups=[codec.group_msg(g) for g in groups])

    def GetGroup(self, request: pb.GetGroupRequest, context: Ctx) -> pb.Group:
        return codec.group_msg(*group_handlers.group_card(request.group_id, self.uow()))

    def CloseGroup(self, request: pb.CloseGroupRequest, context: Ctx) -> pb.Group:
        group = group_handlers.close_group(commands.CloseGroup(request.group_id, request.reason, request.version),
                                           self.uow())
        return codec.group_msg(*group_handlers.group_card(group.id, self.uow()))

    def CompleteGroup(self, request: pb.CompleteGroupRequest, context: Ctx) -> pb.Group:
        cmd = commands.CompleteGroup(request.group_id, request.outcome, request.version, request.team_outcome)
        group = group_handlers.complete_group(cmd, self.uow())
        return codec.group_msg(*group_handlers.group_card(group.id, self.uow()))

    def CompletePair(self, request: pb.CompletePairRequest, context: Ctx) -> pb.Pair:
        cmd = commands.CompletePair(request.pair_id, request.outcome, to_name(pb.PairResult, request.result),
                                    request.confirm_early, request.version)
        return codec.pair_msg(pair_life.complete_pair(cmd, self.uow()))

    def FilePetition(self, request: pb.FilePetitionRequest, context: Ctx) -> pb.Pair:
        cmd = commands.FilePetition(request.pair_id, to_name(pb.PetitionKind, request.kind), request.filed_on,
                                    request.reason, request.version)
        return codec.pair_msg(pair_life.file_petition(cmd, self.uow()))

    def DecidePetition(self, request: pb.DecidePetitionRequest, context: Ctx) -> pb.DecidePetitionResponse:
        cmd = commands.DecidePetition(request.pair_id, request.approve, request.comment, request.version)
        pair, found = pair_life.decide_petition(cmd, self.uow(), self._pool())
        return pb.DecidePetitionResponse(pair=codec.pair_msg(pair), candidates=[codec.proposal_msg(c) for c in found])

    def ReplacementCandidates(self, request: pb.ReplacementCandidatesRequest,
                              context: Ctx) -> pb.ReplacementCandidatesResponse:
        found = pair_life.replacement_candidates(request.pair_id, self.uow(), self._pool())
        return pb.ReplacementCandidatesResponse(candidates=[codec.proposal_msg(c) for c in found])

    def PickReplacement(self, request: pb.PickReplacementRequest, context: Ctx) -> pb.PickReplacementResponse:
        cmd = commands.PickReplacement(request.pair_id, request.mentor_id, request.version)
        old, new = pair_life.pick_replacement(cmd, self.uow(), self._pool())
        return pb.PickReplacementResponse(closed=codec.pair_msg(old), formed=codec.pair_msg(new))
