"""Read models of the contests (contests.proto, ADR 023). An application carries only what the applicant consented
to show; the scores reach the organiser (all) and each juror (his or her own)."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.registry.v1 import contests_pb2 as pb


class CriterionRead(ReadModel):
    contract = pb.Criterion
    title: str
    max_score: int


class ContestRead(ReadModel):
    contract = pb.Contest
    id: str
    level: str
    kind: str
    title: str
    description: str
    nominations: list[str]
    criteria: list[CriterionRead]
    applications_until: str
    results_on: str
    state: str
    org_id: str
    municipality_id: str
    region_id: str
    organiser_name: str
    revision: int
    applications: int
    organiser: bool
    judge: bool


class ListContestsResponseRead(ReadModel):
    contract = pb.ListContestsResponse
    contests: list[ContestRead]


class JurorRead(ReadModel):
    contract = pb.Juror
    user_id: str
    full_name: str


class JurorScoreRead(ReadModel):
    contract = pb.JurorScore
    application_id: str
    juror_user_id: str
    juror_name: str
    conflict: bool
    conflict_note: str
    scores: list[int]
    total: int
    comment: str
    scored_at: str


class ShownFieldRead(ReadModel):
    contract = pb.ShownField
    key: str
    value: str


class ApplicationRead(ReadModel):
    contract = pb.Application
    id: str
    contest_id: str
    nomination: str
    subject_kind: str
    subject_id: str
    title: str
    shown: list[ShownFieldRead]
    state: str
    award: str
    place: int
    mean_total: float
    org_id: str
    municipality_id: str
    applicant_name: str
    submitted_at: str
    scores: list[JurorScoreRead]


class ContestCardRead(ReadModel):
    contract = pb.ContestCard
    contest: ContestRead
    jurors: list[JurorRead]
    applications: list[ApplicationRead]


class ListApplicationsResponseRead(ReadModel):
    contract = pb.ListApplicationsResponse
    applications: list[ApplicationRead]
    contest_titles: dict[str, str]
