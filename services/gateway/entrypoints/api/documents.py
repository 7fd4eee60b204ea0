"""Programs and roadmaps over REST: the school writes and submits, the municipality decides, the region
decides municipal roadmaps and reads everything. Documents are not personal data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import Field

from gateway.adapters import office_export
from gateway.adapters.document_reads import ChangeRead, DocumentRead, HistoryRead, InboxEntryRead, VersionInfoRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.deps import ChangingSession, CurrentPrincipal, Documents, allowed
from gateway.entrypoints.params import DocumentVersion, IdFilter
from gateway.entrypoints.params import Id as DocumentId
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/documents", tags=["Программы и дорожные карты"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}})
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}
REVISION_MAX = 2**31 - 1
"""The contract carries a revision as int32; a larger one can only be a stranger's (the registry would say 409)."""
Revision = Annotated[int, Field(ge=0, le=REVISION_MAX,
                                description="The revision the editor started from; a stale one gets 409")]
_read, _edit, _decide = (Depends(allowed(Action.DOCUMENT_READ)), Depends(allowed(Action.DOCUMENT_EDIT)),
                         Depends(allowed(Action.DOCUMENT_DECIDE)))


class DocumentCreate(schemas.Strict):
    kind: Annotated[str, Field(pattern="^(program|roadmap)$", description="program | roadmap")]
    owner_level: Annotated[str, Field(pattern="^(school|municipality|region)$")] = "school"


class DraftSave(schemas.Strict):
    revision: Revision
    title: Annotated[str, Field(max_length=2000)] = ""
    content: dict[str, Any] = Field(description="stages[].items[] for a roadmap; sections[] and annual_plan[] "
                                                "for a program")


class Decision(schemas.Strict):
    revision: Revision


class CommentIn(schemas.Strict):
    item_ref: Annotated[str, Field(max_length=100)] = ""
    text: Annotated[str, Field(max_length=4000)]


class ReturnDecision(schemas.Strict):
    revision: Revision
    comments: Annotated[list[CommentIn], Field(max_length=200)]


class ProgressUpdate(schemas.Strict):
    item_id: Annotated[str, Field(max_length=100)]
    progress: Annotated[str, Field(pattern="^(planned|in_progress|done)$")]
    evidence: Annotated[str, Field(max_length=4000)] = ""


@router.post("", status_code=201, response_model=DocumentRead, dependencies=[_edit],
             responses={409: {"model": schemas.ErrorResponse}})
def create_document(body: DocumentCreate, session: ChangingSession, documents: Documents) -> DocumentRead:
    return documents.create(session.principal, kind=body.kind, owner_level=body.owner_level)


@router.get("", response_model=list[DocumentRead], dependencies=[_read])
def list_documents(principal: CurrentPrincipal, documents: Documents,
                   kind: Annotated[str, Query(pattern="^(program|roadmap)?$")] = "",
                   org_id: IdFilter = "",
                   municipality_id: IdFilter = "") -> list[DocumentRead]:
    return documents.headers(principal, kind=kind, org_id=org_id, municipality_id=municipality_id)


@router.get("/inbox", response_model=list[InboxEntryRead], dependencies=[_decide])
def inbox(principal: CurrentPrincipal, documents: Documents) -> list[InboxEntryRead]:
    """What waits for the caller's decision, oldest first, with ``waiting_seconds``."""
    return documents.inbox(principal)


@router.get("/inbox/export.xlsx", dependencies=[_decide], response_class=Response,
            responses={200: {"content": {XLSX: {}}}})
def inbox_xlsx(principal: CurrentPrincipal, documents: Documents) -> Response:
    body = office_export.inbox_xlsx([e.model_dump() for e in documents.inbox(principal)],
                                    title=f"Документы на согласовании на {datetime.now(UTC):%d.%m.%Y}")
    return Response(body, media_type=XLSX, headers=_attachment("na-soglasovanii.xlsx"))


@router.get("/{document_id}/export.docx", dependencies=[_read], response_class=Response,
            responses={200: {"content": {DOCX: {}}}})
