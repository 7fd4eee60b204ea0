"""The run screen's forms for preferences and the mentee's choice: rankings typed into the grid, rankings imported
from XLSX (a preview with every problem per row; nothing is written until the clean file is confirmed), and the
choice a mentee made among the proposed candidates. The screen itself is :mod:`matching_pages`."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from gateway.adapters.rankings_xlsx import RunPeople, parse_rankings
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id
from gateway.entrypoints.web.matching_pages import _run_page
from gateway.entrypoints.web.matching_view import places_to_rankings
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.person_pages import form_version
from gateway.entrypoints.web.questionnaire_pages import public_link, questionnaire_page_with_links
from gateway.entrypoints.web.rendering import render_page
from gateway.entrypoints.web.ru_format import file_too_large
from gateway.service_layer.preference_questionnaires import invite_run, rankings_from_answers
from mentorship_kit import errors
from mentorship_kit.policy import Action

router = APIRouter(include_in_schema=False)
RUN = "/school/matching/runs/{run_id}"
GRID_FIELDS = 40_000


def _back(run_id: str, notice: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/school/matching/runs/{quote(run_id)}?notice={quote(notice)}{anchor}", status_code=303)


def _problems(messages: list[str], field: str = "rankings") -> list[dict[str, str]]:
    return [{"field": field, "message": m} for m in messages]


@router.post(RUN + "/rankings", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def save_rankings(request: Request, run_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """The grid — a place per allowed pair on each side — or the same fields, hidden, from a confirmed import."""
    sent = await request.form(max_fields=GRID_FIELDS)  # a place per allowed pair: more than a usual form
    form = {k: str(v)[:100] for k, v in sent.items() if isinstance(v, str)}
    check_form_csrf(session, form.get("csrf_token"))
    try:
        mentees, mentee_problems = places_to_rankings(form, "me")
        mentors, mentor_problems = places_to_rankings(form, "mr")
        problems = mentee_problems + mentor_problems
        if problems:
            raise errors.ValidationFailed([errors.FieldProblem("rankings", m) for m in problems])
        container.matching.set_rankings(session.principal, run_id, mentees=mentees, mentors=mentors,
                                        version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _run_page(request, session, container, run_id, status_code=status_of(exc),
                         problems=problems_from(exc))
    return _back(run_id, "Рейтинги сохранены, устойчивое распределение построено", "#preferences")


@router.post(RUN + "/rankings/import", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def import_rankings(request: Request, run_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """Reads the file and shows what it holds; a file with problems is shown with them, and nothing is written."""
    form = await request.form()
    check_form_csrf(session, form.get("csrf_token"))
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _run_page(request, session, container, run_id, status_code=422,
                         problems=_problems(["Выберите заполненный файл XLSX"], "file"))
    limit = container.settings.max_upload_bytes
    content = await upload.read(limit + 1)
    run = container.matching.get_run(session.principal, run_id)
    try:
        if len(content) > limit:
            raise errors.ValidationFailed([errors.FieldProblem("file", file_too_large(limit))])
        parsed = parse_rankings(content, run)
    except errors.DomainError as exc:
        return _run_page(request, session, container, run_id, status_code=status_of(exc),
                         problems=problems_from(exc))
    people = RunPeople.of(run)
    return render_page(request, "rankings_preview.html", session, 422 if parsed.errors else 200, run=run,
                       parsed=parsed, people=people, filename=upload.filename[:255])


@router.post(RUN + "/choice", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def record_choice(request: Request, run_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """«Выбор наставляемого»: one of the request's proposed candidates; anything else comes back as a problem."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    request_id, mentor_id = form.get("request_id", ""), form.get("mentor_id", "")
    try:
        if not request_id or not mentor_id:
            raise errors.ValidationFailed([errors.FieldProblem("mentor_id", "Выберите кандидата, которого выбрал "
                                                                            "наставляемый")])
        container.matching.record_choice(session.principal, run_id, request_id=request_id, mentor_id=mentor_id,
                                         version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _run_page(request, session, container, run_id, status_code=status_of(exc),
                         problems=problems_from(exc))
    return _back(run_id, "Выбор наставляемого записан", f"#request-{quote(request_id)}")


@router.post(RUN + "/preference-invitations", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.QUESTIONNAIRE_MANAGE))])
async def preference_invitations(request: Request, run_id: Id, session: PageSession,
                                 container: ContainerDep) -> Response:
    """The preferences questionnaire to every participant of the run: the links are shown once, on the
    questionnaire's page."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    questionnaire_id = form.get("questionnaire_id", "")[:100]
    try:
        if not questionnaire_id:
            raise errors.ValidationFailed([errors.FieldProblem("questionnaire_id", "Выберите анкету предпочтений")])
        issued = invite_run(container, session.principal, run_id, questionnaire_id)
    except errors.DomainError as exc:
        return _run_page(request, session, container, run_id, status_code=status_of(exc),
                         problems=problems_from(exc))
    links = [{"label": x.invitation.label if x.invitation else "", "url": public_link(request, container, x.token)}
             for x in issued.links]
    return questionnaire_page_with_links(request, session, container, questionnaire_id, links)


@router.post(RUN + "/rankings/from-questionnaires", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def rankings_from_questionnaires(request: Request, run_id: Id, session: PageSession,
                                       container: ContainerDep) -> Response:
    """«Взять из анкет»: the answers to the preferences questionnaire become the run's rankings."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        rankings_from_answers(container, session.principal, run_id)
    except errors.DomainError as exc:
        return _run_page(request, session, container, run_id, status_code=status_of(exc),
                         problems=problems_from(exc))
    return _back(run_id, "Рейтинги взяты из анкет, устойчивое распределение построено", "#preferences")
