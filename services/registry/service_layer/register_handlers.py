"""Use cases of the school's register (issue 14 item 1, issue 15 item 5, ADR 025): scientific-practical events and
practices recorded by the school, the expert review by its municipality or region, the region-wide catalogue of
practices that passed it. Every change publishes the entry's counted state (indicators 4.1–4.5).

The policy gate comes first in each; row-level security keeps each tier to its rows underneath."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Protocol

from mentorship_kit.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from mentorship_kit.policy import Action, is_allowed, require, within_reach
from registry.domain import events
from registry.domain import register as rg
from registry.domain.field_checks import search_text
from registry.domain.mentees import MentoringForm
from registry.service_layer.lookups import own_organisation, record_id
from registry.service_layer.unit_of_work import UnitOfWork

PAGE_MAX = 100
EVENT_MISSING = "Мероприятие не найдено"
PRACTICE_MISSING = "Практика не найдена"


class RegisterStore(Protocol):
    """What the use cases need of storage (``registry.adapters.register_repository``)."""

    def add_event(self, e: rg.ScientificEvent, *, by: str, at: datetime) -> None: ...
    def save_event(self, e: rg.ScientificEvent, *, at: datetime) -> None: ...
    def event(self, event_id: str, *, lock: bool = False) -> rg.ScientificEvent | None: ...
    def events(self, org_id: str) -> list[rg.ScientificEvent]: ...
    def add_practice(self, pr: rg.Practice, *, authors: str, names: tuple[str, str], by: str) -> None: ...
    def put_authors(self, pr: rg.Practice, authors: str) -> None: ...
    def save_practice(self, pr: rg.Practice, *, reviewed_by: str | None = None) -> None: ...
    def practice(self, practice_id: str, *, lock: bool = False) -> rg.Practice | None: ...
    def practice_row(self, practice_id: str) -> Any: ...
    def practice_rows(self, *, state: str, own_org: str | None) -> list[Any]: ...
    def search_catalogue(self, *, query: str, form: str, municipality_id: str, limit: int,
                         offset: int) -> tuple[list[Any], int]: ...


class RegisterUnitOfWork(UnitOfWork, Protocol):
    @property
    def register(self) -> RegisterStore: ...


def _now() -> datetime:
    return datetime.now(UTC)


def _by(uow: UnitOfWork) -> str:
    return uow.principal.display_name or uow.principal.user_id


def _school(uow: UnitOfWork) -> tuple[str, str, str]:
    p = uow.principal
    if not (p.org_id and p.municipality_id and p.region_id):
        raise Forbidden("Реестр ведёт школа")
    return p.org_id, p.municipality_id, p.region_id


def entry_changed(e: rg.ScientificEvent | rg.Practice) -> events.RegisterEntryChanged:
    """The entry's whole counted state for reporting (ids, kind, counts — never its title or authors)."""
    if isinstance(e, rg.ScientificEvent):
        return events.RegisterEntryChanged(
            entry_id=e.id, entry_kind="scientific_event", org_id=e.org_id, municipality_id=e.municipality_id,
            region_id=e.region_id, kind=e.kind.value, participants=e.participants, version=e.version,
            facets=tuple(rg.event_facets(e)))
    return events.RegisterEntryChanged(
        entry_id=e.id, entry_kind="practice", org_id=e.org_id, municipality_id=e.municipality_id,
        region_id=e.region_id, kind=e.state.value, participants=0, version=e.version,
        facets=tuple(rg.practice_facets(e)))


# -- scientific-practical events --------------------------------------------------------------------------------

def record_event(raw: dict[str, Any], uow: RegisterUnitOfWork) -> rg.ScientificEvent:
    require(uow.principal, Action.REGISTER_RECORD)
    org_id, municipality_id, region_id = _school(uow)
    now = _now()
    values = rg.clean_event(raw, today=now.date())
    e = rg.ScientificEvent(id=str(uuid.uuid4()), org_id=org_id, municipality_id=municipality_id,
                           region_id=region_id, version=1, **values)
    with uow:
        uow.register.add_event(e, by=_by(uow), at=now)
        uow.collect(entry_changed(e))
        uow.commit()
    return e