def document_docx(document_id: DocumentId, principal: CurrentPrincipal, documents: Documents,
                  version: Annotated[int, Query(ge=0, le=10_000)] = 0) -> Response:
    """The approved version when there is one (a newer draft is not what was approved), else the working
    version; ``version`` asks for another. Only the approved version carries the approval block."""
    header = documents.get(principal, document_id)
    wanted = version or header.approved_version or header.version
    document = header if wanted == header.version else documents.get(principal, document_id, version=wanted)
    exported = {**document.model_dump(), "version": wanted,
                "approved": bool(header.approved_version) and wanted == header.approved_version}
    name = f"{document.kind}-v{wanted}.docx"
    return Response(office_export.document_docx(exported), media_type=DOCX, headers=_attachment(name))


@router.get("/{document_id}", response_model=DocumentRead, dependencies=[_read])
def get_document(document_id: DocumentId, principal: CurrentPrincipal, documents: Documents,
                 version: Annotated[int, Query(ge=0, le=10_000)] = 0) -> DocumentRead:
    return documents.get(principal, document_id, version=version)


@router.put("/{document_id}/draft", response_model=DocumentRead, dependencies=[_edit],
            responses={409: {"model": schemas.ErrorResponse}, 422: {"model": schemas.ErrorResponse}})
def save_draft(document_id: DocumentId, body: DraftSave, session: ChangingSession,
               documents: Documents) -> DocumentRead:
    return documents.save_draft(session.principal, document_id, revision=body.revision, title=body.title,
                                content=body.content)


@router.post("/{document_id}/submit", response_model=DocumentRead, dependencies=[_edit],
             responses={409: {"model": schemas.ErrorResponse}})
def submit(document_id: DocumentId, body: Decision, session: ChangingSession, documents: Documents) -> DocumentRead:
    return documents.decide(session.principal, document_id, action="submit", revision=body.revision)


@router.post("/{document_id}/approve", response_model=DocumentRead, dependencies=[_decide],
             responses={409: {"model": schemas.ErrorResponse}})
def approve(document_id: DocumentId, body: Decision, session: ChangingSession, documents: Documents) -> DocumentRead:
    return documents.decide(session.principal, document_id, action="approve", revision=body.revision)


@router.post("/{document_id}/return", response_model=DocumentRead, dependencies=[_decide],
             responses={409: {"model": schemas.ErrorResponse}, 422: {"model": schemas.ErrorResponse}})
def return_document(document_id: DocumentId, body: ReturnDecision, session: ChangingSession,
                    documents: Documents) -> DocumentRead:
    return documents.decide(session.principal, document_id, action="return", revision=body.revision,
                            comments=[c.model_dump() for c in body.comments])


@router.get("/{document_id}/versions", response_model=list[VersionInfoRead], dependencies=[_read])
def versions(document_id: DocumentId, principal: CurrentPrincipal, documents: Documents) -> list[VersionInfoRead]:
    return documents.versions(principal, document_id)


@router.get("/{document_id}/diff", response_model=list[ChangeRead], dependencies=[_read])
def diff(document_id: DocumentId, principal: CurrentPrincipal, documents: Documents,
         from_version: DocumentVersion, to_version: DocumentVersion,
         ) -> list[ChangeRead]:
    return documents.diff(principal, document_id, from_version=from_version, to_version=to_version)


@router.get("/{document_id}/history", response_model=HistoryRead, dependencies=[_read])
def history(document_id: DocumentId, principal: CurrentPrincipal, documents: Documents) -> HistoryRead:
    return documents.history(principal, document_id)


@router.post("/{document_id}/progress", response_model=DocumentRead, dependencies=[_edit],
             responses={422: {"model": schemas.ErrorResponse}})
def update_progress(document_id: DocumentId, body: ProgressUpdate, session: ChangingSession,
                    documents: Documents) -> DocumentRead:
    return documents.update_progress(session.principal, document_id, item_id=body.item_id, progress=body.progress,
                                     evidence=body.evidence)
