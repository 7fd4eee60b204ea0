"""Server-rendered pages in Russian. No JavaScript: forms post back, CSRF tokens ride in hidden fields."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from gateway.adapters.office_export import STATUS_TITLES
from gateway.domain.accounts import ROLE_TITLES
from gateway.entrypoints.api.auth import set_session_cookie
from gateway.entrypoints.deps import (
    SESSION_COOKIE,
    ContainerDep,
    PageSession,
    client_ip,
    form_csrf_ok,
)
from gateway.entrypoints.errors import problems_of, status_of
from gateway.entrypoints.vocabulary import field_title
from gateway.service_layer.auth import AuthenticatedSession, TooManyAttempts
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.principal import Scope

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
LOGIN_CSRF_COOKIE = "nst_login_csrf"
FORM_FIELD_LIMIT = 2000
STALE_FORM = "Форма устарела: обновите страницу"

HOME_OF_SCOPE = {Scope.ORG: "/school/mentors", Scope.MUNICIPALITY: "/indicators", Scope.REGION: "/indicators",
                 Scope.PLATFORM: "/admin/structure"}

# The navigation shows a section only to whom the policy opens it; the routes check again on their own.
NAV_FLAGS = {"director": Action.AUDIT_READ, "people": Action.PERSON_READ, "mentors": Action.MENTOR_LIST,
             "mentees": Action.MENTEE_LIST, "importer": Action.PERSON_IMPORT,
             "regional_base": Action.MENTOR_PUBLIC_SEARCH}


def _ru_date(value: str | None) -> str:
    """ISO date or timestamp → «дд.мм.гггг» (the registry sends both; blank stays blank)."""
    text = (value or "")[:10]
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    return text


def _ru_time(value: str | None) -> str:
    text = value or ""
    return f"{_ru_date(text)} {text[11:16]}".strip() if len(text) >= 16 else _ru_date(text)


def _plural(number: int, one: str, few: str, many: str) -> str:
    """«1 строку», «3 строки», «5 строк»: the Russian form that follows a number."""
    n = abs(int(number))
    form = many if 11 <= n % 100 <= 14 else one if n % 10 == 1 else few if 2 <= n % 10 <= 4 else many
    return f"{number} {form}"


templates.env.filters["ru_date"] = _ru_date
templates.env.filters["plural"] = _plural
templates.env.filters["ru_time"] = _ru_time
templates.env.globals["field_title"] = field_title  # labels come from the one vocabulary


def render_page(request: Request, template: str, session: AuthenticatedSession | None, status_code: int = 200,
            **context: Any) -> HTMLResponse:
    user = None
    if session is not None:
        user = {"name": session.display_name, "role": ROLE_TITLES[sorted(session.principal.roles)[0]],
                "csrf": session.csrf_token, "scope": session.principal.scope.value,
                **{flag: is_allowed(session.principal, action) for flag, action in NAV_FLAGS.items()}}
    return templates.TemplateResponse(request, template, {"user": user, **context}, status_code=status_code)


def error_page(request: Request, session: AuthenticatedSession, status_code: int, message: str) -> HTMLResponse:
    return render_page(request, "error.html", session, status_code, message=message)


def failure_page(request: Request, session: AuthenticatedSession, exc: errors.DomainError) -> HTMLResponse:
    return error_page(request, session, status_of(exc), exc.message)


def problems_from(exc: errors.DomainError) -> list[dict[str, str]]:
    """What to list in a page's alert block: every field problem, or the one message."""
    return problems_of(exc) or [{"field": "", "message": exc.message}]


async def form_fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v)[:FORM_FIELD_LIMIT + 1] for k, v in form.items() if isinstance(v, str)}


