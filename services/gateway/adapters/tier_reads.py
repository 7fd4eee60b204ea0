"""Read models of the outer tiers at work (issue 15): the roadmaps above, self-diagnoses and the control rows, as
:mod:`gateway.adapters.tier_client` returns them (the convention: :mod:`gateway.adapters.proto_json`). No personal
data: documents, checklists and counts."""

from __future__ import annotations

from gateway.adapters.document_reads import DocumentRead
from gateway.adapters.proto_json import ReadModel, Timestamp
from mentorship.registry.v1 import tiers_pb2 as pb
from mentorship.reporting.v1 import control_pb2 as cpb


class ListUpperRoadmapsResponseRead(ReadModel):
    contract = pb.ListUpperRoadmapsResponse
    roadmaps: list[DocumentRead]


class SelfDiagnosisAnswerRead(ReadModel):
    contract = pb.SelfDiagnosisAnswer
    key: str
    title: str
    done: bool
    note: str


class SelfDiagnosisRead(ReadModel):
    contract = pb.SelfDiagnosis
    id: str
    owner_level: str
    org_id: str
    municipality_id: str
    region_id: str
    owner_name: str
    year: int
    version: int
    answers: list[SelfDiagnosisAnswerRead]
    score: int
    max_score: int
    filled_by_name: str
    filled_at: Timestamp = None


class SelfDiagnosisFormRead(ReadModel):
    contract = pb.SelfDiagnosisForm
    year: int
    owner_level: str
    items: list[SelfDiagnosisAnswerRead]
    latest: SelfDiagnosisRead | None = None


class ListSelfDiagnosesResponseRead(ReadModel):
    contract = pb.ListSelfDiagnosesResponse
    items: list[SelfDiagnosisRead]


class ControlRowRead(ReadModel):
    contract = cpb.ControlRow
    unit_id: str
    unit_name: str
    municipality_id: str
    municipality_name: str
    schools: int
    roadmap_status: str
    program_status: str
    roadmap_approved: bool
    program_approved: bool
    schools_roadmap_approved: int
    schools_program_approved: int
    items_total: int
    items_overdue: int
    active_pairs: int
    pairs_without_meetings: int
    evaluation_level: str
    evaluation_total: int
    schools_evaluated: int
    schools_unacceptable: int
    self_diagnosed: bool
    self_diagnosis_score: int
    self_diagnosis_max: int
    schools_self_diagnosed: int


class GetControlRowsResponseRead(ReadModel):
    contract = cpb.GetControlRowsResponse
    year: int
    rows: list[ControlRowRead]
