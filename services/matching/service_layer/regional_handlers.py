"""Use cases of virtual mentoring across organisations (ADR 009).

The outer contour starts a run over its schools and reads counts; a school reads its offer — its own mentees'
names resolved inside the school from its own pool snapshot — and accepts or declines per mentee. Acceptance
forms a virtual pair in the school, with ``PairFormed`` as any other pair.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from matching.domain.assignment import Objective
from matching.domain.events import PairFormed
from matching.domain.pairs import Pair, check_terms, term_end
from matching.domain.pool import Pool, PoolRequest
from matching.domain.regional import (
    REGIONAL_MODE,
    Decision,
    RegionalRun,
    RunScope,
    SchoolOffer,
    build_regional_run,
)
from matching.domain.scoring import Weights
from matching.service_layer.repositories import MentorLoad, PoolSource, RegionalSource
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship_kit.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from mentorship_kit.policy import Action, Reach, require
from mentorship_kit.request_token import request_token

RUN_NOT_FOUND = "Прогон подбора по муниципалитету/региону не найден"
OFFER_NOT_FOUND = "Предложение не найдено"


def _now() -> datetime:
    return datetime.now(UTC)


def _uuid(value: str, message: str) -> str:
    try:
        uuid.UUID(value)
    except ValueError:
        raise NotFound(message) from None
    return value


@dataclass(frozen=True)
class StartRegionalRun:
    municipality_id: str = ""  # the regional operator may narrow the run to one municipality
    objective: str = "max_matched_then_score"
    weights: dict[str, int] | None = None


@dataclass(frozen=True)
class OfferDecision:
    token: str
    accept: bool
    reason: str = ""


@dataclass(frozen=True)
class DecideOffer:
    run_id: str
    decisions: tuple[OfferDecision, ...]
    version: int = 0
    reporting: str = "monthly"
    term_months: int = 9


@dataclass(frozen=True)
class ResolvedOffer:
    """A school's offer with its own mentees behind the tokens — only ever built for the school itself."""

    offer: SchoolOffer
    requests: dict[str, PoolRequest]  # token → the school's open request (names inside the school only)


def start_regional_run(cmd: StartRegionalRun, uow: UnitOfWork, source: RegionalSource,
                       load: MentorLoad) -> RegionalRun:
    p = uow.principal
    granted = require(p, Action.MATCHING_REGIONAL_RUN)
    if cmd.objective not in Objective.__members__.values():
        raise ValidationFailed([FieldProblem("objective", "Цель: max_score или max_matched_then_score")])
    try:
        weights = Weights.of(cmd.weights)
    except ValueError as exc:
        raise ValidationFailed([FieldProblem("weights", f"Веса: {exc}")]) from None
    municipality = cmd.municipality_id
    if municipality:
        _uuid(municipality, "Муниципалитет не найден")
    if granted is Reach.OWN_MUNICIPALITY:
        if municipality and municipality != p.municipality_id:
            raise Forbidden("Подбор по другому муниципалитету недоступен: только по своему")
        municipality, scope = p.municipality_id or "", RunScope.MUNICIPALITY
    else:
        scope = RunScope.REGION
    region = p.region_id or ""
    mentors = source.public_mentors()  # before the transaction: a slow registry holds no connection
    digests = source.digests(municipality)
    seats = load.active_load(region, [m.id for m in mentors])
    run = build_regional_run(digests, mentors, seats, run_id=str(uuid.uuid4()), scope=scope,
                             municipality_id=municipality if scope is RunScope.MUNICIPALITY else "",
                             region_id=region, objective=Objective(cmd.objective), weights=weights,
                             created_by=p.user_id, now=_now())
    with uow:
        uow.regional.add(run)
        uow.commit()
    return run


def get_regional_run(run_id: str, uow: UnitOfWork) -> RegionalRun:
    require(uow.principal, Action.MATCHING_REGIONAL_RUN)
    _uuid(run_id, RUN_NOT_FOUND)
    with uow:
        run = uow.regional.get(run_id)
    if run is None:
        raise NotFound(RUN_NOT_FOUND)
    return run


def list_regional_runs(uow: UnitOfWork, *, limit: int = 20) -> list[RegionalRun]:
    require(uow.principal, Action.MATCHING_REGIONAL_RUN)
    with uow:
        return uow.regional.recent(limit=max(1, min(limit, 100)))


def list_offers(uow: UnitOfWork, *, limit: int = 20) -> list[SchoolOffer]:
    require(uow.principal, Action.MATCHING_OFFER_DECIDE)
    with uow:
        return uow.regional.school_offers(limit=max(1, min(limit, 100)))


