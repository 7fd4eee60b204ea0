"""Use cases of the individual routes (ИОМ) with the ЦНППМ tutor (ADR 011).

The school's curator opens a route, records the teacher's consent and assigns a tutor; the school's staff and the
assigned tutor work it (diagnosis, roadmap, statuses, reflection and comments). Which routes exist for the caller is
decided twice: by the policy here (the action) and by row-level security in the database (the rows: the school's for
its inner contour, the assigned ones for a tutor). Every write locks the route and runs in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol, Self

from mentorship_kit.errors import Conflict, NotFound
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Principal, Role
from monitoring.domain import route_events, routes
from monitoring.domain.routes import AreaScore, Route

Clock = Callable[[], datetime]
ROUTE_NOT_FOUND = "Индивидуальный образовательный маршрут не найден"


def utc_now() -> datetime:
    return datetime.now(UTC)


class RouteRepository(Protocol):
    def get(self, route_id: str, *, lock: bool = False) -> Route | None: ...
    def list(self) -> list[Route]:
        """Every route row-level security shows the caller, newest first."""
        ...
    def add(self, route: Route) -> None: ...
    def save(self, route: Route, *, known_version: int) -> bool: ...


class RouteUnitOfWork(Protocol):
    principal: Principal

    @property
    def routes(self) -> RouteRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def collect(self, event: object) -> None: ...
    def commit(self) -> None: ...


def _known_id(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _route(uow: RouteUnitOfWork, route_id: str, *, lock: bool = False) -> Route:
    route = uow.routes.get(route_id, lock=lock) if _known_id(route_id) else None
    if route is None:
        raise NotFound(ROUTE_NOT_FOUND)  # another school's, or not assigned to this tutor: it does not exist
    return route


def _save(uow: RouteUnitOfWork, before: Route, after: Route) -> None:
    if not uow.routes.save(after, known_version=before.version):
        raise Conflict("Маршрут только что изменили: обновите страницу и повторите")


def list_routes(uow: RouteUnitOfWork) -> list[Route]:
    require(uow.principal, Action.ROUTE_READ)
    with uow:
        return uow.routes.list()


def get_route(route_id: str, uow: RouteUnitOfWork) -> Route:
    require(uow.principal, Action.ROUTE_READ)
    with uow:
        return _route(uow, route_id)


def create_route(uow: RouteUnitOfWork, *, teacher_person_id: str, teacher_name: str, years: int, starts_on: str,
                 ideal_image: str, now: Clock = utc_now) -> Route:
    require(uow.principal, Action.ROUTE_MANAGE)
    p = uow.principal
    if not _known_id(teacher_person_id):
        raise NotFound("Педагог не найден среди сотрудников школы")
    route = routes.open_route(teacher_person_id=teacher_person_id, teacher_name=teacher_name, years=years,
                              starts_on=starts_on, ideal_image=ideal_image, org_id=p.org_id or "",
                              municipality_id=p.municipality_id or "", region_id=p.region_id or "",
                              by=p.user_id, at=now())
    with uow:
        uow.routes.add(route)
        uow.commit()
    return route


def record_consent(route_id: str, uow: RouteUnitOfWork, *, consent_on: str, consent_document: str,
                   now: Clock = utc_now) -> Route:
    require(uow.principal, Action.ROUTE_MANAGE)
    today = now().date()
    with uow:
        known = _route(uow, route_id, lock=True)
        route = routes.record_consent(known, consent_on=consent_on, consent_document=consent_document, today=today)
        _save(uow, known, route)
        uow.commit()
    return route


def assign_tutor(route_id: str, uow: RouteUnitOfWork, *, tutor_user_id: str, tutor_name: str, teacher_name: str,
                 school_name: str, now: Clock = utc_now) -> Route:
    """The gateway has checked that the tutor is a tutor of the school's region (its accounts know tutors)."""
    require(uow.principal, Action.ROUTE_MANAGE)
    at = now()
    with uow:
        known = _route(uow, route_id, lock=True)
        route = routes.assign_tutor(known, tutor_user_id=tutor_user_id, tutor_name=tutor_name,
                                    teacher_name=teacher_name, school_name=school_name, at=at)
        _save(uow, known, route)
        if known.assigned_at is None:
            uow.collect(route_events.RouteStarted(route.id, route.org_id, route.municipality_id, route.region_id,
                                                  route.years, route.starts_on.isoformat()))
        uow.commit()
    return route


def record_diagnosis(route_id: str, uow: RouteUnitOfWork, *, taken_on: str, scores: list[AreaScore],
                     now: Clock = utc_now) -> Route:
    require(uow.principal, Action.ROUTE_WORK)
    today = now().date()
    with uow:
        known = _route(uow, route_id, lock=True)
        route = routes.diagnose(known, taken_on=taken_on, scores=scores, by=_author(uow.principal)[1], today=today)
        _save(uow, known, route)
        uow.commit()
    return route


def add_item(route_id: str, uow: RouteUnitOfWork, *, year: int, title: str, form: str, due_on: str,
             product: str) -> Route:
    require(uow.principal, Action.ROUTE_WORK)
    with uow:
        known = _route(uow, route_id, lock=True)
        route, _ = routes.add_item(known, year=year, title=title, form=form, due_on=due_on, product=product)
        _save(uow, known, route)
        uow.commit()
    return route


def set_item_status(route_id: str, uow: RouteUnitOfWork, *, item_id: str, status: str, on: str, product: str,
                    now: Clock = utc_now) -> Route:
    require(uow.principal, Action.ROUTE_WORK)
    today = now().date()
    with uow:
        known = _route(uow, route_id, lock=True)
        route, item, became_done = routes.set_status(known, item_id=item_id, status=status, on=on, product=product,
                                                     today=today)
        _save(uow, known, route)
        if became_done:
            uow.collect(route_events.RouteItemDone(route.id, route.org_id, route.municipality_id, route.region_id,
                                                   item.id, item.form,
                                                   item.done_on.isoformat() if item.done_on else ""))
        uow.commit()
    return route


def add_note(route_id: str, uow: RouteUnitOfWork, *, kind: str, text: str, now: Clock = utc_now) -> Route:
    require(uow.principal, Action.ROUTE_WORK)
    role, name = _author(uow.principal)
    at = now()
    with uow:
        known = _route(uow, route_id, lock=True)
        route = routes.add_note(known, kind=kind, text=text, author_role=role, author_name=name, at=at)
        _save(uow, known, route)
        uow.commit()
    return route


def _author(p: Principal) -> tuple[str, str]:
    """Who wrote: the tutor or the school's staff, with the name the token carries."""
    return ("tutor" if p.has_any(Role.TUTOR) else "school"), (p.display_name or p.user_id)[:200]
