"""The registry's DocumentService as the gateway uses it; replies are read models of
:mod:`gateway.adapters.document_reads` (the convention: :mod:`gateway.adapters.proto_json`)."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf import json_format
from google.protobuf.message import Message

from gateway.adapters.document_reads import ChangeRead, DocumentRead, HistoryRead, InboxEntryRead, VersionInfoRead
from gateway.adapters.service_clients import _Client
from mentorship.registry.v1 import documents_pb2 as pb
from mentorship.registry.v1 import documents_pb2_grpc
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal

# Progress is tracked on the approved roadmap, not written with a draft: an editor may send back what it read.
_READ_ONLY_ITEM_FIELDS = ("progress", "evidence")
def _enum(name: str, prefix: str, value: str) -> int:
    try:
        return int(getattr(pb, f"{prefix}{value.upper()}"))
    except AttributeError:
        raise ValidationFailed([FieldProblem(name, "Недопустимое значение")]) from None


class DocumentClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._stub = documents_pb2_grpc.DocumentServiceStub(channel)

    def create(self, p: Principal, *, kind: str, owner_level: str) -> DocumentRead:
        request = pb.CreateDocumentRequest(kind=_enum("kind", "DOCUMENT_KIND_", kind),  # type: ignore[arg-type]
                                           owner_level=_enum("owner_level", "OWNER_LEVEL_", owner_level))  # type: ignore[arg-type]
        return DocumentRead.of(self._call(self._stub.CreateDocument, request, p))

    def get(self, p: Principal, document_id: str, *, version: int = 0) -> DocumentRead:
        request = pb.GetDocumentRequest(document_id=document_id, version=version)
        return DocumentRead.of(self._call(self._stub.GetDocument, request, p))

    def headers(self, p: Principal, *, kind: str = "", org_id: str = "",
                municipality_id: str = "") -> list[DocumentRead]:
        request = pb.ListDocumentsRequest(kind=_enum("kind", "DOCUMENT_KIND_", kind) if kind else 0,  # type: ignore[arg-type]
                                          org_id=org_id, municipality_id=municipality_id)
        return [DocumentRead.of(d) for d in self._call(self._stub.ListDocuments, request, p).documents]

    def save_draft(self, p: Principal, document_id: str, *, revision: int, title: str,
                   content: dict[str, Any]) -> DocumentRead:
        message = pb.DocumentContent()
        editable = {**content, "stages": [
            {**stage, "items": [{k: v for k, v in item.items() if k not in _READ_ONLY_ITEM_FIELDS}
                                for item in stage.get("items", []) if isinstance(item, dict)]}
            for stage in content.get("stages", []) if isinstance(stage, dict)]} if isinstance(
            content.get("stages", []), list) else content
        try:
            json_format.ParseDict(editable, message, ignore_unknown_fields=False)
        except json_format.ParseError as exc:
            raise ValidationFailed([FieldProblem("content", f"Содержание документа не по форме: {exc}"[:300])]) from exc
        request = pb.SaveDraftRequest(document_id=document_id, revision=revision, title=title, content=message)
        return DocumentRead.of(self._call(self._stub.SaveDraft, request, p))

    def decide(self, p: Principal, document_id: str, *, action: str, revision: int,
               comments: list[dict[str, str]] | None = None) -> DocumentRead:
        if action == "return":
            request: Message = pb.ReturnRequest(document_id=document_id, revision=revision, comments=[
                pb.ItemComment(item_ref=c.get("item_ref", ""), text=c.get("text", "")) for c in comments or []])
            return DocumentRead.of(self._call(self._stub.Return, request, p))
        method = {"submit": self._stub.Submit, "approve": self._stub.Approve}[action]
        return DocumentRead.of(self._call(method, pb.DecisionRequest(document_id=document_id, revision=revision), p))

    def versions(self, p: Principal, document_id: str) -> list[VersionInfoRead]:
        reply = self._call(self._stub.ListVersions, pb.GetDocumentRequest(document_id=document_id), p)
        return [VersionInfoRead.of(v) for v in reply.versions]

    def diff(self, p: Principal, document_id: str, *, from_version: int, to_version: int) -> list[ChangeRead]:
        request = pb.DiffRequest(document_id=document_id, from_version=from_version, to_version=to_version)
        return [ChangeRead.of(c) for c in self._call(self._stub.Diff, request, p).changes]

    def history(self, p: Principal, document_id: str) -> HistoryRead:
        return HistoryRead.of(self._call(self._stub.History, pb.GetDocumentRequest(document_id=document_id), p))

    def inbox(self, p: Principal) -> list[InboxEntryRead]:
        return [InboxEntryRead.of(e) for e in self._call(self._stub.Inbox, pb.InboxRequest(), p).entries]

    def update_progress(self, p: Principal, document_id: str, *, item_id: str, progress: str,
                        evidence: str) -> DocumentRead:
        request = pb.UpdateProgressRequest(document_id=document_id, item_id=item_id, evidence=evidence,
                                           progress=_enum("progress", "ITEM_PROGRESS_", progress))  # type: ignore[arg-type]
        return DocumentRead.of(self._call(self._stub.UpdateProgress, request, p))
