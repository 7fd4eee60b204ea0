"""Анкеты (issue 13, ADR 012) as pages of the school: the list with the ready templates, the builder (a draft's form
of sections and question slots — no script), publishing and new versions, personal one-time links, a paper form, the
answers with their XLSX, the before/after chart — and the public page of a link, ``/q/{token}``, which shows that one
questionnaire and nothing else. Rules and their Russian messages are monitoring's."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.questionnaire_reads import QuestionnaireRead
from gateway.entrypoints.api.documents import XLSX, _attachment
from gateway.entrypoints.deps import PUBLIC, ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, IdFilter, Notice
from gateway.entrypoints.web.pages import form_fields, form_lists, problems_from
from gateway.entrypoints.web.questionnaire_view import (
    BUILDER_FIELDS,
    answer_text,
    answers_from_form,
    dynamics_chart,
    responses_xlsx,
    sections_from_form,
)
from gateway.entrypoints.web.rendering import error_page, render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.vocabulary import (
    MEASUREMENT_STAGE_TITLES,
    MENTORING_FORM_TITLES,
    QUESTION_KIND_TITLES,
    QUESTIONNAIRE_CHANNEL_TITLES,
    QUESTIONNAIRE_PURPOSE_TITLES,
    QUESTIONNAIRE_STATUS_TITLES,
    RESPONDENT_KIND_TITLES,
)

router = APIRouter(include_in_schema=False)
BASE = "/school/questionnaires"
ONE = BASE + "/{questionnaire_id}"
TOKEN_MAX = 100
INVITEES_TEXT_MAX = 20_000
TITLES: dict[str, Any] = {"kinds": QUESTION_KIND_TITLES, "purposes": QUESTIONNAIRE_PURPOSE_TITLES,
          "statuses": QUESTIONNAIRE_STATUS_TITLES, "forms": MENTORING_FORM_TITLES,
          "channels": QUESTIONNAIRE_CHANNEL_TITLES, "respondents": RESPONDENT_KIND_TITLES,
          "stages": MEASUREMENT_STAGE_TITLES}
SLOTS_PER_SECTION = 2
"""Empty question slots the builder adds under each section (and one empty section) — more after each save."""


def _back(path: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?notice={quote(notice)}", status_code=303)


@router.get(BASE, response_class=HTMLResponse, dependencies=[Depends(allowed(Action.QUESTIONNAIRE_READ))])
def questionnaires_page(request: Request, session: PageSession, container: ContainerDep,
                        notice: Notice = "") -> Response:
    p = session.principal
    listed = container.questionnaires.listing(p).questionnaires
    templates = container.questionnaires.templates(p).questionnaires
    return render_page(request, "questionnaires.html", session, rows=listed, templates=templates, notice=notice,
                       can_manage=is_allowed(p, Action.QUESTIONNAIRE_MANAGE), **TITLES)


@router.post(BASE + "/from-template", dependencies=[Depends(allowed(Action.QUESTIONNAIRE_MANAGE))])
async def from_template(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    q = container.questionnaires.copy_template(session.principal, form.get("template", "")[:50])
    return _back(f"{BASE}/{quote(q.id)}", "Черновик создан по шаблону: отредактируйте и опубликуйте")


def _page(request: Request, session: AuthenticatedSession, container: ContainerDep, questionnaire_id: str, *,
          status_code: int = 200, problems: list[dict[str, str]] | None = None, notice: str = "",
          links: list[dict[str, str]] | None = None, draft: QuestionnaireRead | None = None) -> HTMLResponse:
    p = session.principal
    q = container.questionnaires.get(p, questionnaire_id)
    invitations = container.questionnaires.invitations(p, questionnaire_id).invitations
    return render_page(request, "questionnaire.html", session, status_code, q=draft or q, saved=q,
                       invitations=invitations, problems=problems or [], notice=notice, links=links or [],
                       slots=SLOTS_PER_SECTION, can_manage=is_allowed(p, Action.QUESTIONNAIRE_MANAGE), **TITLES)


@router.get(ONE, response_class=HTMLResponse, dependencies=[Depends(allowed(Action.QUESTIONNAIRE_READ))])
def questionnaire_page(request: Request, questionnaire_id: Id, session: PageSession, container: ContainerDep,
                       notice: Notice = "") -> Response:
    return _page(request, session, container, questionnaire_id, notice=notice)


@router.post(ONE, response_class=HTMLResponse, dependencies=[Depends(allowed(Action.QUESTIONNAIRE_MANAGE))])
async def save_questionnaire(request: Request, questionnaire_id: Id, session: PageSession,
                             container: ContainerDep) -> Response:
    """The builder's form: title, purpose, forms, anonymity and every section's questions (empty slots ignored)."""
    sent = await request.form(max_fields=BUILDER_FIELDS)
    form = {k: str(v)[:2001] for k, v in sent.items() if isinstance(v, str)}
    check_form_csrf(session, form.get("csrf_token"))
    forms = [str(v) for v in sent.getlist("forms")][:20]
    try:
        container.questionnaires.save(session.principal, questionnaire_id, title=form.get("title", ""),
                                      purpose=form.get("purpose", ""), forms=forms,
                                      anonymous=bool(form.get("anonymous")), sections=sections_from_form(form))
    except errors.DomainError as exc:
        return _page(request, session, container, questionnaire_id, status_code=status_of(exc),
                     problems=problems_from(exc))
    return _back(f"{BASE}/{quote(questionnaire_id)}", "Черновик анкеты сохранён")


@router.post(ONE + "/publish", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.QUESTIONNAIRE_MANAGE))])
async def publish(request: Request, questionnaire_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        container.questionnaires.publish(session.principal, questionnaire_id)
    except errors.DomainError as exc:
        return _page(request, session, container, questionnaire_id, status_code=status_of(exc),
                     problems=problems_from(exc))
    return _back(f"{BASE}/{quote(questionnaire_id)}", "Анкета опубликована: теперь её можно разослать")


@router.post(ONE + "/versions", dependencies=[Depends(allowed(Action.QUESTIONNAIRE_MANAGE))])
async def new_version(request: Request, questionnaire_id: Id, session: PageSession,
                      container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    q = container.questionnaires.new_version(session.principal, questionnaire_id)
    return _back(f"{BASE}/{quote(q.id)}", f"Создана версия {q.version}: черновик для изменений")


def public_link(request: Request, container: ContainerDep, token: str) -> str:
    base = container.settings.base_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}/q/{token}"


@router.post(ONE + "/invitations", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.QUESTIONNAIRE_MANAGE))])
async def invite(request: Request, questionnaire_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """One link per line of «кому»; the links are shown on this answer only — the platform keeps their hashes."""
    form = await form_fields(request, INVITEES_TEXT_MAX)
    check_form_csrf(session, form.get("csrf_token"))
    lines = [line.strip() for line in form.get("invitees", "").splitlines() if line.strip()]
    kind, stage = form.get("respondent_kind", "participant"), form.get("stage", "")
    days_text = form.get("valid_days", "").strip()
    try:
        if len(form.get("invitees", "")) > INVITEES_TEXT_MAX:
            raise errors.ValidationFailed([errors.FieldProblem("invitees", "Слишком длинный список: не больше "
                                                                           "20 000 знаков")])
        days = int(days_text) if days_text.isdigit() and len(days_text) <= 3 else -1 if days_text else 0
        issued = container.questionnaires.invite(
            session.principal, questionnaire_id,
            [{"respondent_kind": kind, "label": line, "stage": stage} for line in lines], days)
    except errors.DomainError as exc:
        return _page(request, session, container, questionnaire_id, status_code=status_of(exc),
                     problems=problems_from(exc))
    links = [{"label": x.invitation.label if x.invitation else "", "url": public_link(request, container, x.token)}
             for x in issued.links]
    return questionnaire_page_with_links(request, session, container, questionnaire_id, links)


def questionnaire_page_with_links(request: Request, session: AuthenticatedSession, container: ContainerDep,
                                  questionnaire_id: str, links: list[dict[str, str]]) -> HTMLResponse:
    return _page(request, session, container, questionnaire_id, links=links,
                 notice=f"Ссылок создано: {len(links)}. Скопируйте их сейчас — позже их не показать")


def _paper_page(request: Request, session: AuthenticatedSession, container: ContainerDep, questionnaire_id: str, *,
                status_code: int = 200, problems: list[dict[str, str]] | None = None,
                typed: dict[str, Any] | None = None) -> HTMLResponse:
    q = container.questionnaires.get(session.principal, questionnaire_id)
    return render_page(request, "questionnaire_paper.html", session, status_code, q=q, problems=problems or [],
                       typed=typed or {}, options=[], **TITLES)


@router.get(ONE + "/paper", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.QUESTIONNAIRE_MANAGE))])
def paper_page(request: Request, questionnaire_id: Id, session: PageSession, container: ContainerDep) -> Response:
    return _paper_page(request, session, container, questionnaire_id)


@router.post(ONE + "/paper", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.QUESTIONNAIRE_MANAGE))])
async def paper_submit(request: Request, questionnaire_id: Id, session: PageSession,
                       container: ContainerDep) -> Response:
    single, many = await form_lists(request)
    check_form_csrf(session, single.get("csrf_token"))
    try:
        q = container.questionnaires.get(session.principal, questionnaire_id)
        container.questionnaires.record_paper(
            session.principal, questionnaire_id, answers_from_form(q, single, many),
            respondent_kind=single.get("respondent_kind", "participant"), label=single.get("label", ""),
            stage=single.get("stage", ""))
    except errors.DomainError as exc:
        return _paper_page(request, session, container, questionnaire_id, status_code=status_of(exc),
                           problems=problems_from(exc), typed={**single, **{f"many:{k}": v for k, v in many.items()}})
    return _back(f"{BASE}/{quote(questionnaire_id)}/responses", "Бумажная анкета внесена")


@router.get(ONE + "/responses", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.QUESTIONNAIRE_READ))])
def responses_page(request: Request, questionnaire_id: Id, session: PageSession, container: ContainerDep,
                   notice: Notice = "") -> Response:
    found = container.questionnaires.responses(session.principal, questionnaire_id)
    audit_pii_read(request, session, action=Action.QUESTIONNAIRE_READ, subject="ответы на анкету",
                   records=len(found.responses))
    q = found.questionnaire or container.questionnaires.get(session.principal, questionnaire_id)
    return render_page(request, "questionnaire_responses.html", session, q=q, responses=found.responses,
                       answer_text=answer_text, notice=notice, **TITLES)


@router.get(ONE + "/responses.xlsx", dependencies=[Depends(allowed(Action.QUESTIONNAIRE_READ))])
def responses_export(request: Request, questionnaire_id: Id, session: PageSession,
                     container: ContainerDep) -> Response:
    found = container.questionnaires.responses(session.principal, questionnaire_id)
    q = found.questionnaire or container.questionnaires.get(session.principal, questionnaire_id)
    audit_pii_read(request, session, action=Action.QUESTIONNAIRE_READ, subject="выгрузка ответов на анкету (XLSX)",
                   records=len(found.responses))
    return Response(responses_xlsx(q, found.responses), media_type=XLSX, headers=_attachment("answers.xlsx"))


@router.get(ONE + "/dynamics", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.QUESTIONNAIRE_READ))])
def dynamics_page(request: Request, questionnaire_id: Id, session: PageSession, container: ContainerDep,
                  pair_id: IdFilter = "") -> Response:
    p = session.principal
    q = container.questionnaires.get(p, questionnaire_id)
    d = container.questionnaires.dynamics(p, questionnaire_id, pair_id)
    scale_max = max((x.scale_max for x in q.questions if x.kind in ("scale", "matrix")), default=10)
    return render_page(request, "questionnaire_dynamics.html", session, q=q, d=d, chart=dynamics_chart(d, scale_max),
                       pair_id=pair_id, **TITLES)


# ---- the public page of a personal link ----------------------------------------------------------------------------
# The token in the path is the only key: no session, no navigation, nothing but the questionnaire. A forged
# cross-site post would need the token itself, so the token is the form's CSRF defence; the page is never cached and
# sends no Referer (the token must not leave in one).

_PUBLIC_HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"}


def _public(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    response = render_page(request, template, None, status_code, **context, **TITLES)
    response.headers.update(_PUBLIC_HEADERS)
    return response


def _gone(request: Request, exc: errors.DomainError) -> HTMLResponse:
    response = error_page(request, None, status_of(exc), exc.message)
    response.headers.update(_PUBLIC_HEADERS)
    return response


@router.get("/q/{token}", response_class=HTMLResponse, dependencies=[Depends(PUBLIC)])
def answer_page(request: Request, token: Id, container: ContainerDep) -> Response:
    try:
        found = container.questionnaires.open_invitation(token[:TOKEN_MAX])
    except errors.DomainError as exc:
        return _gone(request, exc)
    return _public(request, "questionnaire_answer.html", q=found.questionnaire, options=found.options, typed={},
                   problems=[], action=f"/q/{quote(token)}")


@router.post("/q/{token}", response_class=HTMLResponse, dependencies=[Depends(PUBLIC)])
async def answer_submit(request: Request, token: Id, container: ContainerDep) -> Response:
    single, many = await form_lists(request)
    try:
        found = container.questionnaires.open_invitation(token[:TOKEN_MAX])
    except errors.DomainError as exc:
        return _gone(request, exc)
    q = found.questionnaire
    if q is None:
        return _gone(request, errors.NotFound("Ссылка недействительна"))
    try:
        receipt = container.questionnaires.answer_invitation(token[:TOKEN_MAX], answers_from_form(q, single, many))
    except errors.ValidationFailed as exc:
        return _public(request, "questionnaire_answer.html", status_of(exc), q=q, options=found.options,
                       typed={**single, **{f"many:{k}": v for k, v in many.items()}}, problems=problems_from(exc),
                       action=f"/q/{quote(token)}")
    except errors.DomainError as exc:
        return _gone(request, exc)
    return _public(request, "questionnaire_thanks.html", receipt=receipt)


# ---- «Мои анкеты» of a signed-in mentor or teacher mentee (ADR 012 addendum) ----------------------------------------
# The same form as a link's, inside the platform: the invitation is the participant's own (the session's participant
# id, row-level security in monitoring), the page form carries the session's CSRF token instead of a link's token.

MY = "/my/questionnaires"


@router.get(MY, response_class=HTMLResponse, dependencies=[Depends(allowed(Action.QUESTIONNAIRE_ANSWER))])
def my_questionnaires_page(request: Request, session: PageSession, container: ContainerDep,
                           notice: Notice = "") -> Response:
    found = container.questionnaires.my_invitations(session.principal)
    return render_page(request, "my_questionnaires.html", session, invitations=found.invitations, notice=notice,
                       **TITLES)


@router.get(MY + "/{invitation_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.QUESTIONNAIRE_ANSWER))])
def my_questionnaire_page(request: Request, invitation_id: Id, session: PageSession,
                          container: ContainerDep) -> Response:
    found = container.questionnaires.open_my_invitation(session.principal, invitation_id)
    return render_page(request, "questionnaire_answer.html", session, q=found.questionnaire, options=found.options,
                       typed={}, problems=[], action=f"{MY}/{quote(invitation_id)}", **TITLES)


@router.post(MY + "/{invitation_id}", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.QUESTIONNAIRE_ANSWER))])
async def my_questionnaire_submit(request: Request, invitation_id: Id, session: PageSession,
                                  container: ContainerDep) -> Response:
    single, many = await form_lists(request)
    check_form_csrf(session, single.pop("csrf_token", ""))
    found = container.questionnaires.open_my_invitation(session.principal, invitation_id)
    q = found.questionnaire
    if q is None:
        raise errors.NotFound("Анкета не найдена")
    try:
        receipt = container.questionnaires.answer_my_invitation(session.principal, invitation_id,
                                                                answers_from_form(q, single, many))
    except errors.ValidationFailed as exc:
        return render_page(request, "questionnaire_answer.html", session, status_of(exc), q=q,
                           options=found.options, typed={**single, **{f"many:{k}": v for k, v in many.items()}},
                           problems=problems_from(exc), action=f"{MY}/{quote(invitation_id)}", **TITLES)
    return _back(MY, f"Ваш ответ на анкету «{receipt.questionnaire_title}» принят")
