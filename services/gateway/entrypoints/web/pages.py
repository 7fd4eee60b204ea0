"""Server-rendered pages in Russian. No JavaScript: forms post back, CSRF tokens ride in hidden fields.

How a page is written (the same way as a REST route):
- the route names its one gate: ``dependencies=[Depends(allowed(Action.X))]`` (or ``Depends(PUBLIC)``); the
  policy-matrix test walks every page × role, and a page without a gate fails it;
- URL inputs carry their bounds as ``Annotated`` aliases (``entrypoints/params.py``), shared with the API;
- the body just calls the clients: a ``DomainError``, a refused gate, a bound, an unknown URL or an oversized
  body becomes the one Russian error page (``errors.failure``); a visitor without a session goes to /login;
- a form checks its token with ``check_form_csrf`` and catches ``DomainError`` only to show the form again with
  its problems and what was typed (422/409 and friends, nothing typed is lost);
- ``is_allowed`` only shows or hides a button for an optional action (``can_register``), never gates.
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters import indicator_export
from gateway.adapters.evaluation_export import period_title
from gateway.adapters.office_export import STATUS_TITLES
from gateway.adapters.read_cache import reads_at
from gateway.entrypoints.api.auth import set_session_cookie
from gateway.entrypoints.api.documents import DOCX, XLSX, _attachment
from gateway.entrypoints.deps import (
    PUBLIC,
    SESSION_COOKIE,
    ContainerDep,
    PageSession,
    allowed,
    client_ip,
    form_csrf_ok,
)
from gateway.entrypoints.errors import problems_of, status_of
from gateway.entrypoints.params import AgeBound, Choice, IdFilter, SchoolYear
from gateway.entrypoints.vocabulary import PAIR_COUNT_TITLES
from gateway.entrypoints.web import charts, indicator_view, ru_format
from gateway.entrypoints.web.indicator_view import Drill, IndicatorView, participant_cells, unit_link
from gateway.entrypoints.web.kpi_section import kpi_section, kpi_tables
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer import today
from gateway.service_layer.auth import TooManyAttempts
from mentorship_kit import errors
from mentorship_kit.policy import Action
from mentorship_kit.principal import Scope
from mentorship_kit.vocabulary import EVALUATION_LEVEL_TITLES, LIGHT_TITLES

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "nst_login_csrf"
FORM_FIELD_LIMIT = 2000

HOME = "/"
"""Where every role lands after login: «На сегодня», what needs doing (``service_layer/today.py``)."""


def problems_from(exc: errors.DomainError) -> list[dict[str, str]]:
    """What to list in a page's alert block: every field problem, or the one message."""
    return problems_of(exc) or [{"field": "", "message": exc.message}]


async def form_fields(request: Request, limit: int = FORM_FIELD_LIMIT) -> dict[str, str]:
    """A form's values, each cut one past ``limit`` (the longest field the form has): the service then refuses
    an over-long value with its own message instead of the page shortening it silently."""
    form = await request.form()
    return {k: str(v)[:limit + 1] for k, v in form.items() if isinstance(v, str)}


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


@router.get("/healthz", dependencies=[Depends(PUBLIC)])
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/login", response_class=HTMLResponse, dependencies=[Depends(PUBLIC)])
def login_page(request: Request, container: ContainerDep,
               error: Annotated[str, Query(max_length=200)] = "") -> Response:
    if container.sso is not None:
        return render_page(request, "login.html", None, sso=True, error=error)
    token = secrets.token_urlsafe(24)
    response = render_page(request, "login.html", None, csrf=token, error=error)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login")
    return response


@router.post("/login", dependencies=[Depends(PUBLIC)])
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
    response = RedirectResponse(HOME, status_code=303)
    set_session_cookie(response, session.token, container)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", dependencies=[Depends(allowed(Action.SESSION))])
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


@router.get("/", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.SESSION))])
def home(request: Request, session: PageSession, container: ContainerDep) -> Response:
    """Every role's own list: each section is shown only to roles whose policy allows its action."""
    tasks = today.today(session.principal, container)
    return render_page(request, "home.html", session, tasks=tasks, pending=today.pending(tasks),
                       information=today.INFORMATION)


def _participant_section(view: IndicatorView) -> dict[str, Any]:
    found = view.participants
    if found is None:
        # One unavailable section should not hide the others: the page shows the reason in its place.
        return {"error": view.participants_error, "rows": [], "totals": [], "appendix": [], "routes": [],
                "route_totals": (0, 0)}
    return {"error": "", "grouping": found.grouping,
            # teachers' ИОМ with a ЦНППМ tutor (ADR 011): routes started and roadmap items done, per unit
            "routes": [(row.unit_id, row.unit_name, row.counts.get("route", 0), row.counts.get("route.item.done", 0))
                       for row in found.rows],
            "route_totals": (found.totals.get("route", 0), found.totals.get("route.item.done", 0)),
            "totals": participant_cells(found.totals, found.derived_totals),
            "rows": [(row.unit_id, row.unit_name, participant_cells(row.counts, row.derived)) for row in found.rows],
            "appendix": found.appendix_indicators}


def _pair_section(view: IndicatorView) -> dict[str, Any]:
    """«Наставнические пары»: per unit, active pairs and mentees in pairs; over every unit, by form and by вид."""
    found = view.pairs
    if found is None:
        return {"error": view.pairs_error, "rows": []}
    return {"error": "", "grouping": found.grouping, "rows": found.rows, "totals": found.totals,
            "titles": PAIR_COUNT_TITLES, "no_meeting_weeks": found.no_meeting_weeks,
            "by_form": view.pairs_by_form(), "by_kind": view.pairs_by_kind(), "groups_by_kind": view.groups_by_kind()}


