"""Отчёты over REST (issue 12 item 4): the mentor's report per reporting period of a pair, and the curator's
half-yearly report of the school — its figures as JSON and the whole report as a DOCX in Russian."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.adapters.monitoring_reads import HalfYearRead, MentorReportRead, PairReportsRead
from gateway.adapters.report_export import half_year_docx
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.documents import DOCX, _attachment
from gateway.entrypoints.api.meeting_schemas import HalfYearExport, MentorReportCreate
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Monitoring, allowed, audit_pii_read
from gateway.entrypoints.params import Id
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Отчёты: наставника и куратора"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})
Number = Annotated[int, Query(ge=-1_000_000, le=1_000_000)]
"""Fits the wire; the real ranges (half 1..2, year 2000..2100) are monitoring's rule, refused there in Russian."""


@router.get("/pairs/{pair_id}/reports", response_model=PairReportsRead,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def pair_reports(request: Request, pair_id: Id, session: CurrentSession, monitoring: Monitoring) -> PairReportsRead:
    """Отчётные периоды пары (по сроку и графику отчётности) со встречами периода и отчётами наставника."""
    reports = monitoring.pair_reports(session.principal, pair_id)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="отчёты наставника пары",
                   records=sum(1 for p in reports.periods if p.report))
    return reports


@router.post("/pairs/{pair_id}/reports", status_code=201, response_model=MentorReportRead,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
def submit_report(pair_id: Id, body: MentorReportCreate, session: ChangingSession,
                  monitoring: Monitoring) -> MentorReportRead:
    """Отчёт наставника о проделанной работе за окончившийся период; один на период (повторный — 409)."""
    return monitoring.submit_report(session.principal, pair_id, **body.model_dump())


@router.get("/monitoring/half-year", response_model=HalfYearRead,
            dependencies=[Depends(allowed(Action.SCHOOL_REPORT))])
def half_year(session: CurrentSession, monitoring: Monitoring, year: Number, half: Number) -> HalfYearRead:
    """Показатели полугодия школы: пары по формам, встречи, просрочки, отчёты наставников (сдано / ожидалось)."""
    return monitoring.half_year(session.principal, year=year, half=half)


@router.post("/monitoring/half-year/export.docx", dependencies=[Depends(allowed(Action.SCHOOL_REPORT))],
             response_class=Response, responses={200: {"content": {DOCX: {}}}})
def half_year_export(body: HalfYearExport, session: ChangingSession, monitoring: Monitoring) -> Response:
    """Отчёт куратора за полугодие в DOCX: показатели из данных и выводы куратора (не сохраняются)."""
    summary = monitoring.half_year(session.principal, year=body.year, half=body.half)
    content = half_year_docx(summary, school="", conclusion=body.conclusion, today=datetime.now(UTC).date())
    return Response(content, media_type=DOCX, headers=_attachment(f"otchet-{summary.year}-{summary.half}.docx"))
