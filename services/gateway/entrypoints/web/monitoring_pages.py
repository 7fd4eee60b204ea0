"""Работа пар: the pair's work page (meetings with the mentor's diary, the calendar plan, what is overdue, the forms
that record a meeting and plan one) linked from the pair card, and the school's list of pairs with overdue marks;
a group's work page (its meetings with attendance per mentee) linked from the group card.

The work comes from monitoring; names come from matching, read as the caller at read time (ADR 008)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.monitoring_reads import GroupWorkRead, PairWorkRead
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, Notice
from gateway.entrypoints.vocabulary import (
    MEETING_FORMAT_TITLES,
    MEETING_KIND_TITLES,
    MENTORING_FORM_TITLES,
    PAIR_KIND_TITLES,
    PAIR_STATUS_TITLES,
)
from gateway.entrypoints.web.pages import form_fields, form_lists, problems_from
from gateway.entrypoints.web.pair_pages import all_pairs
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed

router = APIRouter(include_in_schema=False)
MEETING_FIELDS = ("kind", "held_on", "format", "topic", "duration_minutes", "participants", "outcome", "next_step",
                  "diary", "planned_id")
PLAN_FIELDS = ("plan_kind", "planned_on", "plan_topic")


def _minutes(text: str) -> int:
    """A typed whole number (minutes, weeks); anything else is 0, which monitoring refuses in Russian."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else 0


def _work_page(request: Request, session: AuthenticatedSession, container: ContainerDep, pair_id: str, *,
               status_code: int = 200, problems: list[dict[str, str]] | None = None,
               typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    pair = container.matching.get_pair(p, pair_id)  # names, as the caller; a stranger's pair is a 404 here
    try:
        work: PairWorkRead | None = container.monitoring.pair_work(p, pair_id)
    except errors.NotFound:
        work = None  # published a moment ago: monitoring learns it from matching.events shortly (ADR 008)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject=f"встречи и дневник пары {pair_id}",
                   records=len(work.meetings) if work else 0)
    return render_page(request, "pair_work.html", session, status_code, pair=pair, work=work,
                       meeting_kinds=MEETING_KIND_TITLES, meeting_formats=MEETING_FORMAT_TITLES,
                       statuses=PAIR_STATUS_TITLES, typed=typed or {}, problems=problems or [], notice=notice,
                       can_record=is_allowed(p, Action.PAIR_WORK_RECORD) and work is not None
                       and work.pair is not None and work.pair.status == "active")


@router.get("/school/pairs/{pair_id}/work", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def work_page(request: Request, pair_id: Id, session: PageSession, container: ContainerDep,
              notice: Notice = "") -> Response:
    return _work_page(request, session, container, pair_id, notice=notice)


@router.post("/school/pairs/{pair_id}/meetings", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
async def record_meeting(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {name: form.get(name, "") for name in MEETING_FIELDS}
    try:
        container.monitoring.record_meeting(
            session.principal, pair_id, kind=typed["kind"], held_on=typed["held_on"][:10], format=typed["format"],
            topic=typed["topic"], duration_minutes=_minutes(typed["duration_minutes"]),
            participants=typed["participants"], outcome=typed["outcome"], next_step=typed["next_step"],
            diary=typed["diary"], planned_id=typed["planned_id"][:100])
    except errors.DomainError as exc:
        return _work_page(request, session, container, pair_id, status_code=status_of(exc),
                          problems=problems_from(exc), typed=typed)
    notice = quote("Встреча записана в дневник")
    return RedirectResponse(f"/school/pairs/{quote(pair_id)}/work?notice={notice}", status_code=303)


@router.post("/school/pairs/{pair_id}/plan", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
async def plan_meeting(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {name: form.get(name, "") for name in PLAN_FIELDS}
    try:
        container.monitoring.plan_meeting(session.principal, pair_id, kind=typed["plan_kind"],
                                          planned_on=typed["planned_on"][:10], topic=typed["plan_topic"])
    except errors.DomainError as exc:
        return _work_page(request, session, container, pair_id, status_code=status_of(exc),
                          problems=problems_from(exc), typed=typed)
    notice = quote("Встреча добавлена в календарный план")
    return RedirectResponse(f"/school/pairs/{quote(pair_id)}/work?notice={notice}", status_code=303)


def _monitoring_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *,
                     status_code: int = 200, problems: list[dict[str, str]] | None = None,
                     notice: str = "") -> HTMLResponse:
    p = session.principal
    listed = container.monitoring.list_pairs(p)
    names = {pair.id: pair for pair in all_pairs(container, p)}
    rows = sorted(((m, names.get(m.pair_id)) for m in listed.pairs), key=lambda row: (not row[0].overdue,
                                                                                      row[0].status != "active"))
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="мониторинг работы пар", records=len(rows))
    return render_page(request, "monitoring.html", session, status_code, rows=rows, weeks=listed.no_meeting_weeks,
                       overdue=sum(1 for m, _ in rows if m.overdue), forms=MENTORING_FORM_TITLES,
                       kinds=PAIR_KIND_TITLES, statuses=PAIR_STATUS_TITLES, notice=notice, problems=problems or [],
                       can_set=is_allowed(p, Action.MONITORING_SETTINGS),
                       emails=container.monitoring.school_settings(p).reminder_emails)


@router.get("/school/monitoring", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PAIR_READ))])
def monitoring_page(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    """The school's pairs with their overdue marks, the overdue ones first; names from matching."""
    return _monitoring_page(request, session, container, notice=notice)


@router.post("/school/monitoring/settings", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MONITORING_SETTINGS))])
async def update_settings(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        container.monitoring.update_school_settings(
            session.principal, no_meeting_weeks=_minutes(form.get("no_meeting_weeks", "")),
            reminder_emails=form.get("reminder_emails", "").replace(",", "\n").splitlines())
    except errors.DomainError as exc:
        return _monitoring_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc))
    notice = quote("Настройки контроля встреч сохранены")
    return RedirectResponse(f"/school/monitoring?notice={notice}", status_code=303)


