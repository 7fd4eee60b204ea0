"""Наставнические группы и команды (group and team runs): the list with filters, the group card, and the form that
records the psychologist's compatibility mark of a (mentor, mentee) from the run screen (004 §3.5)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Choice, Id, IdFilter, Notice
from gateway.entrypoints.vocabulary import (
    COMPATIBILITY_TITLES,
    GROUP_HISTORY_TITLES,
    MENTORING_FORM_TITLES,
    PAIR_KIND_TITLES,
    PAIR_STATUS_TITLES,
    REPORTING_TITLES,
    TEAM_OUTCOME_TITLES,
)
from gateway.entrypoints.web.matching_pages import _run_page
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.pair_pages import _actor
from gateway.entrypoints.web.person_pages import form_version
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed

router = APIRouter(include_in_schema=False)
TITLES: dict[str, object] = {"forms": MENTORING_FORM_TITLES, "kinds": PAIR_KIND_TITLES, "reportings": REPORTING_TITLES,
          "statuses": PAIR_STATUS_TITLES, "team_outcomes": TEAM_OUTCOME_TITLES}


@router.get("/school/groups", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PAIR_READ))])
def groups_page(request: Request, session: PageSession, container: ContainerDep, run_id: IdFilter = "",
                kind: Choice = "", notice: Notice = "") -> Response:
    """Groups and teams of the school, newest first; filtered by run and by вид."""
    found = container.matching.list_groups(session.principal, run_id=run_id, limit=500).groups
    shown = [g for g in found if not kind or g.kind == kind]
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="наставнические группы",
                   records=sum(len(g.members) for g in shown))
    return render_page(request, "groups.html", session, 200, groups=shown, filters={"run_id": run_id, "kind": kind},
                  notice=notice, **TITLES)


def _group_page(request: Request, session: AuthenticatedSession, container: ContainerDep, group_id: str, *,
                status_code: int = 200, problems: list[dict[str, str]] | None = None,
                typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    group = container.matching.get_group(p, group_id)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject=f"наставническая группа {group_id}",
                   records=len(group.members))
    names = dict(zip(group.mentor_ids, group.mentor_names, strict=False))
    authors = container.staff.display_names(p)
    history = [(h, GROUP_HISTORY_TITLES.get(h.action, h.action), _actor(authors, h.actor)) for h in group.history]
    may_end = is_allowed(p, Action.MATCHING_RUN) and group.status == "active"
    return render_page(request, "group.html", session, status_code, group=group, names=names, history=history,
                       may_end=may_end, typed=typed or {}, problems=problems or [], notice=notice, **TITLES)


@router.get("/school/groups/{group_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def group_page(request: Request, group_id: Id, session: PageSession, container: ContainerDep,
               notice: Notice = "") -> Response:
    return _group_page(request, session, container, group_id, notice=notice)


@router.post("/school/groups/{group_id}/close", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def close_group(request: Request, group_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """Early end by the curator: the members still in the group get their requests back for the next run."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"reason": form.get("reason", "")[:500]}
    try:
        container.matching.close_group(session.principal, group_id, reason=typed["reason"],
                                       version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _group_page(request, session, container, group_id, status_code=status_of(exc),
                           problems=problems_from(exc), typed=typed)
    notice = "Группа закрыта: запросы её участников снова открыты для подбора"
    return RedirectResponse(f"/school/groups/{quote(group_id)}?notice={quote(notice)}", status_code=303)


@router.post("/school/groups/{group_id}/complete", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def complete_group(request: Request, group_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"outcome": form.get("outcome", "")[:500], "team_outcome": form.get("team_outcome", "")[:40]}
    try:
        container.matching.complete_group(session.principal, group_id, outcome=typed["outcome"],
                                          version=form_version(form.get("version", "")),
                                          team_outcome=typed["team_outcome"])
    except errors.DomainError as exc:
        return _group_page(request, session, container, group_id, status_code=status_of(exc),
                           problems=problems_from(exc), typed=typed)
    return RedirectResponse(f"/school/groups/{quote(group_id)}?notice={quote('Работа группы завершена')}",
                            status_code=303)


@router.post("/school/matching/compatibility", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def record_compatibility(request: Request, session: PageSession, container: ContainerDep) -> Response:
    """«Оценка педагога-психолога» from a request's card on the run screen; it counts from the next run on."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    run_id = form.get("run_id", "")
    try:
        if form.get("mark", "") not in COMPATIBILITY_TITLES:
            raise errors.ValidationFailed([errors.FieldProblem("mark", "Выберите оценку совместимости из списка")])
        if not form.get("mentor_id"):
            raise errors.ValidationFailed([errors.FieldProblem("mentor_id", "Выберите наставника")])
        container.matching.record_compatibility(session.principal, mentor_id=form.get("mentor_id", ""),
                                                mentee_id=form.get("mentee_id", ""), mark=form.get("mark", ""),
                                                assessed_on=form.get("assessed_on", ""), note=form.get("note", ""))
    except errors.DomainError as exc:
        if not run_id:
            raise
        return _run_page(request, session, container, run_id, status_code=status_of(exc),
                         problems=problems_from(exc))
    notice = "Оценка совместимости записана: она учитывается в баллах со следующего подбора"
    target = f"/school/matching/runs/{quote(run_id)}" if run_id else "/school/matching"
    return RedirectResponse(f"{target}?notice={quote(notice)}", status_code=303)
