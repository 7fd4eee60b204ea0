"""Pages of the individual educational routes (ИОМ) with the ЦНППМ tutor (issue 12 item 3, ADR 011).

``/school/routes``: the school's routes and the form that opens one; ``/tutor/routes``: the tutor's own routes;
``/routes/{id}``: one route for both — consent and the tutor's assignment (the school), the self-diagnoses with a chart
of the first against the latest beside its table, the roadmap by years, reflection and comments. The rules are
monitoring's; row-level security decides which routes exist for the caller."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.route_reads import DiagnosisRead, RouteRead
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, Notice
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.vocabulary import (
    COMPETENCE_AREA_TITLES,
    ROUTE_AUTHOR_TITLES,
    ROUTE_ITEM_FORM_TITLES,
    ROUTE_ITEM_STATUS_TITLES,
    ROUTE_NOTE_KIND_TITLES,
)

router = APIRouter(include_in_schema=False)
READ, MANAGE, WORK = (Depends(allowed(Action.ROUTE_READ)), Depends(allowed(Action.ROUTE_MANAGE)),
                      Depends(allowed(Action.ROUTE_WORK)))
MAX_SCORE = 5
BAR_MAX = 240  # pixels of a full score in the chart


@dataclass(frozen=True)
class ChartRow:
    area: str
    title: str
    first: int
    latest: int
    y: int

    @property
    def first_width(self) -> int:
        return self.first * BAR_MAX // MAX_SCORE

    @property
    def latest_width(self) -> int:
        return self.latest * BAR_MAX // MAX_SCORE


def chart_rows(diagnoses: list[DiagnosisRead]) -> list[ChartRow]:
    """The first and the latest diagnosis per area (the same one when there is only one): the chart's bars."""
    if not diagnoses:
        return []
    first, latest = diagnoses[0], diagnoses[-1]
    return [ChartRow(area, title, first.score_of(area), latest.score_of(area), n * 40)
            for n, (area, title) in enumerate(COMPETENCE_AREA_TITLES.items())]


def _number(text: str) -> int:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else 0


