"""The school's pairs: the list with filters (status, form, вид, mentor, run) paged by key, and the pair card with
its history and the forms of a pair's life — the mentor's consent, completion with the outcome, the mentee's petition
for another mentor or the mentor's request to be released, the curator's decision, the pick of a new mentor among the
candidates proposed at once, and closing by hand.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.adapters.matching_reads import PairRead, ProposalRead
from gateway.entrypoints.deps import ContainerDep, PageSession, allowed, audit_pii_read, check_form_csrf
from gateway.entrypoints.errors import status_of
from gateway.entrypoints.params import Choice, Id, IdFilter, Notice, PageToken, SearchText
from gateway.entrypoints.vocabulary import (
    MATCHING_MODE_TITLES,
    MENTORING_FORM_TITLES,
    PAIR_HISTORY_TITLES,
    PAIR_KIND_TITLES,
    PAIR_RESULT_TITLES,
    PAIR_STATUS_TITLES,
    PETITION_KIND_TITLES,
    PETITION_STATUS_TITLES,
    REPORTING_TITLES,
)
from gateway.entrypoints.web.pages import form_fields, problems_from
from gateway.entrypoints.web.person_pages import form_version
from gateway.entrypoints.web.rendering import render_page
from gateway.service_layer.auth import AuthenticatedSession
from mentorship_kit import errors
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.principal import Principal, Role

router = APIRouter(include_in_schema=False)
PAIR_PAGES = 10
"""The pairs of a school read for a search by name, 200 at a time (2,000 pairs: more than a school forms in a year)."""
PAGE_SIZE = 50
MENTOR_PAGE = 200


def all_pairs(container: ContainerDep, p: Principal, **filters: str) -> list[PairRead]:
    """Every pair of the school that the filters keep, in the order of mentees' names."""
    pairs: list[PairRead] = []
    token = ""
    for _ in range(PAIR_PAGES):
        page = container.matching.list_pairs(p, page_size=200, page_token=token, **filters)
        pairs.extend(page.pairs)
        token = page.next_page_token
        if not token:
            break
    return pairs


def mentor_load(container: ContainerDep, p: Principal) -> dict[str, int]:
    """Active pairs and group members per mentor: the mentor base shows them against the capacity."""
    load: dict[str, int] = {}
    for pair in all_pairs(container, p, status="active"):
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
    for group in container.matching.list_groups(p, limit=500).groups:
        for member in group.members if group.status == "active" else []:
            load[member.mentor_id] = load.get(member.mentor_id, 0) + 1
    return load


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def _mentors(container: ContainerDep, p: Principal) -> dict[str, str]:
    """Mentors of the school (id → name) for the filter: the first 200 by name (none for a participant's login,
    which lists its own pairs only)."""
    if not is_allowed(p, Action.MENTOR_LIST):
        return {}
    page = container.participants.list_mentors(p, page_size=MENTOR_PAGE, page_token="", query="", origin="",
                                               active_only=False)
    return dict(sorted(((m.id, m.full_name) for m in page.mentors), key=lambda m: m[1]))


def _runs(container: ContainerDep, p: Principal) -> dict[str, str]:
    """Published runs (id → «дд.мм.гггг, режим») for the filter."""
    if not is_allowed(p, Action.MATCHING_READ):
        return {}
    runs = container.matching.list_runs(p, limit=50).runs
    return {r.id: f"{(r.published_at or '')[8:10]}.{(r.published_at or '')[5:7]}.{(r.published_at or '')[:4]}, "
                  f"{MATCHING_MODE_TITLES.get(r.mode, r.mode).lower()}" for r in runs if r.status == "published"}


