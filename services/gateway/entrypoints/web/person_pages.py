"""The school's people: the list with search and filters, adding a person, the person card, its corrections and
consents.

The card is the one place where a person becomes a mentor or a mentee; the forms that do it live in
``base_forms`` and come back here through :func:`card_action`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.participant_reads import CompetenciesRead
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import BrokenForm, status_of
from gateway.entrypoints.params import Choice, ClassName, Id, Notice, PageToken, SearchText
from gateway.entrypoints.vocabulary import (
    AGE_GROUP_TITLES,
    CONSENT_GIVER_TITLES,
    CONSENT_PURPOSE_TITLES,
    DERIVED_CATEGORIES,
    MENTEE_CATEGORY_TITLES,
    MENTOR_LEVEL_TITLES,
    MENTOR_ORIGIN_TITLES,
    MENTORING_FORM_TITLES,
    PERSON_KIND_TITLES,
    REQUEST_SOURCE_TITLES,
    REQUEST_STATUS_TITLES,
    REQUEST_TRANSITIONS,
    STAFF_CATEGORY_TITLES,
    STUDENT_CATEGORY_TITLES,
    field_title,
)
from gateway.entrypoints.web.pages import form_fields, form_lists, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from gateway.service_layer.participant_logins import ParticipantLogins
from gateway.service_layer.staff import CreatedLogin
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
PERSON_FIELDS = ("kind", "last_name", "first_name", "middle_name", "external_key", "birth_date", "class_name",
                 "guardian_name", "guardian_contact", "position", "hired_on", "education", "affiliation", "email",
                 "phone", "pedagogical_since", "course_year")
BROKEN_VERSION = "Форма повреждена: обновите страницу и внесите правки снова"
# Which origins a kind of person may have (the registry refuses the rest with a message; the form avoids it).
_ORIGINS_OF_KIND = {"student": ("student",), "staff": tuple(o for o in MENTOR_ORIGIN_TITLES if o != "student"),
                    "external": tuple(o for o in MENTOR_ORIGIN_TITLES if o not in ("student", "teacher"))}

Lists = dict[str, list[str]]


def card_url(person_id: str, notice: str = "") -> str:
    return f"/school/persons/{quote(person_id, safe='')}" + (f"?notice={quote(notice)}" if notice else "")


# -- the list ---------------------------------------------------------------------------------------------
def _persons_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *,
                  filters: dict[str, str], page_token: str = "", status_code: int = 200,
                  problems: list[dict[str, str]] | None = None, form: dict[str, str] | None = None) -> HTMLResponse:
    page = container.participants.list_persons(
        session.principal, query=filters["query"], kind=filters["kind"], class_name=filters["class_name"],
        consent=filters["consent"], base=filters["base"], page_size=PAGE_SIZE, page_token=page_token)
    audit_pii_read(request, session, action=Action.PERSON_READ, subject="список людей школы (страница)",
                   records=len(page.persons))
    following = {k: v for k, v in {**filters, "page_token": page.next_page_token}.items() if v}
    return render_page(request, "persons.html", session, status_code, persons=page.persons, total=page.total,
                       filters=filters, next_url=f"/school/persons?{urlencode(following)}"
                       if page.next_page_token else "",
                       kinds=PERSON_KIND_TITLES, problems=problems or [], form=form or {},
                       can_add=is_allowed(session.principal, Action.PERSON_MANAGE),
                       can_import=is_allowed(session.principal, Action.PERSON_IMPORT))


def _filters(query: str, kind: str, class_name: str, consent: str, base: str) -> dict[str, str]:
    return {"query": query.strip(), "kind": kind if kind in PERSON_KIND_TITLES else "",
            "class_name": class_name.strip(), "consent": consent if consent in ("valid", "missing") else "",
            "base": base if base in ("mentors", "mentees", "none") else ""}


@router.get("/school/persons", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PERSON_READ))])
def persons_page(request: Request, session: PageSession, container: ContainerDep, query: SearchText = "",
                 kind: Choice = "", class_name: ClassName = "", consent: Choice = "", base: Choice = "",
                 page_token: PageToken = "") -> Response:
    return _persons_page(request, session, container, filters=_filters(query, kind, class_name, consent, base),
                         page_token=page_token)


@router.post("/school/persons", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PERSON_MANAGE))])
async def add_person(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        person = container.participants.add_person(session.principal, {k: form.get(k, "") for k in PERSON_FIELDS})
    except errors.DomainError as exc:
        return _persons_page(request, session, container, filters=_filters("", "", "", "", ""),
                             status_code=status_of(exc), problems=problems_from(exc), form=form)
    return RedirectResponse(card_url(person.id, f"{person.full_name} добавлен(а) в список школы"),
                            status_code=303)


# -- the card ---------------------------------------------------------------------------------------------
def card_page(request: Request, session: AuthenticatedSession, container: ContainerDep, person_id: str, *,
              status_code: int = 200, problems: list[dict[str, str]] | None = None, notice: str = "",
              form: dict[str, str] | None = None, lists: Lists | None = None, failed: str = "",
              issued: CreatedLogin | None = None) -> HTMLResponse:
    """The card; after a refused form it keeps what was typed into that form (``failed`` names it)."""
    p = session.principal
    can = {"consent": is_allowed(p, Action.CONSENT_MANAGE), "mentor": is_allowed(p, Action.MENTOR_REGISTER),
           "mentee": is_allowed(p, Action.MENTEE_MANAGE), "request": is_allowed(p, Action.REQUEST_MANAGE),
           "person": is_allowed(p, Action.PERSON_MANAGE), "login": is_allowed(p, Action.PARTICIPANT_LOGIN)}
    card = container.participants.person_card(p, person_id)
    logins = container.participant_logins.of_card(p, card) if can["login"] else ParticipantLogins([], [])
    # The vocabulary feeds the competency checkboxes of every mentor form (new, correction, return to the base).
    vocabulary = container.participants.competencies(p) if can["mentor"] else CompetenciesRead(base=[], school=[])
    audit_pii_read(request, session, action=Action.PERSON_READ, subject=f"карточка человека {person_id}", records=1)
    kind = card.person.data.kind
    categories = STUDENT_CATEGORY_TITLES if kind == "student" else STAFF_CATEGORY_TITLES
    return render_page(
        request, "person.html", session, status_code, card=card, person=card.person, data=card.person.data,
        can=can, problems=problems or [], notice=notice, typed=form or {}, chosen=lists or {}, failed=failed,
        today=date.today().isoformat(), kinds=PERSON_KIND_TITLES, purposes=CONSENT_PURPOSE_TITLES,
        givers=CONSENT_GIVER_TITLES, levels=MENTOR_LEVEL_TITLES, age_groups=AGE_GROUP_TITLES,
        origin_titles=MENTOR_ORIGIN_TITLES, origins=_ORIGINS_OF_KIND.get(kind, ()),
        competencies=[*vocabulary.base, *vocabulary.school],
        all_categories=MENTEE_CATEGORY_TITLES, categories={k: v for k, v in categories.items()
                                                           if k not in DERIVED_CATEGORIES},
        forms=MENTORING_FORM_TITLES, sources=REQUEST_SOURCE_TITLES, statuses=REQUEST_STATUS_TITLES,
        transitions=REQUEST_TRANSITIONS, may_be_mentee=kind in ("student", "staff"), logins=logins, issued=issued)


@router.get("/school/persons/{person_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PERSON_READ))])
def person_card(request: Request, person_id: Id, session: PageSession, container: ContainerDep,
                notice: Notice = "") -> Response:
    return card_page(request, session, container, person_id, notice=notice)


@router.post("/school/persons/{person_id}/login", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PARTICIPANT_LOGIN))])
async def issue_login(request: Request, person_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """«Выдать вход» on the mentor's or the mentee's card (ADR 010). The card comes back at once (no redirect): the
    one-time password is shown on it once and never travels in a URL."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        issued = container.participant_logins.issue(session.principal, person_id, role=form.get("role", ""),
                                                    email=form.get("email", ""), username=form.get("username", ""))
    except errors.DomainError as exc:
        return card_page(request, session, container, person_id, status_code=status_of(exc),
                         problems=problems_from(exc), form=form, failed="login")
    return card_page(request, session, container, person_id, issued=issued,
                     notice=f"Вход выдан: логин {issued.account.username}")


