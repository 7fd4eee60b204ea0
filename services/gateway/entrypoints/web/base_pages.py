"""The school's bases as lists — mentors (with the competency vocabulary), mentees, requests — and the regional
base of mentors, the one list the outer contour sees (public profiles of mentors who consented to it)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Choice, IdFilter, Notice, PageToken, SearchText
from gateway.entrypoints.vocabulary import (
    MENTEE_CATEGORY_TITLES,
    MENTOR_LEVEL_TITLES,
    MENTOR_ORIGIN_TITLES,
    MENTORING_FORM_TITLES,
    PERSON_KIND_TITLES,
    REQUEST_SOURCE_TITLES,
    REQUEST_STATUS_TITLES,
    REQUEST_TRANSITIONS,
)
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.pair_pages import mentor_load
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def next_url(path: str, filters: dict[str, str], token: str) -> str:
    """The link «Следующая страница →» keeps the filters; none when there is no next page."""
    if not token:
        return ""
    return f"{path}?{urlencode({k: v for k, v in {**filters, 'page_token': token}.items() if v})}"


def _pick(value: str, allowed: dict[str, str]) -> str:
    return value if value in allowed else ""


# -- mentors ----------------------------------------------------------------------------------------------
def _mentors_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *,
                  filters: dict[str, str], page_token: str = "", status_code: int = 200, notice: str = "",
                  problems: list[dict[str, str]] | None = None) -> HTMLResponse:
    p = session.principal
    page = container.participants.list_mentors(p, page_size=PAGE_SIZE, page_token=page_token,
                                               query=filters["query"], origin=filters["origin"],
                                               active_only=bool(filters["active_only"]))
    vocabulary = container.participants.competencies(p)
    load = mentor_load(container, p) if is_allowed(p, Action.PAIR_READ) else None
    audit_pii_read(request, session, action=Action.MENTOR_LIST, subject="база наставников (страница)",
                   records=len(page.mentors))
    return render_page(request, "mentors.html", session, status_code, mentors=page.mentors, total=page.total,
                       filters=filters, next_url=next_url("/school/mentors", filters, page.next_page_token),
                       origins=MENTOR_ORIGIN_TITLES, levels=MENTOR_LEVEL_TITLES, vocabulary=vocabulary, load=load,
                       can_register=is_allowed(p, Action.MENTOR_REGISTER), notice=notice, problems=problems or [])


def _mentor_filters(query: str = "", origin: str = "", active_only: str = "") -> dict[str, str]:
    return {"query": query.strip(), "origin": _pick(origin, MENTOR_ORIGIN_TITLES),
            "active_only": "1" if active_only else ""}


@router.get("/school/mentors", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.MENTOR_LIST))])
def mentors_page(request: Request, session: PageSession, container: ContainerDep, query: SearchText = "",
                 origin: Choice = "", active_only: Choice = "", page_token: PageToken = "",
                 notice: Notice = "") -> Response:
    return _mentors_page(request, session, container, filters=_mentor_filters(query, origin, active_only),
                         page_token=page_token, notice=notice)


@router.post("/school/competencies", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTOR_REGISTER))])
async def add_competency(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    term = form.get("term", "")
    try:
        container.participants.add_competency(session.principal, term)
    except errors.DomainError as exc:
        return _mentors_page(request, session, container, filters=_mentor_filters(), status_code=status_of(exc),
                             problems=problems_from(exc))
    notice = f"Компетенция «{' '.join(term.split())[:200]}» добавлена в словарь школы"
    return RedirectResponse(f"/school/mentors?notice={quote(notice)}", status_code=303)


# -- mentees ----------------------------------------------------------------------------------------------
@router.get("/school/mentees", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.MENTEE_LIST))])
def mentees_page(request: Request, session: PageSession, container: ContainerDep, query: SearchText = "",
                 category: Choice = "", kind: Choice = "", active_only: Choice = "",
                 page_token: PageToken = "") -> Response:
    kinds = {k: v for k, v in PERSON_KIND_TITLES.items() if k != "external"}
    filters = {"query": query.strip(), "category": _pick(category, MENTEE_CATEGORY_TITLES),
               "kind": _pick(kind, kinds), "active_only": "1" if active_only else ""}
    page = container.participants.list_mentees(
        session.principal, query=filters["query"], category=filters["category"], person_kind=filters["kind"],
        active_only=bool(filters["active_only"]), page_size=PAGE_SIZE, page_token=page_token)
    audit_pii_read(request, session, action=Action.MENTEE_LIST, subject="база наставляемых (страница)",
                   records=len(page.mentees))
    return render_page(request, "mentees.html", session, mentees=page.mentees, total=page.total,
                       filters=filters, next_url=next_url("/school/mentees", filters, page.next_page_token),
                       categories=MENTEE_CATEGORY_TITLES, kinds=kinds)


# -- requests ---------------------------------------------------------------------------------------------
def requests_page_view(request: Request, session: AuthenticatedSession, container: ContainerDep, *, status: str = "",
                       page_token: str = "", status_code: int = 200, notice: str = "",
                       problems: list[dict[str, str]] | None = None) -> HTMLResponse:
    filters = {"status": _pick(status, REQUEST_STATUS_TITLES)}
    page = container.participants.list_requests(session.principal, status=filters["status"], page_size=PAGE_SIZE,
                                                page_token=page_token)
    audit_pii_read(request, session, action=Action.MENTEE_LIST, subject="запросы наставляемых (страница)",
                   records=len(page.requests))
    # The registry pages requests newest first.
    return render_page(request, "requests.html", session, status_code, requests=page.requests, total=page.total,
                       filters=filters, next_url=next_url("/school/requests", filters, page.next_page_token),
                       statuses=REQUEST_STATUS_TITLES, transitions=REQUEST_TRANSITIONS, forms=MENTORING_FORM_TITLES,
                       sources=REQUEST_SOURCE_TITLES, notice=notice, problems=problems or [],
                       can_change=is_allowed(session.principal, Action.REQUEST_MANAGE))


@router.get("/school/requests", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.MENTEE_LIST))])
def requests_page(request: Request, session: PageSession, container: ContainerDep, status: Choice = "",
                  page_token: PageToken = "", notice: Notice = "") -> Response:
    return requests_page_view(request, session, container, status=status, page_token=page_token, notice=notice)


# -- the regional base ------------------------------------------------------------------------------------
@router.get("/regional-mentors", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.MENTOR_PUBLIC_SEARCH))])
def regional_mentors_page(request: Request, session: PageSession, container: ContainerDep, query: SearchText = "",
                          origin: Choice = "", municipality_id: IdFilter = "", page_token: PageToken = "") -> Response:
    p = session.principal
    filters = {"query": query.strip(), "origin": _pick(origin, MENTOR_ORIGIN_TITLES),
               "municipality_id": municipality_id.strip()}
    municipalities: list[Any] = container.registry.list_municipalities(p, region_id=p.region_id or "")
    page = container.participants.search_public(p, query=filters["query"], origin=filters["origin"],
                                                municipality_id=filters["municipality_id"], page_size=PAGE_SIZE,
                                                page_token=page_token)
    audit_pii_read(request, session, action=Action.MENTOR_PUBLIC_SEARCH, subject="региональная база наставников",
                   records=len(page.mentors))
    return render_page(request, "regional_mentors.html", session, mentors=page.mentors, total=page.total,
                       filters=filters, next_url=next_url("/regional-mentors", filters, page.next_page_token),
                       origins=MENTOR_ORIGIN_TITLES, municipalities=[(m.id, m.name) for m in municipalities])
