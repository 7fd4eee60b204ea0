"""Pages of programs and roadmaps: the school's list and editor, the municipality's inbox and decision."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.document_reads import DocumentContentRead, ItemCommentRead
from gateway.adapters.office_export import PROGRESS_TITLES, STATUS_TITLES
from gateway.entrypoints.api.documents import REVISION_MAX
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, check_form_csrf
from gateway.entrypoints.errors import BrokenForm, problems_of, status_of
from gateway.entrypoints.params import DocumentVersion, Id, Notice
from gateway.entrypoints.vocabulary import DOCUMENT_DATE_FIELDS, DOCUMENT_FIELD_TITLES, DOCUMENT_KIND_TITLES
from gateway.entrypoints.web.pages import form_fields
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed

router = APIRouter(include_in_schema=False)
KIND_TITLES = DOCUMENT_KIND_TITLES
ITEM_FIELDS = ("activity", "period", "due_on", "lower_due_on", "responsible", "result")
ACTIONS = ("save", "submit", "approve", "return", "progress")
SECTION_TEXT_MAX = 20_000
"""The registry's bound of a program section (``documents.SECTION_MAX``): the editor's form is read up to it."""
DUE_YEARS = (2020, 2100)
"""The years a roadmap's dates may fall in (the registry's ``EARLIEST_YEAR``, ``LATEST_YEAR``): the date inputs
offer only those."""


@router.get("/documents", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.DOCUMENT_READ))])
def documents_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    found = container.documents.headers(session.principal)
    own = [d for d in found if d.org_id == (session.principal.org_id or "")
           or (not d.org_id and session.principal.scope.value == "municipality")
           or (d.owner_level == "region" and session.principal.scope.value == "region")]
    return render_page(request, "documents.html", session, documents=found, kinds=KIND_TITLES,
                       statuses=STATUS_TITLES, can_create=is_allowed(session.principal, Action.DOCUMENT_EDIT),
                       missing=[k for k in KIND_TITLES if k not in {d.kind for d in own}
                                and (session.principal.scope.value == "org" or k == "roadmap")])


@router.post("/documents", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.DOCUMENT_EDIT))])
async def create_document(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    level = {"org": "school", "region": "region"}.get(session.principal.scope.value, "municipality")
    doc = container.documents.create(session.principal, kind=form.get("kind", ""), owner_level=level)
    return RedirectResponse(f"/documents/{doc.id}", status_code=303)


def _document_page(request: Request, session: AuthenticatedSession, container: ContainerDep, document_id: str, *,
                   status_code: int = 200, problems: list[dict[str, str]] | None = None,
                   notice: str = "", typed: dict[str, str] | None = None) -> HTMLResponse:
    """The document's page; ``typed`` (the editor's form of a refused save or submission) is shown in place of
    the stored title and cells, so nothing typed is lost to a refusal."""
    doc = container.documents.get(session.principal, document_id)
    if typed is not None and doc.content is not None:
        doc = doc.model_copy(update={
            "title": typed.get("title", doc.title),
            "content": DocumentContentRead.model_validate(_edited(doc.content.model_dump(), typed))})
    p = session.principal
    owner = doc.org_id == (p.org_id or "") if doc.owner_level == "school" \
        else p.scope.value == "region" and doc.region_id == p.region_id if doc.owner_level == "region" \
        else p.scope.value == "municipality" and doc.municipality_id == p.municipality_id
    editor = owner and is_allowed(p, Action.DOCUMENT_EDIT)
    decider = not owner and is_allowed(p, Action.DOCUMENT_DECIDE) and doc.status == "submitted"
    history = container.documents.history(session.principal, document_id)
    approved = doc.content if not doc.approved_version or doc.approved_version == doc.version \
        else container.documents.get(session.principal, document_id, version=doc.approved_version).content
    comments: dict[str, list[ItemCommentRead]] = {}
    for c in doc.comments:
        comments.setdefault(c.item_ref, []).append(c)
    return render_page(request, "document.html", session, status_code, doc=doc, kinds=KIND_TITLES,
                       statuses=STATUS_TITLES, progress_titles=PROGRESS_TITLES, comments=comments,
                       can_edit=editor and doc.status in ("draft", "returned", "approved"),
                       can_submit=editor and doc.status in ("draft", "returned"), can_decide=decider,
                       can_track=editor and doc.kind == "roadmap" and doc.approved_version > 0,
                       problems=problems or [], notice=notice, history=history, approved=approved,
                       due_min=f"{DUE_YEARS[0]}-01-01", due_max=f"{DUE_YEARS[1]}-12-31")


@router.get("/documents/{document_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.DOCUMENT_READ))])
def document_page(request: Request, document_id: Id, session: PageSession, container: ContainerDep,
                  notice: Notice = "") -> Response:
    return _document_page(request, session, container, document_id, notice=notice)


# One route for the document's forms; the one gate is reading it, since editing and deciding belong to different
# roles (the registry refuses the rest, and the refusal comes back on the document's page).
@router.post("/documents/{document_id}", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.DOCUMENT_READ))])
async def document_action(request: Request, document_id: Id, session: PageSession,
                          container: ContainerDep) -> Response:
    """One form endpoint: save, submit, approve, return (with per-item comments), mark progress."""
    form = await form_fields(request, limit=SECTION_TEXT_MAX)
    check_form_csrf(session, form.get("csrf_token"))
    action = form.get("action", "")
    revision_text = form.get("revision", "0").strip()
    if action not in ACTIONS:
        raise BrokenForm("Неизвестное действие")
    if not (revision_text.isascii() and revision_text.isdigit()) or len(revision_text) > 10 \
            or int(revision_text) > REVISION_MAX:
        raise BrokenForm("Форма повреждена: обновите страницу")
    revision = int(revision_text)
    try:
        if action == "save":
            _save(session, container, document_id, revision, form)
            notice = "Изменения сохранены"
        elif action == "submit":
            # What is on the page is what is sent: unsaved edits are saved first (with the page's revision, so a
            # stale page gets the 409 and keeps what was typed), then the saved revision is submitted.
            revision = _save(session, container, document_id, revision, form, only_changed=True, submitting=True)
            container.documents.decide(session.principal, document_id, action="submit", revision=revision)
            notice = "Отправлено на согласование"
        elif action == "approve":
            container.documents.decide(session.principal, document_id, action=action, revision=revision)
            notice = "Документ согласован"
        elif action == "return":
            comments = [{"item_ref": key.removeprefix("comment-"), "text": value} for key, value in form.items()
                        if key.startswith("comment-") and value.strip()]
            if form.get("comment", "").strip():
                comments.append({"item_ref": "", "text": form["comment"]})
            container.documents.decide(session.principal, document_id, action="return", revision=revision,
                                       comments=comments)
            notice = "Документ возвращён на доработку"
        else:  # progress
            container.documents.update_progress(session.principal, document_id, item_id=form.get("item_id", ""),
                                                progress=form.get("progress", ""), evidence=form.get("evidence", ""))
            notice = "Отметка сохранена"
    except errors.DomainError as exc:
        return _document_page(request, session, container, document_id, status_code=status_of(exc),
                              problems=problems_of(exc) or [{"field": "", "message": exc.message}],
                              typed=form if action in ("save", "submit") else None)
    return RedirectResponse(f"/documents/{document_id}?notice={quote(notice)}", status_code=303)


def _save(session: AuthenticatedSession, container: ContainerDep, document_id: str, revision: int,
          form: dict[str, str], *, only_changed: bool = False, submitting: bool = False) -> int:
    """Save the editor's form over the stored document; returns the revision to go on from. With
    ``only_changed`` an unchanged form saves nothing (a returned document is not revised for nothing), but a
    stale revision is still refused by the step that follows. ``submitting``: a program with an empty section is
    refused before anything is saved (the registry refuses its submission too, but only after the save)."""
    current = container.documents.get(session.principal, document_id)
    before = current.content.model_dump() if current.content else {}
    content = _edited(copy.deepcopy(before), form)
    title = form.get("title", current.title)
    if not title.strip():
        # The registry reads an empty title as «keep the title» (the API's default): an emptied field is refused here.
        raise errors.ValidationFailed([errors.FieldProblem("title", "Название документа: от 1 до 300 символов")])
    if submitting and (empty := [p for p in content.get("sections", []) if not str(p.get("text") or "").strip()]):
        raise errors.ValidationFailed([errors.FieldProblem(
            "content", f"Раздел «{p['title']}» не заполнен: заполните его, прежде чем отправлять программу на "
                       "согласование") for p in empty])
    if only_changed and content == before and title == current.title:
        return revision
    return container.documents.save_draft(session.principal, document_id, revision=revision, title=title,
                                          content=content).revision


def _edited(content: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """The form carries one field per editable cell: ``item-<id>-<field>`` and ``section-<key>``."""
    for stage in content.get("stages", []):
        for item in stage.get("items", []):
            for name in ITEM_FIELDS:
                key = f"item-{item['id']}-{name}"
                if key in form:
                    item[name] = form[key]
    for part in content.get("sections", []):
        if f"section-{part['key']}" in form:
            part["text"] = form[f"section-{part['key']}"]
    return content


@router.get("/inbox", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.DOCUMENT_DECIDE))])
def inbox_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    entries = container.documents.inbox(session.principal)
    return render_page(request, "inbox.html", session, entries=entries, kinds=KIND_TITLES)


@router.get("/documents/{document_id}/diff", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.DOCUMENT_READ))])
def diff_page(request: Request, document_id: Id, session: PageSession, container: ContainerDep,
              from_version: DocumentVersion = 1, to_version: DocumentVersion = 2) -> Response:
    doc = container.documents.get(session.principal, document_id)
    changes = container.documents.diff(session.principal, document_id, from_version=from_version,
                                       to_version=to_version)
    return render_page(request, "diff.html", session, doc=doc, changes=changes, from_version=from_version,
                       to_version=to_version, field_titles=DOCUMENT_FIELD_TITLES, date_fields=DOCUMENT_DATE_FIELDS)
