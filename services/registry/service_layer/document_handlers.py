"""Use cases of programs and roadmaps: create from the template, edit, submit, approve, return, track."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from mentorship_kit.errors import FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Scope
from registry.adapters import templates
from registry.domain import documents as d
from registry.domain.events import DocumentTransitioned, RoadmapProgressChanged
from registry.service_layer.unit_of_work import UnitOfWork


def _id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise NotFound("Документ не найден") from None


def _now() -> datetime:
    return datetime.now(UTC)


def _load(uow: UnitOfWork, document_id: str, *, for_update: bool = False, version: int = 0) -> d.Document:
    doc = uow.documents.get(_id(document_id), for_update=for_update, version=version)
    if doc is None:
        raise NotFound("Документ не найден" if not version else f"Версия {version} документа не найдена")
    return doc


def _counts(uow: UnitOfWork, doc: d.Document) -> tuple[int, int, int]:
    if doc.kind is not d.Kind.ROADMAP:
        return 0, 0, 0
    progress = {k: v[0] for k, v in uow.documents.progress(doc.id).items()}
    return d.progress_counts(doc.content, progress, _now().date())


def _announce(uow: UnitOfWork, doc: d.Document) -> None:
    total, done, overdue = _counts(uow, doc)
    items: tuple[tuple[str, str, str], ...] = ()
    if doc.kind is d.Kind.ROADMAP and doc.status is d.Status.APPROVED:
        stored = uow.documents.progress(doc.id)
        items = tuple((i["id"], i.get("due_on", ""), stored.get(i["id"], ("planned", ""))[0])
                      for s in doc.content.get("stages", []) for i in s.get("items", []))
    uow.collect(DocumentTransitioned(doc, total, done, overdue, items))


def create(kind: d.Kind, owner_level: d.OwnerLevel, uow: UnitOfWork) -> d.Document:
    require(uow.principal, Action.DOCUMENT_EDIT)
    principal = uow.principal
    with uow:
        if principal.scope is Scope.ORG:
            org = uow.structure.organisation(principal.org_id or "")
            owner = org.name if org else ""
        elif principal.scope is Scope.REGION:
            region = uow.structure.region(principal.region_id or "")
            owner = region.name if region else ""
        else:
            municipality = uow.structure.municipality(principal.municipality_id or "")
            owner = municipality.name if municipality else ""
        if not owner:
            raise NotFound("Организация пользователя не найдена в реестре")
        doc = d.new_document(kind=kind, owner_level=owner_level, principal=principal, owner_name=owner,
                             template=templates.load(kind, owner_level), now=_now())
        uow.documents.add(doc, created_by_name=principal.display_name)
        uow.commit()
    return doc


def get(document_id: str, version: int, uow: UnitOfWork) -> tuple[d.Document, dict[str, tuple[str, str]]]:
    require(uow.principal, Action.DOCUMENT_READ)
    with uow:
        doc = _load(uow, document_id, version=version)
        return doc, uow.documents.progress(doc.id)


def save_draft(document_id: str, revision: int, title: str, content: dict[str, Any],
               uow: UnitOfWork) -> d.Document:
    require(uow.principal, Action.DOCUMENT_EDIT)
    with uow:
        doc = _load(uow, document_id, for_update=True)
        saved, opened = d.save_draft(doc, principal=uow.principal, revision=revision, title=title, content=content,
                                     now=_now())
        uow.documents.save(saved, created_by_name=uow.principal.display_name, new_version=opened)
        uow.commit()
    return saved


Step = Callable[[d.Document], tuple[d.Document, d.Transition]]


def _decide(document_id: str, action: Action, step: Step, uow: UnitOfWork) -> d.Document:
    """Submit, approve or return: one locked transition, recorded and announced in one transaction."""
    require(uow.principal, action)
    with uow:
        doc, transition = step(_load(uow, document_id, for_update=True))
        uow.documents.save(doc, created_by_name=uow.principal.display_name, new_version=False)
        uow.documents.record(doc, transition)
        _announce(uow, doc)
        uow.commit()
    return doc


def submit(document_id: str, revision: int, uow: UnitOfWork) -> d.Document:
    return _decide(document_id, Action.DOCUMENT_EDIT,
                   lambda doc: d.submit(doc, principal=uow.principal, revision=revision, now=_now()), uow)


def approve(document_id: str, revision: int, uow: UnitOfWork) -> d.Document:
    return _decide(document_id, Action.DOCUMENT_DECIDE,
                   lambda doc: d.approve(doc, principal=uow.principal, revision=revision, now=_now()), uow)


def return_with_comments(document_id: str, revision: int, comments: list[d.Comment],
                         uow: UnitOfWork) -> d.Document:
    return _decide(document_id, Action.DOCUMENT_DECIDE,
                   lambda doc: d.return_with_comments(doc, principal=uow.principal, revision=revision,
                                                      comments=comments, now=_now()), uow)


def list_headers(kind: d.Kind | None, org_id: str, municipality_id: str, uow: UnitOfWork) -> list[d.Document]:
    require(uow.principal, Action.DOCUMENT_READ)
    with uow:
        found = uow.documents.headers(kind=kind, org_id=(org_id and _id(org_id)) or None,
                                      municipality_id=(municipality_id and _id(municipality_id)) or None)
    # The approved roadmaps of the tiers above are readable (row-level security admits them) but are not the
    # caller's documents: they are listed by ``upper_roadmaps``.
    above = _ABOVE.get(uow.principal.scope, set())
    return [doc for doc in found if doc.owner_level not in above]


_ABOVE = {Scope.ORG: {d.OwnerLevel.MUNICIPALITY, d.OwnerLevel.REGION}, Scope.MUNICIPALITY: {d.OwnerLevel.REGION}}


def upper_roadmaps(uow: UnitOfWork) -> list[tuple[d.Document, dict[str, tuple[str, str]]]]:
    """The approved roadmaps of the caller's municipality and region (issue 15 item 1), read-only: each at its
    approved version with the progress marked by its owner. A school sees both, a municipality its region's."""
    require(uow.principal, Action.DOCUMENT_READ)
    above = _ABOVE.get(uow.principal.scope, set())
    found: list[tuple[d.Document, dict[str, tuple[str, str]]]] = []
    with uow:
        for level in [lv for lv in (d.OwnerLevel.MUNICIPALITY, d.OwnerLevel.REGION) if lv in above]:  # nearest first
            for header in uow.documents.headers(kind=d.Kind.ROADMAP, owner_level=level):
                if not header.approved_version:
                    continue
                doc = uow.documents.get(header.id, version=header.approved_version)
                if doc is not None:
                    found.append((replace(doc, version=doc.approved_version), uow.documents.progress(doc.id)))
    return found


