"""Подбор пар and the school's pairs: the runs and the form that starts one, the run screen (candidates with
reasons, totals, the unmatched and why, the solver's facts, a side by side of the latest runs of each mode, a chart),
moving a mentee by hand (a broken form rule is confirmed with a checkbox), publishing. The pairs themselves are in
:mod:`gateway.entrypoints.web.pair_pages`.

Everything comes from the matching client; the mentor list (for a move outside the candidates) from the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.matching_reads import ProposalRead, RunRead
from gateway.entrypoints.api.matching_schemas import WeightsIn
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, Notice
from gateway.entrypoints.vocabulary import (
    COMPARED_MODE_TITLES,
    COMPATIBILITY_TITLES,
    MATCHING_MODE_TITLES,
    MENTORING_FORM_TITLES,
    OBJECTIVE_TITLES,
    PAIR_KIND_TITLES,
    REPORTING_TITLES,
    RUN_STATUS_TITLES,
    WEIGHT_TITLES,
    field_title,
)
from gateway.entrypoints.web.matching_view import preference_grid
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.person_pages import form_version
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.principal import Principal

router = APIRouter(include_in_schema=False)
DEFAULT_WEIGHTS: dict[str, int] = WeightsIn().model_dump()
DEFAULT_RUN = {"mode": "optimal", "objective": "max_score", "top_k": "3", "group_min": "2", "group_max": "5",
               "team_mentors": "2",
               **{k: str(v) for k, v in DEFAULT_WEIGHTS.items()}}
DEFAULT_PUBLISH = {"kind": "individual", "reporting": "monthly", "term_months": "9"}
MENTOR_PAGE = 200


def _number(form: dict[str, str], name: str, label: str, low: int, high: int,
            problems: list[errors.FieldProblem]) -> int:
    text = form.get(name, "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4 or not low <= int(text) <= high:
        problems.append(errors.FieldProblem(name, f"«{label}»: целое число от {low} до {high}"))
        return 0
    return int(text)


def _one_of(form: dict[str, str], name: str, titles: dict[str, str], label: str,
            problems: list[errors.FieldProblem]) -> str:
    value = form.get(name, "")
    if value not in titles:
        problems.append(errors.FieldProblem(name, f"«{label}»: выберите значение из списка"))
    return value


# -- the runs of the school -------------------------------------------------------------------------------
def _latest_of_each_mode(runs: list[RunRead]) -> list[RunRead]:
    """The newest run of each mode (optimal: of each objective) — the runs a curator compares on one pool."""
    seen: dict[tuple[str, str], RunRead] = {}
    for run in runs:  # newest first
        seen.setdefault((run.mode, run.objective if run.mode == "optimal" else ""), run)
    return list(seen.values())


def _names(container: ContainerDep, p: Principal) -> dict[str, str]:
    return container.staff.display_names(p)


def _runs_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, status_code: int = 200,
               problems: list[dict[str, str]] | None = None, typed: dict[str, str] | None = None,
               notice: str = "") -> HTMLResponse:
    p = session.principal
    runs = container.matching.list_runs(p, limit=50).runs
    return render_page(request, "matching.html", session, status_code, runs=runs,
                       compared=_latest_of_each_mode(runs), authors=_names(container, p), me=p.user_id,
                       modes=MATCHING_MODE_TITLES, objectives=OBJECTIVE_TITLES, statuses=RUN_STATUS_TITLES,
                       weights=WEIGHT_TITLES, typed={**DEFAULT_RUN, **(typed or {})}, problems=problems or [],
                       notice=notice, can_run=is_allowed(p, Action.MATCHING_RUN))


@router.get("/school/matching", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.MATCHING_READ))])
def runs_page(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _runs_page(request, session, container, notice=notice)


def _run_settings(form: dict[str, str]) -> tuple[str, str, dict[str, int], int, dict[str, int]]:
    """What the start form asks, read the way a form sends it; every problem at once, in Russian. The group sizes
    are read for every mode (a form always sends them) and used by the group and team modes."""
    problems: list[errors.FieldProblem] = []
    mode = _one_of(form, "mode", MATCHING_MODE_TITLES, field_title("mode"), problems)
    objective = _one_of(form, "objective", OBJECTIVE_TITLES, field_title("objective"), problems)
    weights = {name: _number(form, name, f"Вес: {title}", 0, 100, problems) for name, title in WEIGHT_TITLES.items()}
    top_k = _number(form, "top_k", field_title("top_k"), 1, 20, problems)
    group = {name: _number({**DEFAULT_RUN, **form}, name, field_title(name), low, high, problems)
             for name, low, high in (("group_min", 1, 30), ("group_max", 1, 30), ("team_mentors", 2, 5))}
    if problems:
        raise errors.ValidationFailed(problems)
    return mode, objective, weights, top_k, group


@router.post("/school/matching/runs", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def start_run(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        mode, objective, weights, top_k, group = _run_settings(form)
        run = container.matching.start_run(session.principal, mode=mode, objective=objective, weights=weights,
                                           top_k=top_k, **group)
    except errors.DomainError as exc:
        return _runs_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                          typed={k: v for k, v in form.items() if k != "csrf_token"})
    audit_pii_read(request, session, action=Action.MATCHING_RUN, subject="прогон подбора",
                   records=len(run.proposals) + len(run.unmatched))
    return RedirectResponse(f"/school/matching/runs/{quote(run.id)}?notice={quote('Подбор выполнен')}",
                            status_code=303)


# -- the run screen ---------------------------------------------------------------------------------------
@dataclass
class RequestRow:
    """One request of a run: the chosen mentor (if any), the other candidates, why nobody when nobody."""

    request_id: str
    mentee_id: str
    mentee_name: str
    form: str
    chosen: ProposalRead | None = None
    candidates: list[ProposalRead] = field(default_factory=list)
    unmatched_reason: str = ""

    @property
    def alternatives(self) -> list[ProposalRead]:
        return [c for c in self.candidates if not c.selected]


def request_rows(run: RunRead) -> list[RequestRow]:
    rows: dict[str, RequestRow] = {}
    for p in run.proposals:
        row = rows.setdefault(p.request_id, RequestRow(p.request_id, p.mentee_id, p.mentee_name, p.form))
        if p.selected:
            row.chosen = p
        if p.rank > 0:
            row.candidates.append(p)
    for u in run.unmatched:
        row = rows.setdefault(u.request_id, RequestRow(u.request_id, u.mentee_id, u.mentee_name, ""))
        row.unmatched_reason = u.reason
    for row in rows.values():
        row.candidates.sort(key=lambda c: c.rank)
    return sorted(rows.values(), key=lambda r: (r.chosen is not None, r.mentee_name))


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


def score_bars(run: RunRead, *, bins: int = 5, width: int = 360) -> list[Bar]:
    """Chosen proposals per score band: the chart's bars (pixels for a 360 px wide plot), highest band on top."""
    scores = [p.score for p in run.proposals if p.selected]
    if not scores:
        return []
    top = max(max(scores), 1)
    step = max(-(-(top + 1) // bins), 1)
    counts = [0] * bins
    for s in scores:
        counts[min(max(s, 0) // step, bins - 1)] += 1
    most = max(counts)
    bars = []
    for i in reversed(range(bins)):
        low, high = i * step, (i + 1) * step - 1 if i < bins - 1 else max(top, (i + 1) * step - 1)
        bars.append(Bar(f"{low}–{high}", counts[i], 0, round(width * counts[i] / most) if most else 0))
    return [Bar(b.label, b.value, 28 * n, b.width) for n, b in enumerate(bars)]


def _all_mentors(container: ContainerDep, p: Principal) -> list[tuple[str, str]]:
    """Active mentors of the school (id, name) for a move outside the candidates: the first 200 by name."""
    page = container.participants.list_mentors(p, page_size=MENTOR_PAGE, page_token="", query="", origin="",
                                               active_only=True)
    return sorted(((m.id, m.full_name) for m in page.mentors), key=lambda m: m[1])


def _run_page(request: Request, session: AuthenticatedSession, container: ContainerDep, run_id: str, *,
              status_code: int = 200, problems: list[dict[str, str]] | None = None,
              typed: dict[str, str] | None = None, confirm: dict[str, str] | None = None,
              notice: str = "") -> HTMLResponse:
    p = session.principal
    run = container.matching.get_run(p, run_id)
    can_run = is_allowed(p, Action.MATCHING_RUN) and run.status == "draft"
    mentors = _all_mentors(container, p) if can_run else []
    runs = container.matching.list_runs(p, limit=50).runs
    audit_pii_read(request, session, action=Action.MATCHING_READ, subject=f"прогон подбора {run_id}",
                   records=len(run.proposals) + len(run.unmatched) + len(mentors))
    rows = request_rows(run)
    mentee_grid, mentor_grid = preference_grid(run) if run.mode == "preferences" else ([], [])
    surveys = []  # published preferences questionnaires the run's participants can be sent (issue 13 item 3)
    if run.mode == "preferences" and can_run and is_allowed(p, Action.QUESTIONNAIRE_MANAGE):
        surveys = [q for q in container.questionnaires.listing(p, "preferences").questionnaires
                   if q.status == "published"]
    return render_page(
        request, "matching_run.html", session, status_code, run=run, rows=rows, mentors=mentors,
        compared=_latest_of_each_mode(runs), authors=_names(container, p), me=p.user_id,
        bars=score_bars(run), modes=MATCHING_MODE_TITLES, objectives=OBJECTIVE_TITLES, statuses=RUN_STATUS_TITLES,
        forms=MENTORING_FORM_TITLES, kinds=PAIR_KIND_TITLES, reportings=REPORTING_TITLES, weights=WEIGHT_TITLES,
        typed={**DEFAULT_PUBLISH, **(typed or {})}, confirm=confirm, problems=problems or [], notice=notice,
        can_run=can_run, today=date.today().isoformat(), on_pool=container.matching.compare_modes(p, run_id),
        on_pool_titles=COMPARED_MODE_TITLES, mentee_grid=mentee_grid, mentor_grid=mentor_grid,
        marks=COMPATIBILITY_TITLES, surveys=surveys)


@router.get("/school/matching/runs/{run_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.MATCHING_READ))])
def run_page(request: Request, run_id: Id, session: PageSession, container: ContainerDep,
             notice: Notice = "") -> Response:
    return _run_page(request, session, container, run_id, notice=notice)


@router.post("/school/matching/runs/{run_id}/assign", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def assign(request: Request, run_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """«Назначить»: a candidate or any mentor of the school. A broken form rule comes back as a question with a
    checkbox (the same choice, posted again with ``confirm_warnings``); a blocker or a stale run as problems."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {k: form.get(k, "") for k in ("request_id", "mentor_id", "version")}
    try:
        if not typed["request_id"] or not typed["mentor_id"]:
            raise errors.ValidationFailed([errors.FieldProblem("mentor_id", "Выберите наставника")])
        container.matching.assign(session.principal, run_id, request_id=typed["request_id"],
                                  mentor_id=typed["mentor_id"], confirm_warnings=form.get("confirm_warnings") == "1",
                                  version=form_version(typed["version"]))
    except errors.DomainError as exc:
        problems = problems_from(exc)
        asked = next((q["message"] for q in problems if q["field"] == "confirm_warnings"), "")
        return _run_page(request, session, container, run_id, status_code=status_of(exc),
                         problems=[] if asked else problems, typed=typed,
                         confirm={**typed, "message": asked} if asked else None)
    return RedirectResponse(f"/school/matching/runs/{quote(run_id)}?notice={quote('Наставник назначен')}"
                            f"#request-{quote(typed['request_id'])}", status_code=303)


def _publish_terms(form: dict[str, str]) -> tuple[str, str, int]:
    problems: list[errors.FieldProblem] = []
    kind = _one_of(form, "kind", PAIR_KIND_TITLES, field_title("pair_kind"), problems)
    reporting = _one_of(form, "reporting", REPORTING_TITLES, field_title("reporting"), problems)
    months = _number(form, "term_months", field_title("term_months"), 1, 36, problems)
    if problems:
        raise errors.ValidationFailed(problems)
    return kind, reporting, months


@router.post("/school/matching/runs/{run_id}/publish", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def publish(request: Request, run_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {k: form.get(k, "") for k in ("kind", "reporting", "term_months")}
    try:
        kind, reporting, months = _publish_terms(form)
        done = container.matching.publish(session.principal, run_id, version=form_version(form.get("version", "")),
                                          kind=kind, reporting=reporting, term_months=months)
    except errors.DomainError as exc:
        return _run_page(request, session, container, run_id, status_code=status_of(exc),
                         problems=problems_from(exc), typed=typed)
    if done.groups:
        notice = f"Прогон утверждён: групп сформировано — {len(done.groups)}"
        return RedirectResponse(f"/school/groups?run_id={quote(run_id)}&notice={quote(notice)}", status_code=303)
    notice = f"Прогон утверждён: пар сформировано — {len(done.pairs)}"
    return RedirectResponse(f"/school/pairs?notice={quote(notice)}", status_code=303)
