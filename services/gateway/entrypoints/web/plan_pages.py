"""The pair's plan document page (issue 12 item 2), linked from the pair's work page: a teacher mentee's
personalised program or a student's development plan — the draft form, the two agreements (the curator records the
mentor's from paper), progress per item. The rules are monitoring's; names come from matching (ADR 008)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.monitoring_reads import PlanDocumentRead
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, Notice
from gateway.entrypoints.vocabulary import PLAN_KIND_TITLES, PLAN_PARTY_TITLES, PLAN_PROGRESS_TITLES
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed

router = APIRouter(include_in_schema=False)
EMPTY_ROWS = 3
"""Blank item rows the draft form offers below the saved ones (save, and three more appear)."""
MAX_ROWS = 60


def _number(text: str) -> int:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else 0


def _page(request: Request, session: AuthenticatedSession, container: ContainerDep, pair_id: str, *,
          status_code: int = 200, problems: list[dict[str, str]] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    pair = container.matching.get_pair(p, pair_id)  # names, as the caller; a stranger's pair is a 404 here
    try:
        document: PlanDocumentRead | None = container.monitoring.plan_document(p, pair_id)
    except errors.NotFound:
        document = None  # published a moment ago: monitoring learns it from matching.events shortly (ADR 008)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject=f"план пары {pair_id}",
                   records=len(document.items) if document else 0)
    agreed_by = {a.party for a in document.agreements} if document else set()
    return render_page(request, "pair_plan.html", session, status_code, pair=pair, document=document,
                       kinds=PLAN_KIND_TITLES, progress_titles=PLAN_PROGRESS_TITLES, parties=PLAN_PARTY_TITLES,
                       # a mentor's login agrees as the mentor only (the curator's agreement is the curator's)
                       pending=[party for party in PLAN_PARTY_TITLES if party not in agreed_by
                                and (p.participant_role is None or party == "mentor")],
                       empty_rows=range(EMPTY_ROWS), problems=problems or [], notice=notice,
                       can_record=is_allowed(p, Action.PAIR_WORK_RECORD) and document is not None)


def _back(pair_id: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"/school/pairs/{quote(pair_id)}/plan-document?notice={quote(notice)}", status_code=303)


@router.get("/school/pairs/{pair_id}/plan-document", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def plan_page(request: Request, pair_id: Id, session: PageSession, container: ContainerDep,
              notice: Notice = "") -> Response:
    return _page(request, session, container, pair_id, notice=notice)


@router.post("/school/pairs/{pair_id}/plan-document", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
async def save_plan(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    items = []
    for n in range(MAX_ROWS):
        row = {key: form.get(f"item_{key}_{n}", "").strip() for key in ("id", "title", "due_on", "expected_product")}
        if row["id"] or row["title"] or row["due_on"]:  # a blank row is no item; a half-filled one is refused there
            items.append({**row, "id": row["id"][:100], "due_on": row["due_on"][:10]})
    deficits = [line for line in form.get("deficits", "").splitlines() if line.strip()]
    try:
        container.monitoring.save_plan_document(
            session.principal, pair_id, term_start=form.get("term_start", "")[:10],
            term_end=form.get("term_end", "")[:10], deficits=deficits, final_product=form.get("final_product", ""),
            items=items)
    except errors.DomainError as exc:
        return _page(request, session, container, pair_id, status_code=status_of(exc), problems=problems_from(exc))
    return _back(pair_id, "План сохранён")


@router.post("/school/pairs/{pair_id}/plan-document/agreements", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
async def agree_plan(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        container.monitoring.agree_plan_document(session.principal, pair_id, party=form.get("party", "")[:20],
                                                 version=_number(form.get("version", "")))
    except errors.DomainError as exc:
        return _page(request, session, container, pair_id, status_code=status_of(exc), problems=problems_from(exc))
    return _back(pair_id, "Согласование записано")


@router.post("/school/pairs/{pair_id}/plan-document/progress", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
async def record_progress(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        container.monitoring.record_plan_progress(
            session.principal, pair_id, item_id=form.get("item_id", "")[:100], progress=form.get("progress", "")[:20],
            on=form.get("on", "")[:10], note=form.get("note", ""))
    except errors.DomainError as exc:
        return _page(request, session, container, pair_id, status_code=status_of(exc), problems=problems_from(exc))
    return _back(pair_id, "Ход выполнения отмечен")