def inbox(uow: UnitOfWork) -> list[tuple[d.Document, int]]:
    """What waits for the caller's decision, oldest first, with how long it has waited."""
    require(uow.principal, Action.DOCUMENT_DECIDE)
    level = d.OwnerLevel.SCHOOL if uow.principal.scope is Scope.MUNICIPALITY else d.OwnerLevel.MUNICIPALITY
    now = _now()
    with uow:
        waiting = uow.documents.headers(status=d.Status.SUBMITTED, owner_level=level)
    return [(doc, int((now - (doc.submitted_at or now)).total_seconds())) for doc in waiting]


def versions(document_id: str, uow: UnitOfWork) -> list[d.VersionInfo]:
    require(uow.principal, Action.DOCUMENT_READ)
    with uow:
        _load(uow, document_id)
        return uow.documents.versions(_id(document_id))


def diff(document_id: str, from_version: int, to_version: int, uow: UnitOfWork) -> list[dict[str, str]]:
    require(uow.principal, Action.DOCUMENT_READ)
    with uow:
        old = uow.documents.content_of(_id(document_id), from_version)
        new = uow.documents.content_of(_id(document_id), to_version)
    if old is None or new is None:
        raise NotFound("Версия документа не найдена")
    return d.diff(old, new)


def history(document_id: str, uow: UnitOfWork) -> tuple[list[d.TransitionRecord], tuple[d.Comment, ...]]:
    require(uow.principal, Action.DOCUMENT_READ)
    with uow:
        _load(uow, document_id)
        return uow.documents.transitions(_id(document_id)), uow.documents.comments(_id(document_id))


def update_progress(document_id: str, item_id: str, progress: str, evidence: str,
                    uow: UnitOfWork) -> d.Document:
    require(uow.principal, Action.DOCUMENT_EDIT)
    with uow:
        doc = _load(uow, document_id, for_update=True)
        if doc.kind is not d.Kind.ROADMAP or not doc.approved_version:
            raise ValidationFailed([FieldProblem("document_id",
                                                 "Ход выполнения отмечают в согласованной дорожной карте")])
        if not d.owns(uow.principal, doc):
            raise NotFound("Документ не найден")
        approved = uow.documents.content_of(doc.id, doc.approved_version) or {}
        if item_id not in {i["id"] for s in approved.get("stages", []) for i in s.get("items", [])}:
            raise ValidationFailed([FieldProblem("item_id", "Такого пункта нет в согласованной дорожной карте")])
        if progress not in (d.Progress.PLANNED, d.Progress.IN_PROGRESS, d.Progress.DONE):
            raise ValidationFailed([FieldProblem("progress", "Отметка: запланировано, выполняется или выполнено")])
        evidence = " ".join((evidence or "").split())
        if progress == d.Progress.DONE and not evidence:
            raise ValidationFailed([FieldProblem("evidence", "Для выполненного пункта укажите подтверждение: "
                                                             "документ, ссылку или примечание")])
        if len(evidence) > d.TEXT_MAX:
            raise ValidationFailed([FieldProblem("evidence", f"Подтверждение не длиннее {d.TEXT_MAX} символов")])
        uow.documents.set_progress(doc, item_id=item_id, progress=progress, evidence=evidence,
                                   by=uow.principal.display_name, at=_now())
        stored = {k: v[0] for k, v in uow.documents.progress(doc.id).items()}
        total, done, overdue = d.progress_counts(approved, stored, _now().date())
        uow.collect(RoadmapProgressChanged(doc, item_id, progress, total, done, overdue))
        uow.commit()
    return doc
