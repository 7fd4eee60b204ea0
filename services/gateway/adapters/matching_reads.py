"""Read models of matching runs and pairs as :mod:`gateway.adapters.matching_client` returns them (the convention:
:mod:`gateway.adapters.proto_json`). Proposals and pairs name mentors and mentees: personal data."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel, Timestamp
from mentorship.matching.v1 import matching_pb2 as pb


class WeightsRead(ReadModel):
    contract = pb.Weights
    topics: int
    subjects: int
    experience: int
    age_group: int
    hours: int
    same_org: int
    compatibility: int
    experience_gap: int


class ProposalRead(ReadModel):
    contract = pb.Proposal
    request_id: str
    mentee_id: str
    mentee_name: str
    mentor_id: str
    mentor_name: str
    form: str
    score: int
    reasons: str
    rank: int
    selected: bool
    manual: bool
    warnings: list[str]
    chosen_by: str
    chosen_at: Timestamp = None


class UnmatchedRead(ReadModel):
    contract = pb.Unmatched
    request_id: str
    mentee_id: str
    mentee_name: str
    reason: str


class RunTotalsRead(ReadModel):
    contract = pb.RunTotals
    requests: int
    matched: int
    unmatched: int
    total_score: int
    candidate_edges: int


class SolverFactsRead(ReadModel):
    contract = pb.SolverFacts
    candidate_edges: int
    rounds: int
    edges_added_back: int
    certified: bool
    flow_seconds: float


class RankingRead(ReadModel):
    contract = pb.Ranking
    who_id: str
    ranked_ids: list[str]


class PreferencesRead(ReadModel):
    contract = pb.Preferences
    mentees: list[RankingRead]
    mentors: list[RankingRead]
    solved: bool
    stable_unmatched: int
    optimal_unmatched: int
class RunGroupRead(ReadModel):
    contract = pb.RunGroup
    mentor_ids: list[str]
    mentor_names: list[str]
    request_ids: list[str]
    mentee_names: list[str]
    form: str


class RunRead(ReadModel):
    contract = pb.Run
    id: str
    mode: str
    objective: str
    weights: WeightsRead | None = None
    status: str
    proposals: list[ProposalRead]
    unmatched: list[UnmatchedRead]
    totals: RunTotalsRead | None = None
    facts: SolverFactsRead | None = None
    created_by: str
    created_at: Timestamp = None
    published_at: Timestamp = None
    version: int
    preferences: PreferencesRead | None = None
    groups: list[RunGroupRead]


class ModeOutcomeRead(ReadModel):
    contract = pb.ModeOutcome
    key: str
    matched: int
    unmatched: int
    total_score: int


class CompareModesResponseRead(ReadModel):
    contract = pb.CompareModesResponse
    outcomes: list[ModeOutcomeRead]
    requests: int


class ListRunsResponseRead(ReadModel):
    contract = pb.ListRunsResponse
    runs: list[RunRead]


class PetitionRead(ReadModel):
    contract = pb.Petition
    kind: str
    filed_on: str
    reason: str
    status: str
    comment: str


class PairHistoryEntryRead(ReadModel):
    contract = pb.PairHistoryEntry
    action: str
    actor: str
    at: Timestamp = None
    detail: str


class PairRead(ReadModel):
    contract = pb.Pair
    id: str
    run_id: str
    request_id: str
    mentee_id: str
    mentee_name: str
    mentor_id: str
    mentor_name: str
    form: str
    kind: str
    term_start: str
    term_end: str
    reporting: str
    status: str
    close_reason: str
    closed_at: Timestamp = None
    created_at: Timestamp = None
    version: int
    mentor_consent_on: str
    mentor_consent_document: str
    outcome: str
    result: str
    petition: PetitionRead | None = None
    awaiting_mentor: bool
    replaces_pair_id: str
    replaced_by_pair_id: str
    history: list[PairHistoryEntryRead]


class GroupMemberRead(ReadModel):
    contract = pb.GroupMember
    request_id: str
    mentee_id: str
    mentee_name: str
    mentor_id: str
    left: bool = False
    left_reason: str = ""
    left_at: Timestamp = None


class GroupHistoryEntryRead(ReadModel):
    contract = pb.GroupHistoryEntry
    action: str
    actor: str
    at: Timestamp = None
    detail: str


class GroupRead(ReadModel):
    contract = pb.Group
    id: str
    run_id: str
    form: str
    kind: str
    term_start: str
    term_end: str
    reporting: str
    status: str
    mentor_ids: list[str]
    mentor_names: list[str]
    members: list[GroupMemberRead]
    created_at: Timestamp = None
    version: int
    close_reason: str = ""
    outcome: str = ""
    closed_at: Timestamp = None
    history: list[GroupHistoryEntryRead]
    team_outcome: str = ""


class GroupListRead(ReadModel):
    contract = pb.ListGroupsResponse
    groups: list[GroupRead]


class CompatibilityMarkRead(ReadModel):
    contract = pb.CompatibilityMark
    mentor_id: str
    mentee_id: str
    mark: str
    assessed_on: str
    note: str
    recorded_by: str
    recorded_at: Timestamp = None


class CompatibilityListRead(ReadModel):
    contract = pb.ListCompatibilityResponse
    marks: list[CompatibilityMarkRead]


class PublishRunResponseRead(ReadModel):
    contract = pb.PublishRunResponse
    run: RunRead | None = None
    pairs: list[PairRead]
    groups: list[GroupRead]


class PairPageRead(ReadModel):
    contract = pb.ListPairsResponse
    pairs: list[PairRead]
    next_page_token: str
    total: int


class DecidePetitionResponseRead(ReadModel):
    contract = pb.DecidePetitionResponse
    pair: PairRead | None = None
    candidates: list[ProposalRead]


class ReplacementCandidatesResponseRead(ReadModel):
    contract = pb.ReplacementCandidatesResponse
    candidates: list[ProposalRead]


class PickReplacementResponseRead(ReadModel):
    contract = pb.PickReplacementResponse
    closed: PairRead | None = None
    formed: PairRead | None = None
