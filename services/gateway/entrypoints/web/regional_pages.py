"""Виртуальное наставничество между организациями (ADR 009): the municipal/regional page that starts a run and
shows counts per school — never a mentee's name — and the school's page of offers where its curator, seeing its
own mentees, accepts or declines per mentee."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, Notice
from gateway.entrypoints.vocabulary import (
    MENTORING_FORM_TITLES,
    OBJECTIVE_TITLES,
    OFFER_DECISION_TITLES,
    REGIONAL_SCOPE_TITLES,
    REPORTING_TITLES,
)
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action
from mentorship_kit.principal import Principal

router = APIRouter(include_in_schema=False)
DEFAULT_TERM = {"reporting": "monthly", "term_months": "9"}


def _school_names(container: ContainerDep, p: Principal) -> dict[str, str]:
    """Schools of the caller's reach by id (structure, not personal data)."""
    return {o.id: o.name for o in container.registry.list_organisations(p)}


# -- the outer contour: runs and counts ---------------------------------------------------------------------
def _runs_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, status_code: int = 200,
               problems: list[dict[str, str]] | None = None, typed: dict[str, str] | None = None,
               notice: str = "") -> HTMLResponse:
    runs = container.regional.list_runs(session.principal, limit=50).runs
    return render_page(request, "virtual_runs.html", session, status_code, runs=runs, objectives=OBJECTIVE_TITLES,
                       scopes=REGIONAL_SCOPE_TITLES, typed={"objective": "max_matched_then_score", **(typed or {})},
                       problems=problems or [], notice=notice)


@router.get("/virtual-matching", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.MATCHING_REGIONAL_RUN))])
def runs_page(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _runs_page(request, session, container, notice=notice)


@router.post("/virtual-matching", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_REGIONAL_RUN))])
async def start_run(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"objective": form.get("objective", "")}
    try:
        if typed["objective"] not in OBJECTIVE_TITLES:
            raise errors.ValidationFailed([errors.FieldProblem("objective", "«Цель»: выберите значение из списка")])
        run = container.regional.start_run(session.principal, municipality_id="", objective=typed["objective"])
    except errors.DomainError as exc:
        return _runs_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                          typed=typed)
    notice = f"Подбор выполнен: предложено наставников — {run.proposed}"
    return RedirectResponse(f"/virtual-matching/{quote(run.id)}?notice={quote(notice)}", status_code=303)


@router.get("/virtual-matching/{run_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.MATCHING_REGIONAL_RUN))])
def run_page(request: Request, run_id: Id, session: PageSession, container: ContainerDep,
             notice: Notice = "") -> Response:
    p = session.principal
    run = container.regional.get_run(p, run_id)
    return render_page(request, "virtual_run.html", session, run=run, schools=_school_names(container, p),
                       objectives=OBJECTIVE_TITLES, scopes=REGIONAL_SCOPE_TITLES, notice=notice)


# -- the school: its offers ---------------------------------------------------------------------------------
@router.get("/school/virtual-offers", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.MATCHING_OFFER_DECIDE))])
def offers_page(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    offers = container.regional.list_offers(session.principal, limit=50).offers
    return render_page(request, "virtual_offers.html", session, offers=offers, notice=notice)


def _offer_page(request: Request, session: AuthenticatedSession, container: ContainerDep, run_id: str, *,
                status_code: int = 200, problems: list[dict[str, str]] | None = None,
                typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    offer = container.regional.get_offer(session.principal, run_id)
    audit_pii_read(request, session, action=Action.MATCHING_OFFER_DECIDE, subject=f"предложение наставников {run_id}",
                   records=len(offer.items))
    return render_page(request, "virtual_offer.html", session, status_code, offer=offer,
                       decisions=OFFER_DECISION_TITLES, forms=MENTORING_FORM_TITLES, reportings=REPORTING_TITLES,
                       typed={**DEFAULT_TERM, **(typed or {})}, problems=problems or [], notice=notice)


@router.get("/school/virtual-offers/{run_id}", response_class=HTMLResponse,
            dependencies=[Depends(allowed(Action.MATCHING_OFFER_DECIDE))])
def offer_page(request: Request, run_id: Id, session: PageSession, container: ContainerDep,
               notice: Notice = "") -> Response:
    return _offer_page(request, session, container, run_id, notice=notice)


def _decisions(form: dict[str, str]) -> list[tuple[str, bool, str]]:
    """``choice-<token>`` = accept | decline | "" (not now); ``reason-<token>`` for a decline."""
    found = []
    for key, value in form.items():
        if key.startswith("choice-") and value in ("accept", "decline"):
            token = key.removeprefix("choice-")[:100]
            found.append((token, value == "accept", form.get(f"reason-{token}", "")[:500]))
    if not found:
        raise errors.ValidationFailed([errors.FieldProblem("decisions", "Отметьте, кого принимаете и от кого "
                                                                        "отказываетесь")])
    return found


def _int(text: str, name: str, label: str, low: int, high: int) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 12 or not low <= int(text) <= high:
        raise errors.ValidationFailed([errors.FieldProblem(name, f"«{label}»: целое число от {low} до {high}")])
    return int(text)


@router.post("/school/virtual-offers/{run_id}", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_OFFER_DECIDE))])
async def decide(request: Request, run_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {k: v for k, v in form.items() if k != "csrf_token"}
    try:
        if form.get("reporting", "") not in REPORTING_TITLES:
            raise errors.ValidationFailed([errors.FieldProblem("reporting", "«Отчётность»: выберите из списка")])
        done = container.regional.decide(
            session.principal, run_id, decisions=_decisions(form), reporting=form["reporting"],
            version=_int(form.get("version", "0"), "version", "Версия", 0, 2**62),
            term_months=_int(form.get("term_months", ""), "term_months", "Срок, месяцев", 1, 36))
    except errors.DomainError as exc:
        return _offer_page(request, session, container, run_id, status_code=status_of(exc),
                           problems=problems_from(exc), typed=typed)
    notice = f"Решение записано: виртуальных пар создано — {len(done.pairs)}"
    return RedirectResponse(f"/school/virtual-offers/{quote(run_id)}?notice={quote(notice)}", status_code=303)