def _list_page(request: Request, session: AuthenticatedSession, container: ContainerDep, template: str, *,
               status_code: int = 200, problems: list[dict[str, str]] | None = None,
               form: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    found = container.routes.routes.list_routes(p)
    audit_pii_read(request, session, action=Action.ROUTE_READ, subject="ИОМ педагогов", records=len(found))
    can_manage = is_allowed(p, Action.ROUTE_MANAGE)
    teachers = container.routes.teachers(p) if can_manage else []
    return render_page(request, template, session, status_code, routes=found, teachers=teachers,
                       can_manage=can_manage, problems=problems or [], form=form or {}, notice=notice)


@router.get("/school/routes", response_class=HTMLResponse, dependencies=[READ])
def school_routes(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _list_page(request, session, container, "routes.html", notice=notice)


@router.get("/tutor/routes", response_class=HTMLResponse, dependencies=[READ])
def tutor_routes(request: Request, session: PageSession, container: ContainerDep) -> Response:
    return _list_page(request, session, container, "tutor_routes.html")


@router.post("/school/routes", response_class=HTMLResponse, dependencies=[MANAGE])
async def create_route(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        route = container.routes.create(session.principal, teacher_person_id=form.get("teacher_person_id", "")[:100],
                                        years=_number(form.get("years", "")), starts_on=form.get("starts_on", "")[:10],
                                        ideal_image=form.get("ideal_image", ""))
    except errors.DomainError as exc:
        return _list_page(request, session, container, "routes.html", status_code=status_of(exc),
                          problems=problems_from(exc), form=form)
    return _back(route.id, "Маршрут открыт: внесите согласие педагога на тьюторское сопровождение")


def _page(request: Request, session: AuthenticatedSession, container: ContainerDep, route_id: str, *,
          status_code: int = 200, problems: list[dict[str, str]] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    route: RouteRead = container.routes.routes.get_route(p, route_id)
    audit_pii_read(request, session, action=Action.ROUTE_READ, subject=f"ИОМ {route_id}", records=1)
    can_manage = is_allowed(p, Action.ROUTE_MANAGE)
    years = {year: [i for i in route.items if i.year == year] for year in range(1, route.years + 1)}
    return render_page(request, "route.html", session, status_code, route=route, by_year=years,
                       chart=chart_rows(route.diagnoses), areas=COMPETENCE_AREA_TITLES,
                       forms=ROUTE_ITEM_FORM_TITLES, statuses=ROUTE_ITEM_STATUS_TITLES,
                       note_kinds=ROUTE_NOTE_KIND_TITLES, authors=ROUTE_AUTHOR_TITLES,
                       tutors=container.routes.tutors(p) if can_manage else [], can_manage=can_manage,
                       can_work=is_allowed(p, Action.ROUTE_WORK), scores=range(1, MAX_SCORE + 1),
                       problems=problems or [], notice=notice)


def _back(route_id: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"/routes/{quote(route_id)}?notice={quote(notice)}", status_code=303)


@router.get("/routes/{route_id}", response_class=HTMLResponse, dependencies=[READ])
def route_page(request: Request, route_id: Id, session: PageSession, container: ContainerDep,
               notice: Notice = "") -> Response:
    return _page(request, session, container, route_id, notice=notice)


async def _post(request: Request, session: AuthenticatedSession, container: ContainerDep, route_id: str,
                notice: str, write: object) -> Response:
    """Runs the form's write; a refused one shows the route again with its problems."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        write(form)  # type: ignore[operator]
    except errors.DomainError as exc:
        if isinstance(exc, errors.NotFound) and not form.get("item_id"):
            raise
        return _page(request, session, container, route_id, status_code=status_of(exc), problems=problems_from(exc))
    return _back(route_id, notice)


@router.post("/routes/{route_id}/consent", response_class=HTMLResponse, dependencies=[MANAGE])
async def record_consent(request: Request, route_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def write(form: dict[str, str]) -> None:
        container.routes.routes.record_consent(session.principal, route_id, consent_on=form.get("consent_on", "")[:10],
                                               consent_document=form.get("consent_document", ""))
    return await _post(request, session, container, route_id, "Согласие педагога внесено", write)


@router.post("/routes/{route_id}/tutor", response_class=HTMLResponse, dependencies=[MANAGE])
async def assign_tutor(request: Request, route_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def write(form: dict[str, str]) -> None:
        container.routes.assign(session.principal, route_id, tutor_user_id=form.get("tutor_user_id", "")[:200])
    return await _post(request, session, container, route_id, "Тьютор назначен", write)


@router.post("/routes/{route_id}/diagnoses", response_class=HTMLResponse, dependencies=[WORK])
async def record_diagnosis(request: Request, route_id: Id, session: PageSession,
                           container: ContainerDep) -> Response:
    def write(form: dict[str, str]) -> None:
        scores = [(area, _number(form.get(f"score_{area}", "")), form.get(f"comment_{area}", ""))
                  for area in COMPETENCE_AREA_TITLES]
        container.routes.routes.record_diagnosis(session.principal, route_id,
                                                 taken_on=form.get("taken_on", "")[:10], scores=scores)
    return await _post(request, session, container, route_id, "Самодиагностика сохранена", write)


@router.post("/routes/{route_id}/items", response_class=HTMLResponse, dependencies=[WORK])
async def add_item(request: Request, route_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def write(form: dict[str, str]) -> None:
        container.routes.routes.add_item(session.principal, route_id, year=_number(form.get("year", "")),
                                         title=form.get("title", ""), form=form.get("form", "")[:50],
                                         due_on=form.get("due_on", "")[:10], product=form.get("product", ""))
    return await _post(request, session, container, route_id, "Мероприятие добавлено в дорожную карту", write)


@router.post("/routes/{route_id}/items/status", response_class=HTMLResponse, dependencies=[WORK])
async def set_item_status(request: Request, route_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def write(form: dict[str, str]) -> None:
        container.routes.routes.set_item_status(session.principal, route_id, item_id=form.get("item_id", "")[:100],
                                                status=form.get("status", "")[:20], on=form.get("on", "")[:10],
                                                product=form.get("product", ""))
    return await _post(request, session, container, route_id, "Отметка сохранена", write)


@router.post("/routes/{route_id}/notes", response_class=HTMLResponse, dependencies=[WORK])
async def add_note(request: Request, route_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def write(form: dict[str, str]) -> None:
        container.routes.routes.add_note(session.principal, route_id, kind=form.get("kind", "")[:20],
                                         text=form.get("text", ""))
    return await _post(request, session, container, route_id, "Запись добавлена", write)