def _drill(municipality: str, organisation: str) -> Drill:
    return Drill(municipality.strip(), organisation.strip())


@router.get("/indicators", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def indicators_page(request: Request, session: PageSession, container: ContainerDep, grouping: Choice = "",
                    municipality: IdFilter = "", organisation: IdFilter = "", min_age: AgeBound = 0,
                    max_age: AgeBound = 0) -> Response:
    """Region › municipality › school, each level a click (issue 14): reporting refuses a unit outside the reach."""
    drill = _drill(municipality, organisation)
    wanted = grouping if grouping in ("organisation", "municipality") and not drill.organisation_id else None
    with reads_at(container.reporting.read_version, session.principal):
        # the KPIs are read for the caller's whole reach: shown on its top level only, read beside the level's tables
        kpis = None if drill.query() else indicator_view.ask(kpi_section, container, session.principal,
                                                             grouping=wanted, min_age=min_age, max_age=max_age)
        view = indicator_view.load(container, session.principal, grouping=wanted, drill=drill)
        found_kpis = kpis.result() if kpis else None
    return render_page(request, "indicators.html", session, view=view, counts=view.counts, documents=view.documents,
                       statuses=STATUS_TITLES, participants=_participant_section(view), pairs=_pair_section(view),
                       evaluations=view.evaluations, unit=unit_link(view.links), light_titles=LIGHT_TITLES,
                       light=charts.light,
                       evaluation_levels=EVALUATION_LEVEL_TITLES, period_title=period_title,
                       export_query=drill.query(**({"grouping": wanted} if wanted else {}),
                                                **{k: str(v) for k, v in (("min_age", min_age), ("max_age", max_age))
                                                   if v}),
                       spravka_query=drill.query(),
                       can_regroup=session.principal.scope in (Scope.REGION, Scope.PLATFORM) and not drill.query(),
                       kpis=found_kpis)


@router.get("/indicators/export.xlsx", response_class=Response, dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def indicators_xlsx(session: PageSession, container: ContainerDep, grouping: Choice = "",
                    municipality: IdFilter = "", organisation: IdFilter = "", min_age: AgeBound = 0,
                    max_age: AgeBound = 0) -> Response:
    """Every table of /indicators at the same level, one sheet each, with the «Словарь» sheet of the columns."""
    drill = _drill(municipality, organisation)
    wanted = grouping if grouping in ("organisation", "municipality") and not drill.organisation_id else None
    issued = ru_format.today()

    def build() -> bytes:
        # the KPIs' tables are on the page's top level only, as on the page; read beside the level's tables
        kpis = None if drill.query() else indicator_view.ask(container.kpis.regional_kpis, session.principal,
                                                             grouping=wanted, min_age=min_age, max_age=max_age)
        view = indicator_view.load(container, session.principal, grouping=wanted, drill=drill)
        tables = indicator_view.tables_of(view)
        # an unavailable KPI service leaves them out; the page shows its reason instead
        with contextlib.suppress(errors.DomainError):
            tables += kpi_tables(kpis.result()) if kpis is not None else []
        return indicator_export.indicators_xlsx(tables, reach=_reach_title(view), today=issued)

    with reads_at(container.reporting.read_version, session.principal):
        asked = f"{drill.query(grouping=wanted or '', min_age=str(min_age), max_age=str(max_age))}|{issued}"
        content = container.reporting.kept("indicators.xlsx", asked, session.principal, build)
    return Response(content, media_type=XLSX, headers=_attachment(f"pokazateli-{issued.isoformat()}.xlsx"))


@router.get("/indicators/spravka.docx", response_class=Response,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def indicators_spravka(session: PageSession, container: ContainerDep, municipality: IdFilter = "",
                       organisation: IdFilter = "", period: SchoolYear = "") -> Response:
    """«Справка о реализации целевой модели наставничества» of the level shown, for a school year (by default the
    current one); the values are the current ones and the справка says on which date."""
    drill = _drill(municipality, organisation)
    with reads_at(container.reporting.read_version, session.principal):
        view = indicator_view.load(container, session.principal, grouping=None, drill=drill)
    issued = ru_format.today()
    year = indicator_export.school_year(period, today=issued)
    content = indicator_export.spravka_docx(view.figures(), reach=_reach_title(view), year=year, today=issued)
    return Response(content, media_type=DOCX, headers=_attachment(f"spravka-cmn-{year[0]}-{year[0] + 1}.docx"))


def _reach_title(view: IndicatorView) -> str:
    """«Регион › Первый округ › Школа № 1» — the level the page, the XLSX and the справка show."""
    names = [title for title, _ in view.crumbs]
    return " › ".join(names) or "Показатели"


@router.get("/admin/structure", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.STRUCTURE_READ))])
def structure_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    organisations = container.registry.list_organisations(session.principal)
    municipalities = {m.id: m.name for m in container.registry.list_municipalities(session.principal)}
    return render_page(request, "structure.html", session, organisations=organisations, municipalities=municipalities)


@router.get("/school/audit", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.AUDIT_READ))])
def audit_page(request: Request, session: PageSession, container: ContainerDep) -> Response:
    entries = container.audit.recent(session.principal, limit=500)
    return render_page(request, "audit.html", session, entries=entries)