@router.get("/school/pairs", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PAIR_READ))])
def pairs_page(request: Request, session: PageSession, container: ContainerDep, status: Choice = "",
               form: Choice = "", kind: Choice = "", mentor_id: IdFilter = "", run_id: IdFilter = "",
               query: SearchText = "", page_token: PageToken = "", notice: Notice = "") -> Response:
    p = session.principal
    mentors, runs = _mentors(container, p), _runs(container, p)
    filters = {"status": status if status in PAIR_STATUS_TITLES else "",
               "form": form if form in MENTORING_FORM_TITLES else "", "kind": kind if kind in PAIR_KIND_TITLES else "",
               "mentor_id": mentor_id if mentor_id in mentors else "", "run_id": run_id if run_id in runs else ""}
    wanted = _fold(query.strip())
    next_url, total = "", 0
    if wanted:  # a search by name reads every pair the filters keep and shows the matches on one page
        found = all_pairs(container, p, **filters)
        shown = [pair for pair in found if wanted in _fold(pair.mentee_name) or wanted in _fold(pair.mentor_name)]
        total, cut = len(shown), len(found) >= PAIR_PAGES * 200
    else:
        page = container.matching.list_pairs(p, page_size=PAGE_SIZE, page_token=page_token, **filters)
        shown, total, cut = page.pairs, page.total, False
        if page.next_page_token:
            kept = {k: v for k, v in filters.items() if v}
            next_url = "/school/pairs?" + urlencode({**kept, "page_token": page.next_page_token})
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="наставнические пары (страница)",
                   records=len(shown))
    return render_page(request, "pairs.html", session, pairs=shown, total=total, next_url=next_url,
                       first_page=bool(page_token), filters={**filters, "query": query.strip()},
                       statuses=PAIR_STATUS_TITLES, forms=MENTORING_FORM_TITLES, kinds=PAIR_KIND_TITLES,
                       reportings=REPORTING_TITLES, mentors=mentors, runs=runs, notice=notice, cut=cut)


def _actor(authors: dict[str, str], actor: str) -> str:
    if actor.startswith("system:"):
        return "по событию реестра"
    return authors.get(actor, "сотрудник школы") if actor else "—"


def _pair_page(request: Request, session: AuthenticatedSession, container: ContainerDep, pair_id: str, *,
               status_code: int = 200, problems: list[dict[str, str]] | None = None,
               typed: dict[str, str] | None = None, notice: str = "") -> HTMLResponse:
    p = session.principal
    pair = container.matching.get_pair(p, pair_id)
    run = container.matching.get_run(p, pair.run_id) if pair.run_id and is_allowed(p, Action.MATCHING_READ) else None
    chosen = next((c for c in (run.proposals if run else []) if c.selected and c.request_id == pair.request_id
                   and c.mentor_id == pair.mentor_id), None)
    may_act = is_allowed(p, Action.MATCHING_RUN)
    candidates: list[ProposalRead] = []
    if may_act and pair.awaiting_mentor:
        candidates = container.matching.replacement_candidates(p, pair_id).candidates
    authors = container.staff.display_names(p)
    history = [(h, PAIR_HISTORY_TITLES.get(h.action, h.action), _actor(authors, h.actor)) for h in pair.history]
    audit_pii_read(request, session, action=Action.PAIR_READ, subject=f"наставническая пара {pair_id}",
                   records=1 + len(candidates))
    active = pair.status == "active"
    pending = bool(pair.petition and pair.petition.status == "filed")
    return render_page(request, "pair.html", session, status_code, pair=pair, run=run, chosen=chosen,
                       authors=authors, history=history, candidates=candidates, statuses=PAIR_STATUS_TITLES,
                       forms=MENTORING_FORM_TITLES, kinds=PAIR_KIND_TITLES, reportings=REPORTING_TITLES,
                       modes=MATCHING_MODE_TITLES, results=PAIR_RESULT_TITLES, petition_kinds=PETITION_KIND_TITLES,
                       petition_statuses=PETITION_STATUS_TITLES, typed=typed or {}, problems=problems or [],
                       notice=notice, can_close=may_act and active,
                       can_petition=is_allowed(p, Action.PAIR_PETITION) and active and not pending,
                       petition_choices=_petition_choices(p),
                       can_decide=may_act and active and pending, can_pick=may_act and pair.awaiting_mentor)


@router.get("/school/pairs/{pair_id}", response_class=HTMLResponse, dependencies=[Depends(allowed(Action.PAIR_READ))])
def pair_page(request: Request, pair_id: Id, session: PageSession, container: ContainerDep,
              notice: Notice = "") -> Response:
    return _pair_page(request, session, container, pair_id, notice=notice)


def _petition_choices(p: Principal) -> dict[str, str]:
    """The kinds of petition the caller may file: the curator either (from paper), a mentee only «заменить
    наставника», a mentor only «освободить» (004 §5.2; matching checks the same)."""
    role = p.participant_role
    own = {Role.MENTEE: "replace_mentor", Role.MENTOR: "release_mentor"}[role] if role else None
    return {k: v for k, v in PETITION_KIND_TITLES.items() if own is None or k == own}


