"""Pages of programs and roadmaps: the school's list and editor, the municipality's inbox and decision."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.document_reads import ItemCommentRead
from gateway.adapters.office_export import PROGRESS_TITLES, STATUS_TITLES
from gateway.entrypoints.deps import ContainerDep, PageSession, form_csrf_ok
from gateway.entrypoints.errors import problems_of, status_of
from gateway.entrypoints.vocabulary import DOCUMENT_KIND_TITLES
from gateway.entrypoints.web.pages import form_fields, render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed

router = APIRouter(include_in_schema=False)
KIND_TITLES = DOCUMENT_KIND_TITLES
ITEM_FIELDS = ("activity", "period", "due_on", "responsible", "result")


def _error(request: Request, session: AuthenticatedSession, exc: errors.DomainError) -> HTMLResponse:
    return render_page(request, "error.html", session, status_of(exc), message=exc.message)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    if not is_allowed(session.principal, Action.DOCUMENT_READ):
        return render_page(request, "error.html", session, 403, message="Документы вам недоступны")
    try:
        found = container.documents.headers(session.principal)
    except errors.DomainError as exc:
        return _error(request, session, exc)
    own = [d for d in found if d.org_id == (session.principal.org_id or "")
           or (not d.org_id and session.principal.scope.value == "municipality")]
    return render_page(request, "documents.html", session, documents=found, kinds=KIND_TITLES,
                       statuses=STATUS_TITLES, can_create=is_allowed(session.principal, Action.DOCUMENT_EDIT),
                       missing=[k for k in KIND_TITLES if k not in {d.kind for d in own}
                                and (session.principal.scope.value == "org" or k == "roadmap")])


@router.post("/documents", response_class=HTMLResponse)
async def create_document(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    if not form_csrf_ok(session, form.get("csrf_token", "")):
        return render_page(request, "error.html", session, 403, message="Форма устарела: обновите страницу")
    level = "school" if session.principal.scope.value == "org" else "municipality"
    try:
        doc = container.documents.create(session.principal, kind=form.get("kind", ""), owner_level=level)
    except errors.DomainError as exc:
        return _error(request, session, exc)
    return RedirectResponse(f"/documents/{doc.id}", status_code=303)


def _document_page(request: Request, session: AuthenticatedSession, container: ContainerDep, document_id: str, *,
                   status_code: int = 200, problems: list[dict[str, str]] | None = None,
                   notice: str = "") -> HTMLResponse:
    try:
        doc = container.documents.get(session.principal, document_id)
    except errors.DomainError as exc:
        return _error(request, session, exc)
    p = session.principal
    owner = doc.org_id == (p.org_id or "") if doc.owner_level == "school" \
        else p.scope.value == "municipality" and doc.municipality_id == p.municipality_id
    editor = owner and is_allowed(p, Action.DOCUMENT_EDIT)
    decider = not owner and is_allowed(p, Action.DOCUMENT_DECIDE) and doc.status == "submitted"
    try:
        history = container.documents.history(session.principal, document_id)
        approved = doc.content if not doc.approved_version or doc.approved_version == doc.version \
            else container.documents.get(session.principal, document_id, version=doc.approved_version).content
    except errors.DomainError as exc:
        return _error(request, session, exc)
    comments: dict[str, list[ItemCommentRead]] = {}
    for c in doc.comments:
        comments.setdefault(c.item_ref, []).append(c)
    return render_page(request, "document.html", session, status_code, doc=doc, kinds=KIND_TITLES,
                       statuses=STATUS_TITLES, progress_titles=PROGRESS_TITLES, comments=comments,
                       can_edit=editor and doc.status in ("draft", "returned", "approved"),
                       can_submit=editor and doc.status in ("draft", "returned"), can_decide=decider,
                       can_track=editor and doc.kind == "roadmap" and doc.approved_version > 0,
                       problems=problems or [], notice=notice, history=history, approved=approved)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str, session: PageSession, container: ContainerDep,
                  notice: str = "") -> Response:
    return _document_page(request, session, container, document_id[:100], notice=notice[:200])


@router.post("/documents/{document_id}", response_class=HTMLResponse)
async def document_action(request: Request, document_id: str, session: PageSession,
                          container: ContainerDep) -> Response:
    """One form endpoint: save, submit, approve, return (with per-item comments), mark progress."""
    form = await form_fields(request)
    document_id = document_id[:100]
    if not form_csrf_ok(session, form.get("csrf_token", "")):
        return render_page(request, "error.html", session, 403, message="Форма устарела: обновите страницу")
    action = form.get("action", "")
    try:
        revision = int(form.get("revision", "0"))
        if action == "save":
            current = container.documents.get(session.principal, document_id)
            container.documents.save_draft(session.principal, document_id, revision=revision,
                                           title=form.get("title", ""),
                                           content=_edited(current.content.model_dump() if current.content else {},
                                                           form))
            notice = "Изменения сохранены"
        elif action in ("submit", "approve"):
            container.documents.decide(session.principal, document_id, action=action, revision=revision)
            notice = "Отправлено на согласование" if action == "submit" else "Документ согласован"
        elif action == "return":
            comments = [{"item_ref": key.removeprefix("comment-"), "text": value} for key, value in form.items()
                        if key.startswith("comment-") and value.strip()]
            if form.get("comment", "").strip():
                comments.append({"item_ref": "", "text": form["comment"]})
            container.documents.decide(session.principal, document_id, action="return", revision=revision,
                                       comments=comments)
            notice = "Документ возвращён на доработку"
        elif action == "progress":
            container.documents.update_progress(session.principal, document_id, item_id=form.get("item_id", ""),
                                                progress=form.get("progress", ""), evidence=form.get("evidence", ""))
            notice = "Отметка сохранена"
        else:
            return render_page(request, "error.html", session, 400, message="Неизвестное действие")
    except ValueError:
        return render_page(request, "error.html", session, 400, message="Форма повреждена: обновите страницу")
    except errors.DomainError as exc:
        return _document_page(request, session, container, document_id, status_code=status_of(exc),
                              problems=problems_of(exc) or [{"field": "", "message": exc.message}])
    return RedirectResponse(f"/documents/{document_id}?notice={quote(notice)}", status_code=303)


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


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    if not is_allowed(session.principal, Action.DOCUMENT_DECIDE):
        return render_page(request, "error.html", session, 403, message="Согласование вам недоступно")
    try:
        entries = container.documents.inbox(session.principal)
    except errors.DomainError as exc:
        return _error(request, session, exc)
    return render_page(request, "inbox.html", session, entries=entries, kinds=KIND_TITLES)


@router.get("/documents/{document_id}/diff", response_class=HTMLResponse)
def diff_page(request: Request, document_id: str, session: PageSession, container: ContainerDep,
              from_version: int = 1, to_version: int = 2) -> Response:
    try:
        doc = container.documents.get(session.principal, document_id[:100])
        changes = container.documents.diff(session.principal, document_id[:100], from_version=from_version,
                                           to_version=to_version)
    except errors.DomainError as exc:
        return _error(request, session, exc)
    return render_page(request, "diff.html", session, doc=doc, changes=changes, from_version=from_version,
                       to_version=to_version)
