"""Server-rendered pages in Russian. No JavaScript: forms post back, CSRF tokens ride in hidden fields."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from gateway.adapters.office_export import STATUS_TITLES
from gateway.adapters.service_clients import MENTOR_ORIGINS
from gateway.domain.accounts import ROLE_TITLES
from gateway.entrypoints.api import presenters
from gateway.entrypoints.api.auth import set_session_cookie
from gateway.entrypoints.deps import (
    SESSION_COOKIE,
    ContainerDep,
    PageSession,
    audit_pii_read,
    client_ip,
    form_csrf_ok,
)
from gateway.entrypoints.errors import problems_of, status_of
from gateway.entrypoints.vocabulary import MENTOR_ORIGIN_TITLES
from gateway.service_layer.auth import AuthenticatedSession, TooManyAttempts
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.principal import Scope

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
LOGIN_CSRF_COOKIE = "nst_login_csrf"
FORM_FIELD_LIMIT = 2000

HOME_OF_SCOPE = {Scope.ORG: "/school/mentors", Scope.MUNICIPALITY: "/indicators", Scope.REGION: "/indicators",
                 Scope.PLATFORM: "/admin/structure"}


def render_page(request: Request, template: str, session: AuthenticatedSession | None, status_code: int = 200,
            **context: Any) -> HTMLResponse:
    user = None
    if session is not None:
        user = {"name": session.display_name, "role": ROLE_TITLES[sorted(session.principal.roles)[0]],
                "csrf": session.csrf_token, "scope": session.principal.scope.value,
                "director": is_allowed(session.principal, Action.AUDIT_READ)}
    return templates.TemplateResponse(request, template, {"user": user, **context}, status_code=status_code)


async def form_fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v)[:FORM_FIELD_LIMIT + 1] for k, v in form.items() if isinstance(v, str)}


def _split_tags(text: str) -> list[str]:
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


def _mentor_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, page_token: str = "",
                 status_code: int = 200, **context: Any) -> HTMLResponse:
    if not is_allowed(session.principal, Action.MENTOR_LIST):
        return render_page(request, "error.html", session, 403, message="Раздел доступен только сотрудникам школы")
    try:
        page = container.registry.list_mentors(session.principal, page_size=50, page_token=page_token[:500])
    except errors.DomainError as exc:
        return render_page(request, "error.html", session, status_of(exc), message=exc.message)
    audit_pii_read(request, session, action=Action.MENTOR_LIST, subject="база наставников (страница)",
                   records=len(page.mentors))
    return render_page(request, "mentors.html", session, status_code,
                   mentors=[presenters.mentor(m) for m in page.mentors], total=page.total,
                   next_page_token=page.next_page_token, origins=[(o, MENTOR_ORIGIN_TITLES[o]) for o in MENTOR_ORIGINS],
                   can_register=is_allowed(session.principal, Action.MENTOR_REGISTER), **context)


@router.get("/school/mentors", response_class=HTMLResponse)
def mentors_page(request: Request, session: PageSession, container: ContainerDep, page_token: str = "",
                 registered: str = "") -> Response:
    notice = f"Наставник «{registered[:200]}» добавлен в базу" if registered else ""
    return _mentor_page(request, session, container, page_token=page_token, notice=notice, form={})


@router.post("/school/mentors", response_class=HTMLResponse)
async def mentors_submit(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    if not form_csrf_ok(session, form.get("csrf_token", "")):
        return render_page(request, "error.html", session, 403, message="Форма устарела: обновите страницу")
    problems: list[dict[str, str]] = []
    origin = form.get("origin", "")
    if origin not in MENTOR_ORIGINS:
        problems.append({"field": "origin", "message": "Выберите, кем является наставник"})
    try:
        capacity = int(form.get("capacity", "").strip())
    except ValueError:
        capacity = 0
        problems.append({"field": "capacity", "message": "Число наставляемых: укажите целое число"})
    if not problems:
        try:
            mentor = container.registry.register_mentor(
                session.principal, full_name=form.get("full_name", ""), origin=origin, capacity=capacity,
                subjects=_split_tags(form.get("subjects", "")), competencies=_split_tags(form.get("competencies", "")))
        except errors.DomainError as exc:
            problems = problems_of(exc) or [{"field": "", "message": exc.message}]
            code = status_of(exc)
        else:
            return RedirectResponse(f"/school/mentors?registered={quote(mentor.full_name)}", status_code=303)
    else:
        code = 422
    return _mentor_page(request, session, container, status_code=code, problems=problems, form=form, notice="")


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, session: PageSession, container: ContainerDep, grouping: str = "") -> Response:
    if not is_allowed(session.principal, Action.INDICATORS_READ):
        return render_page(request, "error.html", session, 403, message="Показатели вам недоступны")
    wanted = grouping if grouping in ("organisation", "municipality") else None
    try:
        counts = presenters.mentor_counts(container.reporting.mentor_counts(session.principal, grouping=wanted))
        documents = container.reporting.document_indicators(session.principal, grouping=wanted)
    except errors.DomainError as exc:
        return render_page(request, "error.html", session, status_of(exc), message=exc.message)
    return render_page(request, "indicators.html", session, counts=counts, documents=documents,
                       statuses=STATUS_TITLES,
                   can_regroup=session.principal.scope in (Scope.REGION, Scope.PLATFORM))


@router.get("/admin/structure", response_class=HTMLResponse)
def structure_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    try:
        organisations = [presenters.organisation(o) for o in container.registry.list_organisations(session.principal)]
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
