"""Оценка программы наставничества (001 §6) as pages of the school: the nine indicators with the platform's evidence
beside each and the score form, the total and the level, the history across periods (an SVG chart with its table),
the «Аналитическая справка» as DOCX; a pair's student outcomes (3.5 / 3.6); a mentor's evidence sheet (001 §7)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.evaluation_export import (
    BAR_GAP,
    BAR_WIDTH,
    CHART_HEIGHT,
    evidence_text,
    history_bars,
    period_title,
)
from gateway.entrypoints.api.evaluation import mentor_evidence_sheet, spravka
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Choice, Id, Notice, PeriodCode
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.vocabulary import (
    CONTEST_AWARD_TITLES,
    CONTEST_SUBJECT_TITLES,
    EVALUATION_CRITERION_TITLES,
    EVALUATION_EVIDENCE_TITLES,
    EVALUATION_GROUP_TITLES,
    EVALUATION_LEVEL_TITLES,
    EVALUATION_SCORE_TITLES,
    MENTOR_EFFECTIVENESS_CRITERIA,
    MENTOR_EVIDENCE_TITLES,
    MENTOR_LEVEL_PATH,
    MENTOR_LEVEL_TITLES,
    OUTCOME_TITLES,
)

router = APIRouter(include_in_schema=False)
TEXT_MAX = 1000


def current_period(now: datetime) -> str:
    return f"{now.year}-H{1 if now.month <= 6 else 2}"


def period_choices(now: datetime) -> dict[str, str]:
    """The half-years and school years of the last three years, newest first (monitoring twice a year, 002)."""
    choices: dict[str, str] = {}
    for year in range(now.year, now.year - 3, -1):
        for code in (f"{year}-H2", f"{year}-H1", f"{year - 1}-{year}"):
            choices[code] = period_title(code)
    return choices


def _page(request: Request, session: AuthenticatedSession, container: ContainerDep, period: str, *,
          status_code: int = 200, problems: list[dict[str, str]] | None = None,
          typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    now = datetime.now(UTC)
    sheet = None
    try:
        sheet = container.monitoring.evaluation_sheet(p, period=period)
    except errors.ValidationFailed as exc:
        problems, status_code = [*(problems or []), *problems_from(exc)], status_of(exc)
    history = container.monitoring.evaluations(p).evaluations
    bars = history_bars(history)
    choices = period_choices(now)
    if sheet is not None and sheet.period not in choices:
        choices = {sheet.period: period_title(sheet.period), **choices}
    return render_page(
        request, "evaluation.html", session, status_code, sheet=sheet, period=period, choices=choices,
        history=history, bars=bars, chart_height=CHART_HEIGHT, bar_width=BAR_WIDTH,
        chart_width=max(320, 40 + len(bars) * (BAR_WIDTH + BAR_GAP)), period_title=period_title,
        criteria=EVALUATION_CRITERION_TITLES, groups=EVALUATION_GROUP_TITLES, levels=EVALUATION_LEVEL_TITLES,
        score_titles=EVALUATION_SCORE_TITLES, evidence_titles=EVALUATION_EVIDENCE_TITLES,
        evidence_text=evidence_text, typed=typed or {}, problems=problems or [], notice=notice,
        can_score=is_allowed(p, Action.EVALUATION_SCORE), text_max=TEXT_MAX)


@router.get("/school/evaluation", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.EVALUATION_READ))])
def evaluation_page(request: Request, session: PageSession, container: ContainerDep, period: Choice = "",
                    notice: Notice = "") -> Response:
    return _page(request, session, container, period or current_period(datetime.now(UTC)), notice=notice)


@router.post("/school/evaluation", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.EVALUATION_SCORE))])
async def complete_evaluation(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request, limit=TEXT_MAX)
    check_form_csrf(session, form.get("csrf_token"))
    period = form.get("period", "")[:20]
    scores: dict[str, int] = {}
    for key in EVALUATION_CRITERION_TITLES:
        raw = form.get(f"score_{key}", "")
        scores[key] = int(raw) if raw in ("0", "1", "2") else -1  # monitoring refuses -1 in Russian, per field
    version = form.get("based_on_version", "0")
    try:
        done = container.monitoring.complete_evaluation(
            session.principal, period=period, scores=scores, notes={}, commission=form.get("commission", ""),
            reason=form.get("reason", ""), based_on_version=int(version) if version.isdigit() else 0)
    except errors.DomainError as exc:
        return _page(request, session, container, period, status_code=status_of(exc), problems=problems_from(exc),
                     typed=form)
    notice = quote(f"Оценка завершена: {done.total} баллов — {EVALUATION_LEVEL_TITLES[done.level].lower()}")
    return RedirectResponse(f"/school/evaluation?period={quote(done.period)}&notice={notice}", status_code=303)


@router.get("/school/evaluation/{period}/spravka.docx", response_class=Response,
            dependencies=[Depends(allowed(Action.EVALUATION_READ))])
def spravka_download(period: PeriodCode, session: PageSession, container: ContainerDep) -> Response:
    return spravka(session.principal, container.monitoring, period)


def _outcome_page(request: Request, session: AuthenticatedSession, container: ContainerDep, pair_id: str, *,
                  status_code: int = 200, problems: list[dict[str, str]] | None = None,
                  notice: str = "") -> HTMLResponse:
    pair = container.matching.get_pair(session.principal, pair_id)  # a stranger's pair is a 404 here
    outcome = container.monitoring.pair_outcome(session.principal, pair_id)
    return render_page(request, "pair_outcome.html", session, status_code, pair=pair, outcome=outcome,
                       titles=OUTCOME_TITLES, problems=problems or [], notice=notice,
                       can_record=is_allowed(session.principal, Action.PAIR_WORK_RECORD))


@router.get("/school/pairs/{pair_id}/outcome", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def outcome_page(request: Request, pair_id: Id, session: PageSession, container: ContainerDep,
                 notice: Notice = "") -> Response:
    return _outcome_page(request, session, container, pair_id, notice=notice)


@router.post("/school/pairs/{pair_id}/outcome", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
async def record_outcome(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request, limit=TEXT_MAX)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        container.monitoring.record_pair_outcome(
            session.principal, pair_id, academic_improved=form.get("academic_improved") == "1",
            contest_prepared=form.get("contest_prepared") == "1", note=form.get("note", ""),
            **{name: form.get(name) == "1" for name in ("management_reserve", "project_lead", "pro_contest")})
    except errors.DomainError as exc:
        return _outcome_page(request, session, container, pair_id, status_code=status_of(exc),
                             problems=problems_from(exc))
    return RedirectResponse(f"/school/pairs/{quote(pair_id)}/outcome?notice={quote('Результаты внесены')}",
                            status_code=303)


@router.get("/school/persons/{person_id}/mentor-evidence", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.MENTOR_LIST))])
def mentor_evidence_page(request: Request, person_id: Id, session: PageSession, container: ContainerDep) -> Response:
    sheet = mentor_evidence_sheet(session.principal, container.participants, container.monitoring,
                                  container.contests.contests, person_id)
    audit_pii_read(request, session, action=Action.MENTOR_LIST, subject=f"лист эффективности наставника {person_id}",
                   records=1)
    return render_page(request, "mentor_evidence.html", session, sheet=sheet, titles=MENTOR_EVIDENCE_TITLES,
                       contest_subjects=CONTEST_SUBJECT_TITLES, contest_awards=CONTEST_AWARD_TITLES,
                       criteria=MENTOR_EFFECTIVENESS_CRITERIA, levels=MENTOR_LEVEL_TITLES, path=MENTOR_LEVEL_PATH,
                       can_change=is_allowed(session.principal, Action.MENTOR_REGISTER))
