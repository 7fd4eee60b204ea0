"""Отчёты (issue 12 item 4) as pages of the school: a pair's reporting periods with their meetings and the mentor's
reports (the curator records one for an ended period), and the half-yearly report of the school with the curator's
conclusion, downloaded as DOCX. Figures and rules are monitoring's; names come from matching, as the caller."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.monitoring_reads import HalfYearRead
from gateway.adapters.report_export import half_year_docx
from gateway.entrypoints.api.documents import DOCX, _attachment
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, Notice
from gateway.entrypoints.web.monitoring_pages import _minutes
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.vocabulary import (
    HALF_YEAR_TITLES,
    MEETING_KIND_TITLES,
    MENTOR_REPORT_SECTION_TITLES,
    MENTORING_FORM_TITLES,
)

router = APIRouter(include_in_schema=False)
REPORT_FIELDS = ("period_number", *MENTOR_REPORT_SECTION_TITLES)
CONCLUSION_MAX = 8000


def _reports_page(request: Request, session: AuthenticatedSession, container: ContainerDep, pair_id: str, *,
                  status_code: int = 200, problems: list[dict[str, str]] | None = None,
                  typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    pair = container.matching.get_pair(p, pair_id)  # a stranger's pair is a 404 here
    try:
        reports = container.monitoring.pair_reports(p, pair_id)
    except errors.NotFound:
        reports = None  # published a moment ago: monitoring learns it shortly (ADR 008)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject=f"отчёты наставника пары {pair_id}",
                   records=sum(1 for r in reports.periods if r.report) if reports else 0)
    open_periods = [r for r in reports.periods if r.due and not r.report] if reports else []
    return render_page(request, "pair_reports.html", session, status_code, pair=pair, reports=reports,
                       sections=MENTOR_REPORT_SECTION_TITLES, meeting_kinds=MEETING_KIND_TITLES,
                       open_periods=open_periods, typed=typed or {}, problems=problems or [], notice=notice,
                       can_record=is_allowed(p, Action.PAIR_WORK_RECORD) and bool(open_periods))


@router.get("/school/pairs/{pair_id}/reports", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def pair_reports_page(request: Request, pair_id: Id, session: PageSession, container: ContainerDep,
                      notice: Notice = "") -> Response:
    return _reports_page(request, session, container, pair_id, notice=notice)


@router.post("/school/pairs/{pair_id}/reports", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
async def submit_report(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request, limit=4000)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {name: form.get(name, "") for name in REPORT_FIELDS}
    try:
        container.monitoring.submit_report(
            session.principal, pair_id, period_number=_minutes(typed["period_number"]), done=typed["done"],
            results=typed["results"], difficulties=typed["difficulties"], plans=typed["plans"])
    except errors.DomainError as exc:
        return _reports_page(request, session, container, pair_id, status_code=status_of(exc),
                             problems=problems_from(exc), typed=typed)
    notice = quote("Отчёт наставника принят")
    return RedirectResponse(f"/school/pairs/{quote(pair_id)}/reports?notice={notice}", status_code=303)


def _half(today: datetime) -> tuple[int, int]:
    """The half-year just ended or running: the one a curator reports on by default."""
    return today.year, 1 if today.month <= 6 else 2


@router.get("/school/reports", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.SCHOOL_REPORT))])
def reports_page(request: Request, session: PageSession, container: ContainerDep, year: str = "",
                 half: str = "") -> Response:
    """«Отчёты» of the school: the half-year's figures and the form that downloads the curator's report."""
    default_year, default_half = _half(datetime.now(UTC))
    chosen_year = _minutes(year[:6]) if year else default_year
    chosen_half = _minutes(half[:2]) if half else default_half
    problems: list[dict[str, str]] = []
    summary: HalfYearRead | None = None
    status_code = 200
    try:
        summary = container.monitoring.half_year(session.principal, year=chosen_year, half=chosen_half)
    except errors.ValidationFailed as exc:
        problems, status_code = problems_from(exc), status_of(exc)
    return render_page(request, "reports.html", session, status_code, summary=summary, problems=problems,
                       year=chosen_year, half=chosen_half, titles=HALF_YEAR_TITLES, forms=MENTORING_FORM_TITLES)


@router.post("/school/reports/half-year.docx", response_class=Response,
             dependencies=[Depends(allowed(Action.SCHOOL_REPORT))])
async def half_year_download(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request, limit=CONCLUSION_MAX)
    check_form_csrf(session, form.get("csrf_token"))
    year, half = _minutes(form.get("year", "")[:6]), _minutes(form.get("half", "")[:2])
    try:
        if len(form.get("conclusion", "")) > CONCLUSION_MAX:
            raise errors.ValidationFailed([errors.FieldProblem(
                "conclusion", f"«Выводы куратора» — не длиннее {CONCLUSION_MAX} символов")])
        summary = container.monitoring.half_year(session.principal, year=year, half=half)
    except errors.ValidationFailed as exc:
        return render_page(request, "reports.html", session, status_of(exc), summary=None,
                           problems=problems_from(exc), year=year, half=half, titles=HALF_YEAR_TITLES,
                           forms=MENTORING_FORM_TITLES)
    content = half_year_docx(summary, school="", conclusion=form.get("conclusion", ""),
                             today=datetime.now(UTC).date())
    return Response(content, media_type=DOCX, headers=_attachment(f"otchet-{summary.year}-{summary.half}.docx"))