def _school(uow: UnitOfWork) -> str:
    org = uow.principal.org_id
    if not org:
        raise Forbidden("Предложения рассматривает школа")
    return org


def _own_requests(pool: Pool) -> dict[str, PoolRequest]:
    return {request_token(r.id): r for r in pool.requests}


def get_offer(run_id: str, uow: UnitOfWork, pool_source: PoolSource) -> ResolvedOffer:
    require(uow.principal, Action.MATCHING_OFFER_DECIDE)
    org = _school(uow)
    _uuid(run_id, OFFER_NOT_FOUND)
    pool = pool_source.snapshot()  # the school's own requests, read as its curator
    with uow:
        offer = uow.regional.offer(run_id, org)
    if offer is None:
        raise NotFound(OFFER_NOT_FOUND)
    mine = _own_requests(pool)
    return ResolvedOffer(offer, {t: r for t, r in mine.items() if any(i.token == t for i in offer.items)})


def decide_offer(cmd: DecideOffer, uow: UnitOfWork, pool_source: PoolSource,
                 load: MentorLoad) -> tuple[SchoolOffer, list[Pair]]:
    """Accepted items become virtual pairs (one transaction with their ``PairFormed``); declines keep the reason."""
    require(uow.principal, Action.MATCHING_OFFER_DECIDE)
    org = _school(uow)
    check_terms(kind="virtual", reporting=cmd.reporting, term_months=cmd.term_months)
    _uuid(cmd.run_id, OFFER_NOT_FOUND)
    if not cmd.decisions:
        raise ValidationFailed([FieldProblem("decisions", "Отметьте, кого принимаете и от кого отказываетесь")])
    if len({d.token for d in cmd.decisions}) != len(cmd.decisions):
        raise ValidationFailed([FieldProblem("decisions", "Один наставляемый — одно решение")])
    pool = pool_source.snapshot()  # the request must still be open, the mentee active and consenting
    mine = _own_requests(pool)
    p, at = uow.principal, _now()
    with uow:
        offer = uow.regional.offer(cmd.run_id, org, lock=True)
        if offer is None:
            raise NotFound(OFFER_NOT_FOUND)
        offer.check_version(cmd.version)
        uow.pairs.lock_school(org)  # the same lock as publishing: seats and requests cannot race another pair
        taken = uow.pairs.active_requests()
        accepted = [offer.item(d.token) for d in cmd.decisions if d.accept]
        seats = load.active_load(offer.region_id, sorted({i.mentor_id for i in accepted}))
        made: list[Pair] = []
        for d in cmd.decisions:
            item = offer.item(d.token)
            pair_id = ""
            if d.accept:
                request = mine.get(d.token)
                if request is None or request.id in taken:
                    raise Conflict("Запрос наставляемого уже закрыт или получил пару: отклоните предложение")
                if not (request.consent_valid and request.mentee_active):
                    raise Conflict(f"У наставляемого {request.mentee_name} нет действующего согласия или он "
                                   "выведен из базы")
                if seats.get(item.mentor_id, 0) >= item.mentor_capacity:
                    raise Conflict(f"У наставника {item.mentor_name} не осталось свободных мест: отклоните "
                                   "предложение или начните новый подбор")
                seats[item.mentor_id] = seats.get(item.mentor_id, 0) + 1
                start = at.date()
                pair = Pair(id=str(uuid.uuid4()), org_id=org, municipality_id=offer.municipality_id,
                            region_id=offer.region_id, run_id=offer.run_id, request_id=request.id,
                            mentee_id=request.mentee_id, mentee_name=request.mentee_name, mentor_id=item.mentor_id,
                            mentor_name=item.mentor_name, form=item.form, kind="virtual", term_start=start,
                            term_end=term_end(start, cmd.term_months), reporting=cmd.reporting,
                            created_by=p.user_id, created_at=at)
                made.append(pair)
                pair_id = pair.id
            offer.decide(d.token, accept=d.accept, reason=d.reason, by=p.user_id, at=at, pair_id=pair_id)
        offer.version += 1
        for pair in made:
            uow.pairs.add(pair)
            uow.collect(PairFormed(pair, REGIONAL_MODE))
        uow.regional.save_offer(offer)
        uow.commit()
    return offer, made


__all__ = [
    "DecideOffer",
    "Decision",
    "OfferDecision",
    "ResolvedOffer",
    "StartRegionalRun",
    "decide_offer",
    "get_offer",
    "get_regional_run",
    "list_offers",
    "list_regional_runs",
    "start_regional_run",
]