async def form_lists(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Single values and, for checkbox groups, every value of a repeated field."""
    form = await request.form()
    single = {k: str(v)[:FORM_FIELD_LIMIT + 1] for k, v in form.items() if isinstance(v, str)}
    many: dict[str, list[str]] = {}
    for key in form:
        many[key] = [str(v)[:FORM_FIELD_LIMIT] for v in form.getlist(key) if isinstance(v, str)][:200]
    return single, many


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, container: ContainerDep, error: str = "") -> Response:
    if container.sso is not None:
        return render_page(request, "login.html", None, sso=True, error=error[:200])
    token = secrets.token_urlsafe(24)
    response = render_page(request, "login.html", None, csrf=token, error=error[:200])
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login")
    return response


@router.post("/login")
async def login_submit(request: Request, container: ContainerDep) -> Response:
    if container.sso is not None:
        return render_page(request, "login.html", None, 400, sso=True,
                       error="Вход по паролю отключён: используйте единый вход")
    form = await form_fields(request)
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, form.get("csrf_token", "")):
        return render_page(request, "login.html", None, 403, csrf=cookie or secrets.token_urlsafe(24),
                       error="Сеанс входа устарел: обновите страницу и попробуйте снова")
    try:
        session = container.auth.login(form.get("username", "")[:200], form.get("password", "")[:200],
                                       client_ip=client_ip(request))
    except (errors.Unauthenticated, TooManyAttempts) as exc:
        return render_page(request, "login.html", None, status_of(exc), csrf=cookie, error=exc.message,
                       username=form.get("username", "")[:200])
    response = RedirectResponse(HOME_OF_SCOPE.get(session.principal.scope, "/"), status_code=303)
    set_session_cookie(response, session.token, container)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout_submit(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    target = "/login"
    if form_csrf_ok(session, form.get("csrf_token", "")):
        if container.sso is not None:
            target = container.sso.logout_url(session, after=f"{container.settings.base_url}/login") or target
        container.auth.logout(session)
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(session: PageSession) -> Response:
    return RedirectResponse(HOME_OF_SCOPE.get(session.principal.scope, "/login"), status_code=303)


PARTICIPANT_COLUMNS = ("mentor", "mentor.origin.teacher", "mentor.origin.student", "mentor.outside", "mentee",
                       "mentee.student", "mentee.staff", "request.status.open", "consent.participation.given",
                       "consent.participation.withdrawn", "transition.staff", "transition.student")


def participant_cells(counts: dict[str, Any], derived: dict[str, Any]) -> list[int]:
    """One row of the «Базы участников» table: facets and the figures reporting derived («внешних»), as sent."""
    values = {**counts, **derived}
    return [int(values.get(column, 0)) for column in PARTICIPANT_COLUMNS]


def _participant_section(container: ContainerDep, session: AuthenticatedSession,
                         grouping: str | None) -> dict[str, Any]:
    try:
        found = container.reporting.participant_counts(session.principal, grouping=grouping)
    except errors.DomainError as exc:
        # One unavailable section should not hide the others: the page shows the reason in its place.
        return {"error": exc.message, "rows": [], "totals": [], "appendix": []}
    return {"error": "", "grouping": found.grouping,
            "totals": participant_cells(found.totals, found.derived_totals),
            "rows": [{**row.model_dump(), "cells": participant_cells(row.counts, row.derived)} for row in found.rows],
            "appendix": found.appendix_indicators}


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, session: PageSession, container: ContainerDep, grouping: str = "") -> Response:
    if not is_allowed(session.principal, Action.INDICATORS_READ):
        return error_page(request, session, 403, "Показатели вам недоступны")
    wanted = grouping if grouping in ("organisation", "municipality") else None
    try:
        counts = container.reporting.mentor_counts(session.principal, grouping=wanted)
        documents = container.reporting.document_indicators(session.principal, grouping=wanted)
    except errors.DomainError as exc:
        return failure_page(request, session, exc)
    return render_page(request, "indicators.html", session, counts=counts, documents=documents,
                       statuses=STATUS_TITLES, participants=_participant_section(container, session, wanted),
                       can_regroup=session.principal.scope in (Scope.REGION, Scope.PLATFORM))


@router.get("/admin/structure", response_class=HTMLResponse)
def structure_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    try:
        organisations = container.registry.list_organisations(session.principal)
        municipalities = {m.id: m.name for m in container.registry.list_municipalities(session.principal)}
    except errors.DomainError as exc:
        return render_page(request, "error.html", session, status_of(exc), message=exc.message)
    return render_page(request, "structure.html", session, organisations=organisations, municipalities=municipalities)


@router.get("/school/audit", response_class=HTMLResponse)
def audit_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    try:
        entries = container.audit.recent(session.principal, limit=500)
    except errors.DomainError as exc:
        return render_page(request, "error.html", session, status_of(exc), message=exc.message)
    return render_page(request, "audit.html", session, entries=entries)