def _back(pair_id: str, notice: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/school/pairs/{quote(pair_id)}?notice={quote(notice)}{anchor}", status_code=303)


@router.post("/school/pairs/{pair_id}/close", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def close_pair(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"reason": form.get("reason", "")}
    try:
        container.matching.close_pair(session.principal, pair_id, reason=typed["reason"],
                                      version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _pair_page(request, session, container, pair_id, status_code=status_of(exc),
                          problems=problems_from(exc), typed=typed)
    return _back(pair_id, "Пара закрыта")


@router.post("/school/pairs/{pair_id}/mentor-consent", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def record_mentor_consent(request: Request, pair_id: Id, session: PageSession,
                                container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"consent_on": form.get("consent_on", "")[:10], "document": form.get("document", "")[:300]}
    try:
        container.matching.record_mentor_consent(session.principal, pair_id, consent_on=typed["consent_on"],
                                                 document=typed["document"],
                                                 version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _pair_page(request, session, container, pair_id, status_code=status_of(exc),
                          problems=problems_from(exc), typed=typed)
    return _back(pair_id, "Согласие наставника записано")


@router.post("/school/pairs/{pair_id}/complete", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def complete_pair(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """«Завершить пару»: before the term the page asks again with a checkbox (``confirm_early``)."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"outcome": form.get("outcome", "")[:500], "result": form.get("result", "")[:50],
             "confirm_early": form.get("confirm_early", "")}
    try:
        container.matching.complete_pair(session.principal, pair_id, outcome=typed["outcome"], result=typed["result"],
                                         confirm_early=typed["confirm_early"] == "1",
                                         version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _pair_page(request, session, container, pair_id, status_code=status_of(exc),
                          problems=problems_from(exc), typed={**typed, "ask_early": "1"})
    return _back(pair_id, "Пара завершена")


@router.post("/school/pairs/{pair_id}/petition", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.PAIR_PETITION))])
async def file_petition(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"kind": form.get("kind", "")[:50], "filed_on": form.get("filed_on", "")[:10],
             "petition_reason": form.get("reason", "")[:500]}
    try:
        container.matching.file_petition(session.principal, pair_id, kind=typed["kind"], filed_on=typed["filed_on"],
                                         reason=typed["petition_reason"],
                                         version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _pair_page(request, session, container, pair_id, status_code=status_of(exc),
                          problems=problems_from(exc), typed=typed)
    if not is_allowed(session.principal, Action.MATCHING_RUN):
        return _back(pair_id, "Обращение записано: куратор примет по нему решение")
    return _back(pair_id, "Обращение записано: примите по нему решение", "#decision")


@router.post("/school/pairs/{pair_id}/petition/decision", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def decide_petition(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    """Approval closes the pair; the card then shows the candidates for a new mentor at once."""
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    typed = {"comment": form.get("comment", "")[:500]}
    approve = form.get("decision", "") == "approve"
    try:
        if form.get("decision", "") not in ("approve", "decline"):
            raise errors.ValidationFailed([errors.FieldProblem("decision", "Выберите решение")])
        container.matching.decide_petition(session.principal, pair_id, approve=approve, comment=typed["comment"],
                                           version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _pair_page(request, session, container, pair_id, status_code=status_of(exc),
                          problems=problems_from(exc), typed=typed)
    if approve:
        return _back(pair_id, "Обращение удовлетворено, пара закрыта: выберите нового наставника", "#replacement")
    return _back(pair_id, "Обращение отклонено: пара продолжается")


@router.post("/school/pairs/{pair_id}/replacement", response_class=HTMLResponse,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def pick_replacement(request: Request, pair_id: Id, session: PageSession, container: ContainerDep) -> Response:
    form = await form_fields(request)
    check_form_csrf(session, form.get("csrf_token"))
    try:
        done = container.matching.pick_replacement(session.principal, pair_id,
                                                   mentor_id=form.get("mentor_id", "")[:100],
                                                   version=form_version(form.get("version", "")))
    except errors.DomainError as exc:
        return _pair_page(request, session, container, pair_id, status_code=status_of(exc),
                          problems=problems_from(exc))
    formed = done.formed.id if done.formed else pair_id
    return _back(formed, "Новая пара сформирована взамен прежней")
