"""Use cases of pairs: list, read, close by the curator, and close on a registry event (consent, deactivation)."""

from __future__ import annotations

import re
import uuid

from matching.domain import commands
from matching.domain.events import PairClosed
from matching.domain.pairs import Pair, PairStatus
from matching.service_layer.run_handlers import known_id, now
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require

PAIR_NOT_FOUND = "Пара не найдена"
_OFFSET = re.compile(r"[0-9]{1,9}")  # the page token is an offset; a school never holds a billion pairs


def _filters(cmd: commands.ListPairs) -> list[FieldProblem]:
    """What a client can type into the filters, checked before it reaches SQL (a 422, never a 503)."""
    problems = []
    if cmd.status and cmd.status not in PairStatus.__members__.values():
        problems.append(FieldProblem("status", "Состояние пары: active, completed или closed"))
    ids = (("mentor_id", cmd.mentor_id, "наставника"), ("mentee_id", cmd.mentee_id, "наставляемого"))
    for field, value, title in ids:
        try:
            if value:
                uuid.UUID(value)
        except ValueError:
            problems.append(FieldProblem(field, f"Неверный идентификатор {title}"))
    if cmd.page_token and not _OFFSET.fullmatch(cmd.page_token):
        problems.append(FieldProblem("page_token", "Неверная ссылка на страницу: откройте список заново"))
    return problems


def list_pairs(cmd: commands.ListPairs, uow: UnitOfWork) -> tuple[list[Pair], str, int]:
    require(uow.principal, Action.PAIR_READ)
    if problems := _filters(cmd):
        raise ValidationFailed(problems)
    with uow:
        return uow.pairs.page(status=cmd.status, mentor_id=cmd.mentor_id, mentee_id=cmd.mentee_id,
                              size=max(1, min(cmd.page_size or 50, 200)), after=cmd.page_token)


def get_pair(pair_id: str, uow: UnitOfWork) -> Pair:
    require(uow.principal, Action.PAIR_READ)
    known_id(pair_id, PAIR_NOT_FOUND)
    with uow:
        pair = uow.pairs.get(pair_id)
    if pair is None:
        raise NotFound(PAIR_NOT_FOUND)
    return pair


def _locked_pair(uow: UnitOfWork, pair_id: str, version: int) -> Pair:
    """The pair to change, locked; a stale page (another curator saved meanwhile) is a Russian 409."""
    known_id(pair_id, PAIR_NOT_FOUND)
    pair = uow.pairs.get(pair_id, lock=True)
    if pair is None:
        raise NotFound(PAIR_NOT_FOUND)
    if version and version != pair.version:
        raise Conflict("Пара изменена другим пользователем: обновите страницу и повторите")
    return pair


def close_pair(cmd: commands.ClosePair, uow: UnitOfWork) -> Pair:
    require(uow.principal, Action.MATCHING_RUN)
    with uow:
        pair = _locked_pair(uow, cmd.pair_id, cmd.version)
        pair.close(cmd.reason, at=now())
        uow.pairs.save(pair)
        uow.collect(PairClosed(pair))
        uow.commit()
    return pair


def record_mentor_consent(cmd: commands.RecordMentorConsent, uow: UnitOfWork) -> Pair:
    require(uow.principal, Action.MATCHING_RUN)
    with uow:
        pair = _locked_pair(uow, cmd.pair_id, cmd.version)
        pair.record_mentor_consent(cmd.consent_on, cmd.document, today=now().date())
        uow.pairs.save(pair)
        uow.commit()
    return pair


def close_pairs_of(cmd: commands.ClosePairsOf, uow: UnitOfWork) -> list[Pair]:
    """The consumer's use case (no policy: the event is the registry's verified fact). Idempotent: a pair already
    closed is left alone, so a duplicate or a second event about the same person closes nothing more."""
    closed: list[Pair] = []
    with uow:
        found = []
        if cmd.mentor_id:
            found += uow.pairs.active_of(mentor_id=cmd.mentor_id, lock=True)
        if cmd.mentee_id:
            found += uow.pairs.active_of(mentee_id=cmd.mentee_id, lock=True)
        for pair in {p.id: p for p in found}.values():
            pair.close(cmd.reason, at=now())
            uow.pairs.save(pair)
            uow.collect(PairClosed(pair))
            closed.append(pair)
        uow.commit()
    return closed
