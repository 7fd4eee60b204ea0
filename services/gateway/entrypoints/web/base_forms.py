"""The forms of the person card that change the bases: the mentor card (формуляр) and its corrections, status,
trainings and agreement; the mentee profile and its categories; mentees' requests and their status.

Each posts back and returns to the card (PRG) through :func:`person_pages.card_action`. Forms about a mentor, a
mentee or a request carry the card's ``person_id`` in a hidden field, since the URL names the mentor, the mentee or
the request. Corrections carry the ``version`` they were filled from: a stale one is refused with 409.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.entrypoints.api.participant_schemas import MentorCardIn
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, check_form_csrf
from gateway.entrypoints.errors import BrokenForm, status_of
from gateway.entrypoints.params import Id
from gateway.entrypoints.vocabulary import REQUEST_STATUS_TITLES
from gateway.entrypoints.web.base_pages import requests_page_view
from gateway.entrypoints.web.pages import form_fields, problems_from, split_tags
from gateway.entrypoints.web.person_pages import Lists, card_action, form_version, whole_number
from mentorship_kit import errors
from mentorship_kit.policy import Action

router = APIRouter(include_in_schema=False)


# Checkbox groups send every chosen value (a term may hold a comma); other list fields are one text input.
CHOICES = frozenset({"competencies"})


def _card_values(form: dict[str, str], many: Lists) -> dict[str, object]:
    """The card's fields as the REST schema types them (:class:`MentorCardIn`), read the way a form sends them:
    numbers through :func:`whole_number` (blank is 0), lists split at commas, the rest as typed. The rules and
    their Russian messages stay the registry's, as for the API, so the form is not parsed with the model."""
    values: dict[str, object] = {}
    for name, field in MentorCardIn.model_fields.items():
        if name in CHOICES:
            values[name] = many.get(name, [])
        elif field.annotation is int:
            values[name] = whole_number(form.get(name, ""), name)
        elif typing.get_origin(field.annotation) is list:
            values[name] = split_tags(form.get(name, ""))
        else:
            values[name] = form.get(name, "")
    return values


@router.post("/school/persons/{person_id}/mentor", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTOR_REGISTER))])
async def register_mentor(request: Request, person_id: Id, session: PageSession,
                          container: ContainerDep) -> Response:
    def call(form: dict[str, str], many: Lists) -> str:
        container.participants.register_mentor(session.principal, person_id, _card_values(form, many))
        return "Добавлен(а) в базу наставников"

    return await card_action(request, session, container, person_id, form_name="mentor", call=call)


async def _from_card(request: Request, session: PageSession, container: ContainerDep, *, form_name: str,
                     call: Callable[[dict[str, str], Lists], str]) -> Response:
    """The card is named by a hidden field: read it before the shared runner reads the whole form."""
    form = await form_fields(request)
    person_id = form.get("person_id", "")
    if not person_id:
        raise BrokenForm("Форма повреждена: откройте карточку человека заново")
    return await card_action(request, session, container, person_id, form_name=form_name, call=call)


@router.post("/school/mentors/{mentor_id}/card", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTOR_REGISTER))])
async def update_mentor_card(request: Request, mentor_id: Id, session: PageSession,
                             container: ContainerDep) -> Response:
    """«Изменить формуляр»: the whole card again, as the registration form sends it."""
    def call(form: dict[str, str], many: Lists) -> str:
        version = form_version(form.get("version", ""))
        container.participants.update_mentor(session.principal, mentor_id, _card_values(form, many),
                                             version=version)
        return "Формуляр наставника сохранён"

    return await _from_card(request, session, container, form_name="mentor-card", call=call)


@router.post("/school/mentors/{mentor_id}/level", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTOR_REGISTER))])
async def change_level(request: Request, mentor_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def call(form: dict[str, str], _: Lists) -> str:
        container.participants.change_level(session.principal, mentor_id, level=form.get("level", ""),
                                            reason=form.get("reason", ""),
                                            correction=form.get("correction", "") == "1")
        return "Статус наставника изменён"

    return await _from_card(request, session, container, form_name="level", call=call)


@router.post("/school/mentors/{mentor_id}/training", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTOR_REGISTER))])
async def add_training(request: Request, mentor_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def call(form: dict[str, str], _: Lists) -> str:
        container.participants.add_training(
            session.principal, mentor_id, course=form.get("course", ""),
            hours=whole_number(form.get("hours", ""), "hours"), completed_on=form.get("completed_on", ""),
            provider=form.get("provider", ""))
        return "Обучение внесено"

    return await _from_card(request, session, container, form_name="training", call=call)


@router.post("/school/mentors/{mentor_id}/agreement", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTOR_REGISTER))])
async def record_agreement(request: Request, mentor_id: Id, session: PageSession,
                           container: ContainerDep) -> Response:
    def call(form: dict[str, str], _: Lists) -> str:
        container.participants.record_agreement(session.principal, mentor_id, number=form.get("number", ""),
                                                date=form.get("date", ""))
        return "Договор о сотрудничестве внесён"

    return await _from_card(request, session, container, form_name="agreement", call=call)


