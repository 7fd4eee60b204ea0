"""Matching runs and pairs as the gateway uses them. Replies are read models of
:mod:`gateway.adapters.matching_reads`; requests are built from the REST spelling of values."""

from __future__ import annotations

import grpc

from gateway.adapters.matching_reads import (
    CompareModesResponseRead,
    CompatibilityListRead,
    CompatibilityMarkRead,
    DecidePetitionResponseRead,
    GroupListRead,
    GroupRead,
    ListRunsResponseRead,
    PairPageRead,
    PairRead,
    PickReplacementResponseRead,
    PublishRunResponseRead,
    ReplacementCandidatesResponseRead,
    RunRead,
)
from gateway.adapters.service_clients import _Client
from mentorship.matching.v1 import matching_pb2 as pb
from mentorship.matching.v1 import matching_pb2_grpc
from mentorship.registry.v1 import participants_pb2 as rpb
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal
from mentorship_kit.proto_enums import to_number


class MatchingClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._runs = matching_pb2_grpc.MatchingServiceStub(channel)
        self._pairs = matching_pb2_grpc.PairServiceStub(channel)

    def start_run(self, p: Principal, *, mode: str, objective: str, weights: dict[str, int] | None,
                  top_k: int, group_min: int = 0, group_max: int = 0, team_mentors: int = 0) -> RunRead:
        request = pb.StartRunRequest(mode=to_number(pb.MatchingMode, mode),  # type: ignore[arg-type]
                                     objective=to_number(pb.Objective, objective),  # type: ignore[arg-type]
                                     top_k=top_k, group_min=group_min, group_max=group_max,
                                     team_mentors=team_mentors)
        if weights is not None:
            request.weights.CopyFrom(pb.Weights(**weights))
        return RunRead.of(self._call(self._runs.StartRun, request, p))

    def get_run(self, p: Principal, run_id: str) -> RunRead:
        return RunRead.of(self._call(self._runs.GetRun, pb.GetRunRequest(run_id=run_id), p))

    def list_runs(self, p: Principal, *, limit: int = 20) -> ListRunsResponseRead:
        return ListRunsResponseRead.of(self._call(self._runs.ListRuns, pb.ListRunsRequest(limit=limit), p))

    def assign(self, p: Principal, run_id: str, *, request_id: str, mentor_id: str, confirm_warnings: bool,
               version: int) -> RunRead:
        request = pb.AssignInRunRequest(run_id=run_id, request_id=request_id, mentor_id=mentor_id,
                                        confirm_warnings=confirm_warnings, version=version)
        return RunRead.of(self._call(self._runs.AssignInRun, request, p))

    def publish(self, p: Principal, run_id: str, *, version: int, kind: str, reporting: str,
                term_months: int) -> PublishRunResponseRead:
        request = pb.PublishRunRequest(run_id=run_id, version=version,
                                       kind=to_number(pb.PairKind, kind),  # type: ignore[arg-type]
                                       reporting=to_number(pb.Reporting, reporting),  # type: ignore[arg-type]
                                       term_months=term_months)
        return PublishRunResponseRead.of(self._call(self._runs.PublishRun, request, p))

    def set_rankings(self, p: Principal, run_id: str, *, mentees: dict[str, list[str]],
                     mentors: dict[str, list[str]], version: int) -> RunRead:
        request = pb.SetRankingsRequest(
            run_id=run_id, version=version,
            mentees=[pb.Ranking(who_id=k, ranked_ids=v) for k, v in mentees.items()],
            mentors=[pb.Ranking(who_id=k, ranked_ids=v) for k, v in mentors.items()])
        return RunRead.of(self._call(self._runs.SetRankings, request, p))

    def record_choice(self, p: Principal, run_id: str, *, request_id: str, mentor_id: str, version: int) -> RunRead:
        request = pb.RecordChoiceRequest(run_id=run_id, request_id=request_id, mentor_id=mentor_id, version=version)
        return RunRead.of(self._call(self._runs.RecordChoice, request, p))

    def compare_modes(self, p: Principal, run_id: str) -> CompareModesResponseRead:
        return CompareModesResponseRead.of(self._call(self._runs.CompareModes, pb.CompareModesRequest(run_id=run_id),
                                                      p))

    def list_pairs(self, p: Principal, *, status: str = "", mentor_id: str = "", mentee_id: str = "",
                   page_size: int = 50, page_token: str = "", form: str = "", kind: str = "",
                   run_id: str = "") -> PairPageRead:
        request = pb.ListPairsRequest(status=to_number(pb.PairStatus, status),  # type: ignore[arg-type]
                                      mentor_id=mentor_id, mentee_id=mentee_id, page_size=page_size,
                                      page_token=page_token, run_id=run_id,
                                      form=to_number(rpb.MentoringForm, form),  # type: ignore[arg-type]
                                      kind=to_number(pb.PairKind, kind))  # type: ignore[arg-type]
        return PairPageRead.of(self._call(self._pairs.ListPairs, request, p))

    def get_pair(self, p: Principal, pair_id: str) -> PairRead:
        return PairRead.of(self._call(self._pairs.GetPair, pb.GetPairRequest(pair_id=pair_id), p))

    def close_pair(self, p: Principal, pair_id: str, *, reason: str, version: int) -> PairRead:
        request = pb.ClosePairRequest(pair_id=pair_id, reason=reason, version=version)
        return PairRead.of(self._call(self._pairs.ClosePair, request, p))

    def record_mentor_consent(self, p: Principal, pair_id: str, *, consent_on: str, document: str,
                              version: int) -> PairRead:
        request = pb.RecordMentorConsentRequest(pair_id=pair_id, consent_on=consent_on, document=document,
                                                version=version)
        return PairRead.of(self._call(self._pairs.RecordMentorConsent, request, p))

    def complete_pair(self, p: Principal, pair_id: str, *, outcome: str, result: str, confirm_early: bool,
                      version: int) -> PairRead:
        request = pb.CompletePairRequest(pair_id=pair_id, outcome=outcome, confirm_early=confirm_early,
                                         result=to_number(pb.PairResult, result),  # type: ignore[arg-type]
                                         version=version)
        return PairRead.of(self._call(self._pairs.CompletePair, request, p))

    def file_petition(self, p: Principal, pair_id: str, *, kind: str, filed_on: str, reason: str,
                      version: int) -> PairRead:
        request = pb.FilePetitionRequest(pair_id=pair_id, kind=to_number(pb.PetitionKind, kind),  # type: ignore[arg-type]
                                         filed_on=filed_on, reason=reason, version=version)
        return PairRead.of(self._call(self._pairs.FilePetition, request, p))

    def decide_petition(self, p: Principal, pair_id: str, *, approve: bool, comment: str,
                        version: int) -> DecidePetitionResponseRead:
        request = pb.DecidePetitionRequest(pair_id=pair_id, approve=approve, comment=comment, version=version)
        return DecidePetitionResponseRead.of(self._call(self._pairs.DecidePetition, request, p))

    def replacement_candidates(self, p: Principal, pair_id: str) -> ReplacementCandidatesResponseRead:
        request = pb.ReplacementCandidatesRequest(pair_id=pair_id)
        return ReplacementCandidatesResponseRead.of(self._call(self._pairs.ReplacementCandidates, request, p))

    def pick_replacement(self, p: Principal, pair_id: str, *, mentor_id: str,
                         version: int) -> PickReplacementResponseRead:
        request = pb.PickReplacementRequest(pair_id=pair_id, mentor_id=mentor_id, version=version)
        return PickReplacementResponseRead.of(self._call(self._pairs.PickReplacement, request, p))

    def pairs_of_run(self, p: Principal, run_id: str, *, pages: int = 10) -> list[PairRead]:
        """Every pair a run formed (any status), in the order of mentees' names; 200 a page."""
        found: list[PairRead] = []
        token = ""
        for _ in range(pages):
            page = self.list_pairs(p, page_size=200, page_token=token, run_id=run_id)
            found.extend(page.pairs)
            token = page.next_page_token
            if not token:
                break
        return found

    def list_groups(self, p: Principal, *, run_id: str = "", limit: int = 200) -> GroupListRead:
        return GroupListRead.of(self._call(self._pairs.ListGroups, pb.ListGroupsRequest(run_id=run_id, limit=limit), p))

    def get_group(self, p: Principal, group_id: str) -> GroupRead:
        return GroupRead.of(self._call(self._pairs.GetGroup, pb.GetGroupRequest(group_id=group_id), p))

    def close_group(self, p: Principal, group_id: str, *, reason: str, version: int = 0) -> GroupRead:
        request = pb.CloseGroupRequest(group_id=group_id, reason=reason, version=version)
        return GroupRead.of(self._call(self._pairs.CloseGroup, request, p))

    def complete_group(self, p: Principal, group_id: str, *, outcome: str, version: int = 0,
                       team_outcome: str = "") -> GroupRead:
        request = pb.CompleteGroupRequest(group_id=group_id, outcome=outcome, version=version,
                                          team_outcome=team_outcome)
        return GroupRead.of(self._call(self._pairs.CompleteGroup, request, p))

    def record_compatibility(self, p: Principal, *, mentor_id: str, mentee_id: str, mark: str, assessed_on: str,
                             note: str) -> CompatibilityMarkRead:
        request = pb.RecordCompatibilityRequest(mentor_id=mentor_id, mentee_id=mentee_id, mark=mark,
                                                assessed_on=assessed_on, note=note)
        return CompatibilityMarkRead.of(self._call(self._runs.RecordCompatibility, request, p))

    def list_compatibility(self, p: Principal, *, mentee_id: str = "") -> CompatibilityListRead:
        request = pb.ListCompatibilityRequest(mentee_id=mentee_id)
        return CompatibilityListRead.of(self._call(self._runs.ListCompatibility, request, p))
