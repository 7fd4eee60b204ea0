"""gRPC entry points of programs and roadmaps."""

from __future__ import annotations

from typing import TypeAlias

import grpc

from mentorship.registry.v1 import documents_pb2 as pb
from mentorship.registry.v1 import documents_pb2_grpc
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.grpc_server import ServicerBase
from registry.adapters import document_codec as codec
from registry.domain.documents import Comment
from registry.service_layer import document_handlers as handlers
from registry.service_layer.unit_of_work import UnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


class DocumentServicer(ServicerBase[UnitOfWork], documents_pb2_grpc.DocumentServiceServicer):

    def CreateDocument(self, request: pb.CreateDocumentRequest, context: Ctx) -> pb.Document:
        kind, level = codec.kind_from(request.kind), codec.level_from(request.owner_level)
        if kind is None or level is None:
            raise ValidationFailed([FieldProblem("kind", "Укажите вид документа и уровень владельца")])
        return codec.document_msg(handlers.create(kind, level, self.uow()))

    def GetDocument(self, request: pb.GetDocumentRequest, context: Ctx) -> pb.Document:
        doc, progress = handlers.get(request.document_id, request.version, self.uow())
        return codec.document_msg(doc, progress=progress)

    def ListDocuments(self, request: pb.ListDocumentsRequest, context: Ctx) -> pb.ListDocumentsResponse:
        found = handlers.list_headers(codec.kind_from(request.kind), request.org_id, request.municipality_id,
                                      self.uow())
        return pb.ListDocumentsResponse(documents=[codec.document_msg(doc, with_content=False) for doc in found])

    def SaveDraft(self, request: pb.SaveDraftRequest, context: Ctx) -> pb.Document:
        doc = handlers.save_draft(request.document_id, request.revision, request.title,
                                  codec.content_from(request.content), self.uow())
        return codec.document_msg(doc)

    def Submit(self, request: pb.DecisionRequest, context: Ctx) -> pb.Document:
        return codec.document_msg(handlers.submit(request.document_id, request.revision, self.uow()))

    def Approve(self, request: pb.DecisionRequest, context: Ctx) -> pb.Document:
        return codec.document_msg(handlers.approve(request.document_id, request.revision, self.uow()))

    def Return(self, request: pb.ReturnRequest, context: Ctx) -> pb.Document:
        comments = [Comment(c.item_ref, c.text) for c in request.comments]
        return codec.document_msg(handlers.return_with_comments(request.document_id, request.revision, comments,
                                                                self.uow()))

    def ListVersions(self, request: pb.GetDocumentRequest, context: Ctx) -> pb.ListVersionsResponse:
        found = handlers.versions(request.document_id, self.uow())
        return pb.ListVersionsResponse(versions=[
            pb.VersionInfo(version=v.version, status=codec._STATUS[v.status], created_at=codec._ts(v.created_at),
                           created_by_name=v.created_by_name) for v in found])

    def Diff(self, request: pb.DiffRequest, context: Ctx) -> pb.DiffResponse:
        changes = handlers.diff(request.document_id, request.from_version, request.to_version, self.uow())
        return pb.DiffResponse(changes=[pb.Change(**c) for c in changes])

    def History(self, request: pb.GetDocumentRequest, context: Ctx) -> pb.HistoryResponse:
        transitions, comments = handlers.history(request.document_id, self.uow())
        return pb.HistoryResponse(
            transitions=[pb.Transition(from_status=t.from_status, to_status=t.to_status, version=t.version,
                                       actor_name=t.actor_name, actor_role=t.actor_role, at=codec._ts(t.at),
                                       comments=t.comments) for t in transitions],
            comments=[codec.comment_msg(c) for c in comments])

    def Inbox(self, request: pb.InboxRequest, context: Ctx) -> pb.InboxResponse:
        return pb.InboxResponse(entries=[
            pb.InboxEntry(document=codec.document_msg(doc, with_content=False), waiting_seconds=waiting)
            for doc, waiting in handlers.inbox(self.uow())])

    def UpdateProgress(self, request: pb.UpdateProgressRequest, context: Ctx) -> pb.Document:
        doc = handlers.update_progress(request.document_id, request.item_id, codec.progress_from(request.progress),
                                       request.evidence, self.uow())
        fresh, progress = handlers.get(doc.id, 0, self.uow())
        return codec.document_msg(fresh, progress=progress)
