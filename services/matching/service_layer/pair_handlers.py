"""Use cases of pairs: list, read, close by the curator, and close on a registry event (consent, deactivation)."""

from __future__ import annotations

from dataclasses import replace

from matching.domain import commands
from matching.domain.events import PairClosed
from matching.domain.history import HistoryEntry
from matching.domain.pair_pages import PairFilters, filter_problems
from matching.domain.pairs import PAIR_KINDS, STALE, Pair, PairStatus
from matching.service_layer.run_handlers import known_id, now
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship_kit.errors import Conflict, NotFound, ValidationFailed
from mentorship_kit.policy import Action, Reach, owns, require
from mentorship_kit.principal import Principal, Role
from mentorship_kit.vocabulary import MENTORING_FORM_TITLES

PAIR_NOT_FOUND = "Пара не найдена"


def own_filters(filters: PairFilters, principal: Principal, granted: Reach) -> PairFilters | None:
    """A participant's login (reach ``own``, ADR 010) lists its own pairs whatever the request asked: the mentor's
    card or the mentee's id comes from the principal and replaces the request's; None when it names nothing."""
    if granted is not Reach.OWN:
        return filters
    me, role = principal.participant_id, principal.participant_role
    if not me or role is None:
        return None
    side = "mentor_id" if role is Role.MENTOR else "mentee_id"
    asked = getattr(filters, side)
    if asked and asked != me:
        return None
    return replace(filters, **{side: me})


def is_own(principal: Principal, granted: Reach, pair: Pair) -> bool:
    return owns(principal, granted, mentor_ids=(pair.mentor_id,), mentee_ids=(pair.mentee_id,))


def list_pairs(cmd: commands.ListPairs, uow: UnitOfWork) -> tuple[list[Pair], str, int]:
    granted = require(uow.principal, Action.PAIR_READ)
    asked = PairFilters(status=cmd.status, mentor_id=cmd.mentor_id, mentee_id=cmd.mentee_id, form=cmd.form,
                        kind=cmd.kind, run_id=cmd.run_id)
    if problems := filter_problems(asked, cmd.page_token, statuses=tuple(PairStatus.__members__.values()),
                                   forms=tuple(MENTORING_FORM_TITLES), kinds=PAIR_KINDS):
        raise ValidationFailed(problems)
    filters = own_filters(asked, uow.principal, granted)
    if filters is None:
        return [], "", 0
    with uow:
        return uow.pairs.page(filters, size=max(1, min(cmd.page_size or 50, 200)), after=cmd.page_token)


def pair_card(pair_id: str, uow: UnitOfWork) -> tuple[Pair, list[HistoryEntry]]:
    """The pair with its history, oldest first."""
    granted = require(uow.principal, Action.PAIR_READ)
    known_id(pair_id, PAIR_NOT_FOUND)
    with uow:
        pair = uow.pairs.get(pair_id)
        if pair is None or not is_own(uow.principal, granted, pair):
            raise NotFound(PAIR_NOT_FOUND)
        return pair, uow.pairs.history(pair_id)


def note(uow: UnitOfWork, pair: Pair, action: str, detail: str = "", *, actor: str = "") -> None:
    """One line of the pair's history, in the same transaction as the change it records."""
    uow.pairs.record(HistoryEntry(pair_id=pair.id, action=action, actor=actor or uow.principal.user_id, at=now(),
                                  detail=detail), pair)


def get_pair(pair_id: str, uow: UnitOfWork) -> Pair:
    granted = require(uow.principal, Action.PAIR_READ)
    known_id(pair_id, PAIR_NOT_FOUND)
    with uow:
        pair = uow.pairs.get(pair_id)
    if pair is None or not is_own(uow.principal, granted, pair):
        raise NotFound(PAIR_NOT_FOUND)
    return pair


def locked_pair(uow: UnitOfWork, pair_id: str, version: int) -> Pair:
    """The pair to change, locked; a stale page (another curator saved meanwhile) is a Russian 409."""
    known_id(pair_id, PAIR_NOT_FOUND)
    pair = uow.pairs.get(pair_id, lock=True)
    if pair is None:
        raise NotFound(PAIR_NOT_FOUND)
    if version and version != pair.version:
        raise Conflict(STALE)
    return pair


def close_pair(cmd: commands.ClosePair, uow: UnitOfWork) -> Pair:
    require(uow.principal, Action.MATCHING_RUN)
    with uow:
        pair = locked_pair(uow, cmd.pair_id, cmd.version)
        pair.close(cmd.reason, at=now())
        uow.pairs.save(pair)
        note(uow, pair, "closed", pair.close_reason)
        uow.collect(PairClosed(pair))
        uow.commit()
    return pair


def record_mentor_consent(cmd: commands.RecordMentorConsent, uow: UnitOfWork) -> Pair:
    require(uow.principal, Action.MATCHING_RUN)
    with uow:
        pair = locked_pair(uow, cmd.pair_id, cmd.version)
        pair.record_mentor_consent(cmd.consent_on, cmd.document, today=now().date())
        uow.pairs.save(pair)
        note(uow, pair, "consent_recorded",
             f"{pair.mentor_consent_on:%d.%m.%Y}, {pair.mentor_consent_document}" if pair.mentor_consent_on else "")
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
            note(uow, pair, "closed", pair.close_reason)
            uow.collect(PairClosed(pair))
            closed.append(pair)
        uow.commit()
    return closed
