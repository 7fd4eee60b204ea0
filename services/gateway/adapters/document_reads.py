"""Read models of programs and roadmaps, as :mod:`gateway.adapters.document_client` returns them (the convention:
:mod:`gateway.adapters.proto_json`). Documents are not personal data."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel, Timestamp
from mentorship.registry.v1 import documents_pb2 as pb


class RoadmapItemRead(ReadModel):
    contract = pb.RoadmapItem
    id: str
    activity: str
    period: str
    starts_on: str
    due_on: str
    responsible: str
    result: str
    progress: str
    evidence: str
    lower_due_on: str


class RoadmapStageRead(ReadModel):
    contract = pb.RoadmapStage
    number: int
    title: str
    items: list[RoadmapItemRead]


class ProgramSectionRead(ReadModel):
    contract = pb.ProgramSection
    key: str
    title: str
    text: str


class PlanRowRead(ReadModel):
    contract = pb.PlanRow
    id: str
    event: str
    form: str
    dates: str
    responsible: str
    participants: str
    result: str


class DocumentContentRead(ReadModel):
    """``stages`` for a roadmap; ``sections`` and ``annual_plan`` for a program."""

    contract = pb.DocumentContent
    stages: list[RoadmapStageRead]
    sections: list[ProgramSectionRead]
    annual_plan: list[PlanRowRead]


class ApprovalRead(ReadModel):
    contract = pb.Approval
    approver_name: str
    approver_position: str
    approved_at: Timestamp = None


class ItemCommentRead(ReadModel):
    contract = pb.ItemComment
    item_ref: str
    text: str
    author_name: str
    at: Timestamp = None
    version: int


class DocumentRead(ReadModel):
    """A program or roadmap: header, approval, comments of the latest return and — except in lists — content."""

    contract = pb.Document
    id: str
    kind: str
    owner_level: str
    org_id: str
    municipality_id: str
    region_id: str
    owner_name: str
    title: str
    status: str
    version: int
    approved_version: int
    revision: int
    content: DocumentContentRead | None = None
    updated_at: Timestamp = None
    submitted_at: Timestamp = None
    approval: ApprovalRead | None = None
    comments: list[ItemCommentRead]


class VersionInfoRead(ReadModel):
    contract = pb.VersionInfo
    version: int
    status: str
    created_at: Timestamp = None
    created_by_name: str


class ChangeRead(ReadModel):
    """One difference between two versions: ``kind`` is added | removed | changed."""

    contract = pb.Change
    kind: str
    where: str
    item_ref: str
    field: str
    before: str
    after: str


class TransitionRead(ReadModel):
    contract = pb.Transition
    from_status: str
    to_status: str
    version: int
    actor_name: str
    actor_role: str
    at: Timestamp = None
    comments: int


class HistoryRead(ReadModel):
    contract = pb.HistoryResponse
    transitions: list[TransitionRead]
    comments: list[ItemCommentRead]


class InboxEntryRead(ReadModel):
    """A document waiting for the caller's decision (without content) and how long it has waited."""

    contract = pb.InboxEntry
    document: DocumentRead
    waiting_seconds: int
