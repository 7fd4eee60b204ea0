"""Documents between the domain (plain dicts, enums) and the proto contract (``documents.proto``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from google.protobuf import json_format
from google.protobuf.timestamp_pb2 import Timestamp

from mentorship.registry.v1 import documents_pb2 as pb
from registry.domain import documents as d

_KIND = {d.Kind.PROGRAM: pb.DOCUMENT_KIND_PROGRAM, d.Kind.ROADMAP: pb.DOCUMENT_KIND_ROADMAP}
_LEVEL = {d.OwnerLevel.SCHOOL: pb.OWNER_LEVEL_SCHOOL, d.OwnerLevel.MUNICIPALITY: pb.OWNER_LEVEL_MUNICIPALITY,
          d.OwnerLevel.REGION: pb.OWNER_LEVEL_REGION}
_STATUS = {d.Status.DRAFT: pb.DOCUMENT_STATUS_DRAFT, d.Status.SUBMITTED: pb.DOCUMENT_STATUS_SUBMITTED,
           d.Status.APPROVED: pb.DOCUMENT_STATUS_APPROVED, d.Status.RETURNED: pb.DOCUMENT_STATUS_RETURNED}
_PROGRESS = {d.Progress.PLANNED: pb.ITEM_PROGRESS_PLANNED, d.Progress.IN_PROGRESS: pb.ITEM_PROGRESS_IN_PROGRESS,
             d.Progress.DONE: pb.ITEM_PROGRESS_DONE, d.Progress.OVERDUE: pb.ITEM_PROGRESS_OVERDUE}


def kind_from(value: int) -> d.Kind | None:
    return next((k for k, v in _KIND.items() if v == value), None)


def level_from(value: int) -> d.OwnerLevel | None:
    return next((k for k, v in _LEVEL.items() if v == value), None)


def progress_from(value: int) -> str:
    return next((k.value for k, v in _PROGRESS.items() if v == value), "")


def _ts(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value.astimezone(UTC))
    return stamp


def content_from(message: pb.DocumentContent) -> dict[str, Any]:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def comment_msg(c: d.Comment) -> pb.ItemComment:
    return pb.ItemComment(item_ref=c.item_ref, text=c.text, author_name=c.author_name, at=_ts(c.at),
                          version=c.version)


def document_msg(doc: d.Document, *, progress: dict[str, tuple[str, str]] | None = None,
                 with_content: bool = True) -> pb.Document:
    message = pb.Document(
        id=doc.id, kind=_KIND[doc.kind], owner_level=_LEVEL[doc.owner_level], org_id=doc.org_id or "",
        municipality_id=doc.municipality_id, region_id=doc.region_id, owner_name=doc.owner_name, title=doc.title,
        status=_STATUS[doc.status], version=doc.version, approved_version=doc.approved_version,
        revision=doc.revision, updated_at=_ts(doc.updated_at), submitted_at=_ts(doc.submitted_at),
        comments=[comment_msg(c) for c in doc.comments])
    if doc.approved_at:
        message.approval.CopyFrom(pb.Approval(approver_name=doc.approver_name,
                                              approver_position=doc.approver_position,
                                              approved_at=_ts(doc.approved_at)))
    if with_content:
        json_format.ParseDict(doc.content, message.content, ignore_unknown_fields=True)
        today = date.today()
        for stage in message.content.stages:
            for item in stage.items:
                stored, evidence = (progress or {}).get(item.id, ("", ""))
                item.progress = _PROGRESS[d.effective_progress(stored, item.due_on, today)]
                item.evidence = evidence
    return message
