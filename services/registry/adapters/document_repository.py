"""Programs and roadmaps in PostgreSQL. Row-level security limits every query to the caller's reach;
``get(..., for_update=True)`` locks the row so that two concurrent saves are serialised and the second
one meets the new revision (and is refused) instead of overwriting the first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, insert, select, update
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentorship_kit.errors import Conflict
from registry.adapters.tables import (
    document_comments,
    document_transitions,
    document_versions,
    documents,
    roadmap_progress,
)
from registry.domain.documents import (
    Comment,
    Document,
    Kind,
    OwnerLevel,
    Status,
    Transition,
    TransitionRecord,
    VersionInfo,
)


def _tenant(doc: Document) -> dict[str, Any]:
    return {"org_id": doc.org_id, "municipality_id": doc.municipality_id or None, "region_id": doc.region_id}


def _header(doc: Document) -> dict[str, Any]:
    return {"kind": doc.kind.value, "owner_level": doc.owner_level.value, **_tenant(doc), "owner_name": doc.owner_name,
            "title": doc.title, "status": doc.status.value, "version": doc.version,
            "approved_version": doc.approved_version, "revision": doc.revision, "updated_at": doc.updated_at,
            "submitted_at": doc.submitted_at, "approver_name": doc.approver_name,
            "approver_position": doc.approver_position, "approved_at": doc.approved_at}


def _document(row: Row[Any], content: dict[str, Any], comments: tuple[Comment, ...] = ()) -> Document:
    return Document(
        id=str(row.id), kind=Kind(row.kind), owner_level=OwnerLevel(row.owner_level),
        org_id=str(row.org_id) if row.org_id else None, municipality_id=str(row.municipality_id or ""),
        region_id=str(row.region_id), owner_name=row.owner_name, title=row.title, status=Status(row.status),
        version=row.version, approved_version=row.approved_version, revision=row.revision, content=content,
        updated_at=row.updated_at, submitted_at=row.submitted_at, approver_name=row.approver_name,
        approver_position=row.approver_position, approved_at=row.approved_at, comments=comments)


class SqlDocumentRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, doc: Document, *, created_by_name: str) -> None:
        try:
            with self._s.begin_nested():
                self._s.execute(insert(documents).values(id=doc.id, **_header(doc)))
        except IntegrityError as exc:
            raise Conflict("Такой документ у организации уже есть: откройте его из списка документов") from exc
        self._put_version(doc, created_by_name=created_by_name, new=True)

    def get(self, document_id: str, *, for_update: bool = False, version: int = 0) -> Document | None:
        q = select(documents).where(documents.c.id == document_id)
        row = self._s.execute(q.with_for_update() if for_update else q).first()
        if row is None:
            return None
        content = self.content_of(document_id, version or row.version)
        if content is None:
            return None
        comments: tuple[Comment, ...] = ()
        if row.status in (Status.RETURNED.value, Status.DRAFT.value):  # what the school is answering
            comments = self._latest_return_comments(document_id)
        return _document(row, content, comments)

    def save(self, doc: Document, *, created_by_name: str, new_version: bool) -> None:
        self._s.execute(update(documents).where(documents.c.id == doc.id).values(**_header(doc)))
        self._put_version(doc, created_by_name=created_by_name, new=new_version)

    def _put_version(self, doc: Document, *, created_by_name: str, new: bool) -> None:
        if new:
            self._s.execute(insert(document_versions).values(
                document_id=doc.id, version=doc.version, **_tenant(doc), content=doc.content,
                status=doc.status.value, created_at=doc.updated_at, created_by_name=created_by_name))
        else:
            self._s.execute(update(document_versions).where(
                document_versions.c.document_id == doc.id, document_versions.c.version == doc.version,
            ).values(content=doc.content, status=doc.status.value))

    def record(self, doc: Document, transition: Transition) -> None:
        self._s.execute(insert(document_transitions).values(
            document_id=doc.id, **_tenant(doc), version=transition.version, from_status=transition.from_status.value,
            to_status=transition.to_status.value, actor_id=transition.actor_id, actor_name=transition.actor_name,
            actor_role=transition.actor_role, at=transition.at, comments=len(transition.comments)))
        if transition.comments:
            self._s.execute(insert(document_comments), [
                {"document_id": doc.id, **_tenant(doc), "version": c.version, "item_ref": c.item_ref, "text": c.text,
                 "author_name": c.author_name, "at": c.at} for c in transition.comments])

    def content_of(self, document_id: str, version: int) -> dict[str, Any] | None:
        row = self._s.execute(select(document_versions.c.content).where(
            document_versions.c.document_id == document_id, document_versions.c.version == version)).first()
        return dict(row.content) if row else None

    def comments(self, document_id: str, *, version: int | None = None) -> tuple[Comment, ...]:
        q = select(document_comments).where(document_comments.c.document_id == document_id)
        if version is not None:
            q = q.where(document_comments.c.version == version)
        rows = self._s.execute(q.order_by(document_comments.c.id)).all()
        return tuple(Comment(r.item_ref, r.text, r.author_name, r.at, r.version) for r in rows)

    def _latest_return_comments(self, document_id: str) -> tuple[Comment, ...]:
        latest = self._s.execute(select(document_transitions.c.version).where(
            document_transitions.c.document_id == document_id, document_transitions.c.to_status == "returned")
            .order_by(document_transitions.c.id.desc()).limit(1)).scalar()
        approved_later = self._s.execute(select(document_transitions.c.id).where(
            document_transitions.c.document_id == document_id, document_transitions.c.to_status == "approved",
            document_transitions.c.version > (latest or 0))).first()
        return self.comments(document_id, version=latest) if latest and not approved_later else ()

    def versions(self, document_id: str) -> list[VersionInfo]:
        rows = self._s.execute(select(document_versions.c.version, document_versions.c.status,
                                      document_versions.c.created_at, document_versions.c.created_by_name)
                               .where(document_versions.c.document_id == document_id)
                               .order_by(document_versions.c.version)).all()
        return [VersionInfo(r.version, Status(r.status), r.created_at, r.created_by_name) for r in rows]

    def transitions(self, document_id: str) -> list[TransitionRecord]:
        rows = self._s.execute(select(document_transitions).where(
            document_transitions.c.document_id == document_id).order_by(document_transitions.c.id)).all()
        return [TransitionRecord(r.version, r.from_status, r.to_status, r.actor_name, r.actor_role, r.at, r.comments)
                for r in rows]

    def headers(self, *, kind: Kind | None = None, org_id: str | None = None, municipality_id: str | None = None,
                status: Status | None = None, owner_level: OwnerLevel | None = None) -> list[Document]:
        conditions = [c for c in (
            documents.c.kind == kind.value if kind else None,
            documents.c.org_id == org_id if org_id else None,
            documents.c.municipality_id == municipality_id if municipality_id else None,
            documents.c.status == status.value if status else None,
            documents.c.owner_level == owner_level.value if owner_level else None,
        ) if c is not None]
        q = select(documents).order_by(documents.c.submitted_at.nulls_last(), documents.c.owner_name)
        if conditions:
            q = q.where(and_(*conditions))
        return [_document(r, {}) for r in self._s.execute(q).all()]

    def progress(self, document_id: str) -> dict[str, tuple[str, str]]:
        rows = self._s.execute(select(roadmap_progress.c.item_id, roadmap_progress.c.progress,
                                      roadmap_progress.c.evidence)
                               .where(roadmap_progress.c.document_id == document_id)).all()
        return {r.item_id: (r.progress, r.evidence) for r in rows}

    def set_progress(self, doc: Document, *, item_id: str, progress: str, evidence: str, by: str,
                     at: datetime) -> None:
        values = {"progress": progress, "evidence": evidence, "updated_at": at, "updated_by_name": by}
        self._s.execute(upsert(roadmap_progress).values(document_id=doc.id, item_id=item_id, **_tenant(doc),
                                                        **values)
                        .on_conflict_do_update(index_elements=["document_id", "item_id"], set_=values))