GROUP_MEETING_FIELDS = ("kind", "held_on", "format", "topic", "duration_minutes", "outcome", "next_step", "diary")


def _group_work_page(request: Request, session: AuthenticatedSession, container: ContainerDep, group_id: str, *,
                     status_code: int = 200, problems: list[dict[str, str]] | None = None,
                     typed: dict[str, str] | None = None, present: list[str] | None = None,
                     notice: str = "") -> HTMLResponse:
    p = session.principal
    group = container.matching.get_group(p, group_id)  # names, as the caller; a stranger's group is a 404 here
    try:
        work: GroupWorkRead | None = container.monitoring.group_work(p, group_id)
    except errors.NotFound:
        work = None  # published a moment ago: monitoring learns it from matching.events shortly (ADR 008)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject=f"встречи и посещаемость группы {group_id}",
                   records=len(work.meetings) if work else 0)
    names = {m.mentee_id: m.mentee_name for m in group.members}
    members = [(m, names.get(m, "Участник")) for m in (work.group.member_ids if work and work.group else [])]
    return render_page(request, "group_work.html", session, status_code, group=group, work=work, names=names,
                       members=members, meeting_kinds=MEETING_KIND_TITLES, meeting_formats=MEETING_FORMAT_TITLES,
                       statuses=PAIR_STATUS_TITLES, typed=typed or {}, present=set(present or []),
                       problems=problems or [], notice=notice,
                       can_record=is_allowed(p, Action.PAIR_WORK_RECORD) and work is not None
                       and work.group is not None and work.group.status == "active")


@router.get("/school/groups/{group_id}/work", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def group_work_page(request: Request, group_id: Id, session: PageSession, container: ContainerDep,
                    notice: Notice = "") -> Response:
    return _group_work_page(request, session, container, group_id, notice=notice)


@router.post("/school/groups/{group_id}/meetings", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
async def record_group_meeting(request: Request, group_id: Id, session: PageSession,
                               container: ContainerDep) -> Response:
    form, lists = await form_lists(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {name: form.get(name, "") for name in GROUP_MEETING_FIELDS}
    present = [m[:100] for m in lists.get("present", [])][:200]
    members = [m[:100] for m in lists.get("member", [])][:200]
    try:
        container.monitoring.record_group_meeting(
            session.principal, group_id, kind=typed["kind"], held_on=typed["held_on"][:10], format=typed["format"],
            topic=typed["topic"], duration_minutes=_minutes(typed["duration_minutes"]),
            attendance={m: m in present for m in {*members, *present}}, outcome=typed["outcome"],
            next_step=typed["next_step"], diary=typed["diary"])
    except errors.DomainError as exc:
        return _group_work_page(request, session, container, group_id, status_code=status_of(exc),
                                problems=problems_from(exc), typed=typed, present=present)
    notice = quote("Встреча группы и посещаемость записаны")
    return RedirectResponse(f"/school/groups/{quote(group_id)}/work?notice={notice}", status_code=303)