def _own_event(event_id: str, uow: RegisterUnitOfWork) -> rg.ScientificEvent:
    e = uow.register.event(record_id(event_id, EVENT_MISSING), lock=True)
    if e is None or e.org_id != uow.principal.org_id:
        raise NotFound(EVENT_MISSING)
    return e


def update_event(event_id: str, raw: dict[str, Any], uow: RegisterUnitOfWork) -> rg.ScientificEvent:
    require(uow.principal, Action.REGISTER_RECORD)
    _school(uow)
    now = _now()
    values = rg.clean_event(raw, today=now.date())
    with uow:
        e = _own_event(event_id, uow)
        e = replace(e, **values, version=e.version + 1)
        uow.register.save_event(e, at=now)
        uow.collect(entry_changed(e))
        uow.commit()
    return e


def remove_event(event_id: str, uow: RegisterUnitOfWork) -> None:
    """Kept as removed (its counts leave the indicators at a new version; the history keeps the old ones)."""
    require(uow.principal, Action.REGISTER_RECORD)
    _school(uow)
    with uow:
        e = _own_event(event_id, uow)
        e = replace(e, removed=True, version=e.version + 1)
        uow.register.save_event(e, at=_now())
        uow.collect(entry_changed(e))
        uow.commit()


def list_events(org_id: str, uow: RegisterUnitOfWork) -> list[rg.ScientificEvent]:
    """A school lists its own; the municipality or the region a school of its reach."""
    granted = require(uow.principal, Action.REGISTER_READ)
    target = record_id(org_id, "Школа не найдена") if org_id else (uow.principal.org_id or "")
    if not target:
        raise ValidationFailed([FieldProblem("org_id", "Выберите школу")])
    with uow:
        school = uow.structure.organisation(target)
        if school is None or not within_reach(uow.principal, granted, org_id=school.id,
                                              municipality_id=school.municipality_id, region_id=school.region_id):
            raise NotFound("Школа не найдена")
        return uow.register.events(school.id)


# -- practices --------------------------------------------------------------------------------------------------

def record_practice(raw: dict[str, Any], uow: RegisterUnitOfWork) -> Any:
    """The school records its practice; it goes to the experts as submitted."""
    require(uow.principal, Action.REGISTER_RECORD)
    org_id, municipality_id, region_id = _school(uow)
    values = rg.clean_practice(raw)
    now = _now()
    pr = rg.Practice(id=str(uuid.uuid4()), org_id=org_id, municipality_id=municipality_id, region_id=region_id,
                     title=values["title"], forms=values["forms"], summary=values["summary"], links=values["links"],
                     state=rg.PracticeState.SUBMITTED, review_level=None, review_note="", published=False,
                     version=1, submitted_at=now)
    with uow:
        school = own_organisation(uow)
        municipality = uow.structure.municipality(school.municipality_id)
        uow.register.add_practice(pr, authors=values["authors"],
                                  names=(school.name, municipality.name if municipality else ""), by=_by(uow))
        uow.collect(entry_changed(pr))
        row = uow.register.practice_row(pr.id)
        uow.commit()
    return row


def _own_practice(practice_id: str, uow: RegisterUnitOfWork) -> rg.Practice:
    pr = uow.register.practice(record_id(practice_id, PRACTICE_MISSING), lock=True)
    if pr is None or pr.org_id != uow.principal.org_id:
        raise NotFound(PRACTICE_MISSING)
    return pr


def update_practice(practice_id: str, raw: dict[str, Any], uow: RegisterUnitOfWork) -> Any:
    """The school corrects its practice (submitted or returned); a returned one goes back to the experts."""
    require(uow.principal, Action.REGISTER_RECORD)
    _school(uow)
    values = rg.clean_practice(raw)
    with uow:
        pr = rg.resubmitted(_own_practice(practice_id, uow), values)
        uow.register.save_practice(pr)
        uow.register.put_authors(pr, values["authors"])
        uow.collect(entry_changed(pr))
        row = uow.register.practice_row(pr.id)
        uow.commit()
    return row


def publish_practice(practice_id: str, published: bool, uow: RegisterUnitOfWork) -> Any:
    """The school shows (or withdraws) its passed practice in the region's catalogue."""
    require(uow.principal, Action.REGISTER_RECORD)
    _school(uow)
    with uow:
        pr = rg.with_publication(_own_practice(practice_id, uow), published)
        uow.register.save_practice(pr)
        uow.collect(entry_changed(pr))
        row = uow.register.practice_row(pr.id)
        uow.commit()
    return row


