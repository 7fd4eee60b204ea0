"""Pages of the school's register (issue 14 item 1, issue 15 item 5, ADR 025): the school records its
scientific-practical events and its practices, the municipal or regional expert reviews the practices, and every
tier of the region searches the catalogue of best practices (000 App. 3). Titles and counts travel; the authors of
a practice are shown to its own school only."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Choice, Id, IdFilter, Notice, PageToken, SearchText
from gateway.entrypoints.vocabulary import MENTORING_FORM_TITLES
from gateway.entrypoints.web.pages import FORM_FIELD_LIMIT, form_lists, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.vocabulary import (
    EVENT_KIND_TITLES,
    EVENT_LEVEL_TITLES,
    EVENT_ROLE_TITLES,
    PRACTICE_STATE_TITLES,
    REVIEW_LEVEL_TITLES,
)

router = APIRouter(include_in_schema=False)
FORMS = {k: v for k, v in MENTORING_FORM_TITLES.items() if k}
LINKS_TEXT_MAX = FORM_FIELD_LIMIT  # links one per line; a form field is read up to this length
COUNT_FIELDS = ("participants", "teachers", "partners", "mentors", "mentees")
TITLES: dict[str, Any] = {"kinds": EVENT_KIND_TITLES, "levels": EVENT_LEVEL_TITLES, "roles": EVENT_ROLE_TITLES,
          "states": PRACTICE_STATE_TITLES, "review_levels": REVIEW_LEVEL_TITLES, "forms": FORMS}


def _back(url: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"{url}{'&' if '?' in url else '?'}notice={quote(notice)}", status_code=303)


def _count(value: str, field: str) -> int:
    try:
        return int(value.strip() or "0")
    except ValueError:
        raise errors.ValidationFailed([errors.FieldProblem(field, "Введите целое число")]) from None


# -- the school's events -------------------------------------------------------------------------------------------

def _events_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, status_code: int = 200,
                 problems: list[dict[str, str]] | None = None, typed: dict[str, str] | None = None,
                 notice: str = "") -> HTMLResponse:
    found = container.register.events(session.principal)
    return render_page(request, "school_events.html", session, status_code, events=found.events, **TITLES,
                       typed=typed or {}, problems=problems or [], notice=notice)


@router.get("/school/events", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
def school_events(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _events_page(request, session, container, notice=notice)


@router.post("/school/events", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
async def record_event(request: Request, session: PageSession, container: ContainerDep) -> Response:
    single, _ = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    typed = {k: single.get(k, "") for k in ("title", "held_on", "kind", "level", "role", "host", *COUNT_FIELDS)}
    try:
        values: dict[str, Any] = {**typed, **{f: _count(typed[f], f) for f in COUNT_FIELDS}}
        container.register.record_event(session.principal, values)
    except errors.DomainError as exc:
        return _events_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                            typed=typed)
    return _back("/school/events", "Мероприятие записано в реестр")


@router.post("/school/events/{event_id}/remove", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
async def remove_event(request: Request, event_id: Id, session: PageSession, container: ContainerDep) -> Response:
    single, _ = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    container.register.remove_event(session.principal, event_id)
    return _back("/school/events", "Мероприятие удалено из реестра")


# -- the school's practices ------------------------------------------------------------------------------------

def _practice_values(single: dict[str, str], many: dict[str, list[str]]) -> dict[str, Any]:
    return {"title": single.get("title", ""), "forms": many.get("forms", []),
            "summary": single.get("practice_summary", ""), "authors": single.get("authors", ""),
            "links": [line.strip() for line in single.get("links", "").splitlines() if line.strip()]}


def _practices_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *,
                    status_code: int = 200, problems: list[dict[str, str]] | None = None,
                    typed: dict[str, Any] | None = None, notice: str = "") -> HTMLResponse:
    found = container.register.practices(session.principal)
    return render_page(request, "school_practices.html", session, status_code, practices=found.practices, **TITLES,
                       typed=typed or {}, problems=problems or [], notice=notice)


@router.get("/school/practices", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
def school_practices(request: Request, session: PageSession, container: ContainerDep,
                     notice: Notice = "") -> Response:
    return _practices_page(request, session, container, notice=notice)


@router.post("/school/practices", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
async def record_practice(request: Request, session: PageSession, container: ContainerDep) -> Response:
    single, many = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    values = _practice_values(single, many)
    try:
        container.register.record_practice(session.principal, values)
    except errors.DomainError as exc:
        return _practices_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                               typed={**values, "links": single.get("links", "")})
    return _back("/school/practices", "Практика подана на экспертизу")


@router.post("/school/practices/{practice_id}", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
async def update_practice(request: Request, practice_id: Id, session: PageSession, container: ContainerDep) -> Response:
    single, many = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    try:
        container.register.update_practice(session.principal, practice_id, _practice_values(single, many))
    except errors.DomainError as exc:
        return _practices_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc))
    return _back("/school/practices", "Практика исправлена и снова подана на экспертизу")


@router.post("/school/practices/{practice_id}/publication", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
async def publish_practice(request: Request, practice_id: Id, session: PageSession,
                           container: ContainerDep) -> Response:
    single, _ = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    published = single.get("published") == "yes"
    try:
        container.register.publish_practice(session.principal, practice_id, published)
    except errors.DomainError as exc:
        return _practices_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc))
    return _back("/school/practices", "Практика опубликована в каталоге" if published else "Практика снята с каталога")


# -- the expert review ---------------------------------------------------------------------------------------------

def _review_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, status_code: int = 200,
                 problems: list[dict[str, str]] | None = None, notice: str = "") -> HTMLResponse:
    found = container.register.practices(session.principal)
    waiting = [p for p in found.practices if p.state in ("submitted", "under_review")]
    done = [p for p in found.practices if p.state not in ("submitted", "under_review")]
    return render_page(request, "practice_review.html", session, status_code, waiting=waiting, done=done, **TITLES,
                       region=session.principal.scope.value == "region", problems=problems or [], notice=notice)


@router.get("/practices/review", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PRACTICE_REVIEW))])
def practice_review(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _review_page(request, session, container, notice=notice)


@router.post("/practices/{practice_id}/review", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PRACTICE_REVIEW))])
async def take_into_review(request: Request, practice_id: Id, session: PageSession,
                           container: ContainerDep) -> Response:
    single, _ = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    try:
        container.register.take_into_review(session.principal, practice_id)
    except errors.DomainError as exc:
        return _review_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc))
    return _back("/practices/review", "Практика взята на экспертизу")


@router.post("/practices/{practice_id}/decision", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PRACTICE_REVIEW))])
async def decide_practice(request: Request, practice_id: Id, session: PageSession,
                          container: ContainerDep) -> Response:
    single, _ = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    passed = single.get("decision") == "passed"
    try:
        container.register.decide_practice(session.principal, practice_id, passed=passed,
                                           note=single.get("review_note", ""),
                                           review_level=single.get("review_level", ""))
    except errors.DomainError as exc:
        return _review_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc))
    return _back("/practices/review", "Практика прошла экспертизу" if passed else "Практика возвращена на доработку")


# -- the region's catalogue ---------------------------------------------------------------------------------------

@router.get("/practices", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PRACTICE_CATALOGUE))])
def catalogue(request: Request, session: PageSession, container: ContainerDep, query: SearchText = "",
              form: Choice = "", municipality_id: IdFilter = "", page_token: PageToken = "") -> Response:
    p = session.principal
    found = container.register.search_catalogue(p, query=query, form=form if form in FORMS else "",
                                                municipality_id=municipality_id, page_token=page_token)
    following = urlencode({"query": query, "form": form, "municipality_id": municipality_id,
                           "page_token": found.next_page_token}) if found.next_page_token else ""
    return render_page(request, "practice_catalogue.html", session, found=found, **TITLES,
                       municipalities={m.id: m.name for m in container.registry.list_municipalities(
                           p, region_id=p.region_id or "")},
                       search={"query": query, "form": form, "municipality_id": municipality_id},
                       record=is_allowed(p, Action.REGISTER_RECORD),
                       next_url=f"/practices?{following}" if following else "")


@router.get("/practices/{practice_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PRACTICE_CATALOGUE))])
def practice_card(request: Request, practice_id: Id, session: PageSession, container: ContainerDep) -> Response:
    practice = container.register.practice(session.principal, practice_id)
    return render_page(request, "practice_card.html", session, practice=practice, **TITLES)
