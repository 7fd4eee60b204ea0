"""Pages of the contests (issue 15 item 4, ADR 023): the list and the announcement form, a contest's card with what
each caller does there — the organiser moves it on and forms the jury, the tier below applies, a juror scores or
declares a conflict of interest — and the results."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Id, Notice
from gateway.entrypoints.web.pages import form_fields, form_lists, problems_from
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.vocabulary import (
    CONTEST_AWARD_TITLES,
    CONTEST_KIND_TITLES,
    CONTEST_LEVEL_TITLES,
    CONTEST_SHOWN_TITLES,
    CONTEST_STATE_TITLES,
    CONTEST_SUBJECT_TITLES,
)

router = APIRouter(include_in_schema=False)
CRITERIA_TEXT_MAX = 20 * 310  # 20 criteria of «title; max» a line
NOMINATIONS_TEXT_MAX = 20 * 205  # 20 nominations of 200 characters a line
NEXT = {"draft": ("announced", "Объявить конкурс (начать приём заявок)"),
        "announced": ("judging", "Закончить приём заявок: передать жюри"),
        "judging": ("results", "Подвести итоги")}
TITLES = {"kinds": CONTEST_KIND_TITLES, "levels": CONTEST_LEVEL_TITLES, "states": CONTEST_STATE_TITLES,
          "subjects": CONTEST_SUBJECT_TITLES, "awards": CONTEST_AWARD_TITLES, "shown_titles": CONTEST_SHOWN_TITLES}


def _back(url: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"{url}?notice={quote(notice)}", status_code=303)


def _revision(form: dict[str, str]) -> int:
    """The revision the page was shown; anything else is a stale page (the service answers 409)."""
    raw = form.get("revision", "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 18 else 0


def _criteria(text: str) -> list[tuple[str, int]]:
    """«Критерий; 10» per line (the highest score after the last «;», 10 when absent)."""
    found: list[tuple[str, int]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, _, top = line.rpartition(";") if ";" in line else (line, "", "10")
        try:
            found.append((title.strip(), int(top.strip() or "10")))
        except ValueError:
            raise errors.ValidationFailed([errors.FieldProblem(
                "criteria", f"«{line.strip()[:60]}»: после «;» укажите наибольший балл числом")]) from None
    return found


def _list_page(request: Request, session: AuthenticatedSession, container: ContainerDep, *, status_code: int = 200,
               problems: list[dict[str, str]] | None = None, typed: dict[str, str] | None = None,
               notice: str = "") -> HTMLResponse:
    found = container.contests.contests.list_contests(session.principal).contests
    return render_page(request, "contests.html", session, status_code, contests=found,
                       manage=is_allowed(session.principal, Action.CONTEST_MANAGE),
                       typed={"kind": "mentor_of_year", **(typed or {})}, problems=problems or [], notice=notice,
                       **TITLES)


@router.get("/contests", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.CONTEST_READ))])
def contests(request: Request, session: PageSession, container: ContainerDep, notice: Notice = "") -> Response:
    return _list_page(request, session, container, notice=notice)


@router.post("/contests", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.CONTEST_MANAGE))])
async def create_contest(request: Request, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request, limit=CRITERIA_TEXT_MAX)
    check_form_csrf(session, form.get("csrf_token"))
    names = ("kind", "title", "description", "nominations", "criteria", "applications_until", "results_on")
    typed = {k: form.get(k, "") for k in names}
    try:
        made = container.contests.contests.create(
            session.principal, kind=typed["kind"], title=typed["title"], description=typed["description"],
            nominations=[n.strip() for n in typed["nominations"].splitlines() if n.strip()],
            criteria=_criteria(typed["criteria"]), applications_until=typed["applications_until"],
            results_on=typed["results_on"])
    except errors.DomainError as exc:
        return _list_page(request, session, container, status_code=status_of(exc), problems=problems_from(exc),
                          typed=typed)
    return _back(f"/contests/{made.id}", "Конкурс создан (черновик): сформируйте жюри и объявите его")


def _card_page(request: Request, contest_id: str, session: AuthenticatedSession, container: ContainerDep, *,
               status_code: int = 200, problems: list[dict[str, str]] | None = None,
               typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    card = container.contests.contests.card(p, contest_id)
    contest = card.contest
    jury = container.contests.jury_logins(p) if contest.organiser else []
    # The tier below applies; a school's own contest takes its own mentors, pairs and teachers.
    may_apply = (is_allowed(p, Action.CONTEST_APPLY) and contest.state == "announced"
                 and (not contest.organiser or contest.level == "school"))
    candidates = container.contests.candidates(p) if may_apply else None
    return render_page(request, "contest.html", session, status_code, card=card, contest=contest, jury=jury,
                       jurors={j.user_id for j in card.jurors}, may_apply=may_apply, candidates=candidates,
                       next_step=NEXT.get(contest.state), judge=contest.judge and contest.state == "judging",
                       me=p.user_id, my_org=p.org_id or "",
                       typed=typed or {}, problems=problems or [], notice=notice, **TITLES)


@router.get("/contests/{contest_id}", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.CONTEST_READ))])
def contest(request: Request, contest_id: Id, session: PageSession, container: ContainerDep,
            notice: Notice = "") -> Response:
    return _card_page(request, contest_id, session, container, notice=notice)


async def _act(request: Request, contest_id: str, session: AuthenticatedSession, container: ContainerDep,
               act: str) -> Response:
    form, many = await form_lists(request)
    check_form_csrf(session, form.get("csrf_token"))
    p, desk = session.principal, container.contests
    try:
        if act == "move":
            desk.contests.move(p, contest_id, to_state=form.get("to_state", ""), revision=_revision(form))
            done = "Этап конкурса изменён"
        elif act == "jury":
            desk.set_jurors(p, contest_id, many.get("jurors", []))
            done = "Состав жюри сохранён"
        elif act == "apply":
            kind, _, subject_id = form.get("subject", "").partition(":")
            desk.apply(p, contest_id, nomination=form.get("nomination", ""), subject_kind=kind,
                       subject_id=subject_id, shown_fields=many.get("shown_fields", []),
                       consent_confirmed=form.get("consent_confirmed") == "yes",
                       achievements=form.get("achievements", ""), description=form.get("description", ""))
            done = "Заявка подана"
        elif act == "withdraw":
            desk.contests.withdraw(p, form.get("application_id", ""))
            done = "Заявка отозвана"
        else:
            scores = []
            for raw in many.get("scores", []):
                try:
                    scores.append(int(raw.strip() or "-1"))
                except ValueError:
                    raise errors.ValidationFailed([errors.FieldProblem("scores", "Баллы — целые числа")]) from None
            conflict = form.get("conflict") == "yes"
            desk.contests.score(p, form.get("application_id", ""), conflict=conflict,
                                conflict_note=form.get("conflict_note", ""), scores=[] if conflict else scores,
                                comment=form.get("comment", ""))
            done = "Конфликт интересов заявлен: эту заявку вы не оцениваете" if conflict else "Оценка сохранена"
    except errors.DomainError as exc:
        return _card_page(request, contest_id, session, container, status_code=status_of(exc),
                          problems=problems_from(exc), typed=form)
    return _back(f"/contests/{contest_id}", done)


@router.post("/contests/{contest_id}/move", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.CONTEST_MANAGE))])
async def move(request: Request, contest_id: Id, session: PageSession, container: ContainerDep) -> Response:
    return await _act(request, contest_id, session, container, "move")


@router.post("/contests/{contest_id}/jury", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.CONTEST_MANAGE))])
async def jury(request: Request, contest_id: Id, session: PageSession, container: ContainerDep) -> Response:
    return await _act(request, contest_id, session, container, "jury")


@router.post("/contests/{contest_id}/apply", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.CONTEST_APPLY))])
async def apply(request: Request, contest_id: Id, session: PageSession, container: ContainerDep) -> Response:
    return await _act(request, contest_id, session, container, "apply")


@router.post("/contests/{contest_id}/withdraw", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.CONTEST_APPLY))])
async def withdraw(request: Request, contest_id: Id, session: PageSession, container: ContainerDep) -> Response:
    return await _act(request, contest_id, session, container, "withdraw")


@router.post("/contests/{contest_id}/score", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.CONTEST_JUDGE))])
async def score(request: Request, contest_id: Id, session: PageSession, container: ContainerDep) -> Response:
    return await _act(request, contest_id, session, container, "score")