def list_practices(state: str, uow: RegisterUnitOfWork) -> list[Any]:
    """A school: its own practices. The tiers above: the practices of their schools (the experts' review queue)."""
    p = uow.principal
    require(p, Action.REGISTER_READ)
    if state and state not in {s.value for s in rg.PracticeState}:
        raise ValidationFailed([FieldProblem("state", "Неизвестное состояние экспертизы")])
    with uow:
        rows = uow.register.practice_rows(state=state, own_org=p.org_id)
    # The catalogue's policy also admits other municipalities' published practices: the list is the tier's own.
    if p.scope.value == "municipality":
        rows = [r for r in rows if r.municipality_id == p.municipality_id]
    return [r for r in rows if r.region_id == p.region_id]


def get_practice(practice_id: str, uow: RegisterUnitOfWork) -> Any:
    """The school and the tiers above read their practices in any state; anyone else of the region only a practice
    of the catalogue (row-level security admits the region-wide scopes to more than the catalogue)."""
    p = uow.principal
    require(p, Action.PRACTICE_CATALOGUE)
    with uow:
        row = uow.register.practice_row(record_id(practice_id, PRACTICE_MISSING))
    in_catalogue = row is not None and row.state == rg.PracticeState.PASSED.value and row.published
    own_tier = row is not None and (is_allowed(p, Action.REGISTER_READ) or is_allowed(p, Action.PRACTICE_REVIEW)) \
        and (row.org_id == p.org_id if p.org_id else
             row.municipality_id == p.municipality_id if p.scope.value == "municipality" else
             row.region_id == p.region_id)
    if row is None or not (in_catalogue or own_tier):
        raise NotFound(PRACTICE_MISSING)
    return row


def _reviewed(practice_id: str, uow: RegisterUnitOfWork) -> rg.Practice:
    pr = uow.register.practice(record_id(practice_id, PRACTICE_MISSING), lock=True)
    p = uow.principal
    if pr is None or pr.region_id != p.region_id or \
            (p.scope.value == "municipality" and pr.municipality_id != p.municipality_id):
        raise NotFound(PRACTICE_MISSING)
    return pr


def take_into_review(practice_id: str, uow: RegisterUnitOfWork) -> Any:
    require(uow.principal, Action.PRACTICE_REVIEW)
    with uow:
        pr = rg.taken_into_review(_reviewed(practice_id, uow), uow.principal.scope.value)
        uow.register.save_practice(pr, reviewed_by=_by(uow))
        uow.collect(entry_changed(pr))
        row = uow.register.practice_row(pr.id)
        uow.commit()
    return row


def decide_practice(practice_id: str, passed: bool, note: str, level: str, uow: RegisterUnitOfWork) -> Any:
    require(uow.principal, Action.PRACTICE_REVIEW)
    with uow:
        pr = rg.decided(_reviewed(practice_id, uow), passed=passed, note=note, scope=uow.principal.scope.value,
                        level=level.strip(), at=_now())
        uow.register.save_practice(pr, reviewed_by=_by(uow))
        uow.collect(entry_changed(pr))
        row = uow.register.practice_row(pr.id)
        uow.commit()
    return row


def _offset(page_token: str) -> int:
    try:
        return max(0, int(page_token or "0"))
    except ValueError:
        raise ValidationFailed([FieldProblem("page_token", "Неверная отметка страницы")]) from None


def search_catalogue(query: str, form: str, municipality_id: str, page_size: int, page_token: str,
                     uow: RegisterUnitOfWork) -> tuple[list[Any], str, int]:
    """The region's catalogue of practices that passed the review and that their schools published."""
    require(uow.principal, Action.PRACTICE_CATALOGUE)
    size = max(1, min(page_size or 20, PAGE_MAX))
    offset = _offset(page_token)
    if municipality_id:
        municipality_id = record_id(municipality_id, "Муниципалитет не найден")
    known = form.strip() if form.strip() in {f.value for f in MentoringForm if f.value} else ""
    with uow:
        rows, total = uow.register.search_catalogue(query=search_text(query), form=known,
                                                    municipality_id=municipality_id, limit=size, offset=offset)
    more = offset + size < total
    return rows, str(offset + size) if more else "", total