@router.post("/school/mentors/{mentor_id}/deactivate", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTOR_REGISTER))])
async def deactivate_mentor(request: Request, mentor_id: Id, session: PageSession,
                            container: ContainerDep) -> Response:
    def call(form: dict[str, str], _: Lists) -> str:
        container.participants.deactivate_mentor(session.principal, mentor_id, reason=form.get("reason", ""))
        return "Выведен(а) из базы наставников"

    return await _from_card(request, session, container, form_name="mentor-leave", call=call)


@router.post("/school/mentees/{mentee_id}/deactivate", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTEE_MANAGE))])
async def deactivate_mentee(request: Request, mentee_id: Id, session: PageSession,
                            container: ContainerDep) -> Response:
    def call(form: dict[str, str], _: Lists) -> str:
        container.participants.deactivate_mentee(session.principal, mentee_id, reason=form.get("reason", ""))
        return "Выведен(а) из базы наставляемых"

    return await _from_card(request, session, container, form_name="mentee-leave", call=call)


@router.post("/school/persons/{person_id}/mentee", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTEE_MANAGE))])
async def register_mentee(request: Request, person_id: Id, session: PageSession,
                          container: ContainerDep) -> Response:
    def call(form: dict[str, str], many: Lists) -> str:
        container.participants.register_mentee(session.principal, person_id,
                                               categories=many.get("categories", []), notes=form.get("notes", ""))
        return "Добавлен(а) в базу наставляемых"

    return await card_action(request, session, container, person_id, form_name="mentee", call=call)


@router.post("/school/mentees/{mentee_id}/edit", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MENTEE_MANAGE))])
async def edit_mentee(request: Request, mentee_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """«Изменить категории»: the chosen categories (the derived ones the registry adds itself) and the notes."""
    def call(form: dict[str, str], many: Lists) -> str:
        version = form_version(form.get("version", ""))
        container.participants.update_mentee(session.principal, mentee_id,
                                             categories=many.get("categories", []), notes=form.get("notes", ""),
                                             version=version)
        return "Сведения о наставляемом сохранены"

    return await _from_card(request, session, container, form_name="mentee-edit", call=call)


@router.post("/school/persons/{person_id}/requests", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.REQUEST_MANAGE))])
async def submit_request(request: Request, person_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def call(form: dict[str, str], _: Lists) -> str:
        container.participants.submit_request(
            session.principal, mentee_id=form.get("mentee_id", ""), topics=split_tags(form.get("topics", "")),
            goal=form.get("goal", ""), desired_form=form.get("desired_form", ""), source=form.get("source", ""))
        return "Запрос внесён"

    return await card_action(request, session, container, person_id, form_name="request", call=call)


@router.post("/school/requests/{request_id}/status", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.REQUEST_MANAGE))])
async def change_request_status(request: Request, request_id: Id, session: PageSession,
                                container: ContainerDep) -> Response:
    """From the card (a hidden ``person_id`` brings it back there) or from the list of requests."""
    form = await form_fields(request)
    status = form.get("status", "")
    notice = f"Статус запроса: {REQUEST_STATUS_TITLES.get(status, status).lower()}"

    def call(values: dict[str, str], _: Lists) -> str:
        container.participants.change_request_status(session.principal, request_id,
                                                     status=values.get("status", ""), reason=values.get("reason", ""))
        return notice

    if form.get("person_id"):
        return await card_action(request, session, container, form["person_id"], form_name=f"status-{request_id}",
                                 call=call)
    check_form_csrf(session, form.get("csrf_token"))
    shown = form.get("shown_status", "")
    try:
        call(form, {})
    except errors.DomainError as exc:
        return requests_page_view(request, session, container, status=shown, status_code=status_of(exc),
                                  problems=problems_from(exc))
    return RedirectResponse(f"/school/requests?status={quote(shown)}&notice={quote(notice)}", status_code=303)