async def card_action(request: Request, session: AuthenticatedSession, container: ContainerDep, person_id: str, *,
                      form_name: str, call: Callable[[dict[str, str], Lists], str]) -> Response:
    """One shape for every form of the card (its route's gate has let the caller in): CSRF, the call, then PRG
    with a notice — or the card again with the problems, what was typed, and the status of the failure."""
    if len(person_id) > 100:  # a hidden field names the card on some forms
        raise BrokenForm("Форма повреждена: откройте карточку человека заново")
    single, many = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    try:
        notice = call(single, many)
    except errors.DomainError as exc:
        return card_page(request, session, container, person_id, status_code=status_of(exc),
                         problems=problems_from(exc), form=single, lists=many, failed=form_name)
    return RedirectResponse(card_url(person_id, notice), status_code=303)


def whole_number(text: str, field: str, label: str = "") -> int:
    """A number typed into a form; blank is 0 and the registry decides the range. The label defaults to the field's
    title in the vocabulary."""
    value = text.strip()
    if not value:
        return 0
    digits = value.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(value) > 6:
        message = f"«{label or field_title(field)}»: введите целое число"
        raise errors.ValidationFailed([errors.FieldProblem(field, message)])
    return int(value)


def form_version(text: str) -> int:
    """The version the edited form was filled from; without it the registry could not see a concurrent edit."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18 or int(value) < 1:
        raise errors.ValidationFailed([errors.FieldProblem("version", BROKEN_VERSION)])
    return int(value)


@router.post("/school/persons/{person_id}/edit", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PERSON_MANAGE))])
async def edit_person(request: Request, person_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """«Изменить сведения»: the whole PersonInput again; the kind rides in a hidden field and cannot change."""
    def call(form: dict[str, str], _: Lists) -> str:
        version = form_version(form.get("version", ""))
        container.participants.update_person(session.principal, person_id,
                                             {k: form.get(k, "") for k in PERSON_FIELDS}, version=version)
        return "Сведения сохранены"

    return await card_action(request, session, container, person_id, form_name="person", call=call)


@router.post("/school/persons/{person_id}/consents", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.CONSENT_MANAGE))])
async def give_consent(request: Request, person_id: Id, session: PageSession, container: ContainerDep) -> Response:
    def call(form: dict[str, str], _: Lists) -> str:
        container.participants.give_consent(session.principal, person_id, {
            k: form.get(k, "") for k in ("purpose", "given_by", "giver_name", "document_ref", "text_version",
                                         "given_on")})
        return "Согласие внесено"

    return await card_action(request, session, container, person_id, form_name="consent", call=call)


@router.post("/school/persons/{person_id}/consents/{consent_id}/withdraw", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.CONSENT_MANAGE))])
async def withdraw_consent(request: Request, person_id: Id, consent_id: Id, session: PageSession,
                           container: ContainerDep) -> Response:
    def call(form: dict[str, str], _: Lists) -> str:
        container.participants.withdraw_consent(session.principal, consent_id,
                                                withdrawn_on=form.get("withdrawn_on", ""),
                                                reason=form.get("reason", ""))
        return "Согласие отозвано"

    return await card_action(request, session, container, person_id, form_name=f"withdraw-{consent_id}", call=call)
