"""How a pair ends: completion with its outcome, the mentee's petition for another mentor and the mentor's request to
be released (004 §5.2) — filed, decided by the curator, and on approval a new mentor picked at once among the
candidates of the same request (the former mentor excluded), which forms a new pair (``MentorReplaced``).

The registry's request (ADR 007): an approved *replacement* with candidates closes the pair with ``replacing`` set,
so the request stays matched until the new pair's ``PairFormed`` re-points it; a *release* (or a replacement with no
candidate left) reopens it, and the new pair, if the curator picks one, matches it again.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from matching.domain import commands
from matching.domain.candidates import candidates_of
from matching.domain.events import MentorReplaced, PairClosed, PairCompleted, PairFormed
from matching.domain.pairs import RELEASE_MENTOR, REPLACE_MENTOR, Pair, term_end
from matching.domain.pool import Pool
from matching.domain.runs import Proposal, proposal
from matching.domain.scoring import Weights
from matching.service_layer.pair_handlers import is_own, locked_pair, note
from matching.service_layer.repositories import PoolSource
from matching.service_layer.run_handlers import known_id, now, taken_seats
from matching.service_layer.unit_of_work import UnitOfWork
from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, Reach, require
from mentorship_kit.principal import Role
from mentorship_kit.vocabulary import PAIR_RESULT_TITLES, PETITION_KIND_TITLES

PAIR_NOT_FOUND = "Пара не найдена"
REPLACEMENT_MODE = "replacement"
"""``PairFormed.mode`` of a pair formed to replace a mentor (not by a run)."""


def complete_pair(cmd: commands.CompletePair, uow: UnitOfWork) -> Pair:
    require(uow.principal, Action.MATCHING_RUN)
    with uow:
        pair = locked_pair(uow, cmd.pair_id, cmd.version)
        pair.complete(cmd.outcome, cmd.result, confirm_early=cmd.confirm_early, at=now())
        uow.pairs.save(pair)
        note(uow, pair, "completed", f"{PAIR_RESULT_TITLES[pair.result]}: {pair.outcome}")
        uow.collect(PairCompleted(pair))
        uow.commit()
    return pair


OWN_PETITION = {Role.MENTEE: REPLACE_MENTOR, Role.MENTOR: RELEASE_MENTOR}
"""What a participant may ask for himself (004 §5.2): the mentee another mentor, the mentor to be released."""


def file_petition(cmd: commands.FilePetition, uow: UnitOfWork) -> Pair:
    granted = require(uow.principal, Action.PAIR_PETITION)
    role = uow.principal.participant_role
    if granted is Reach.OWN and role is not None and cmd.kind and cmd.kind != OWN_PETITION[role]:
        raise ValidationFailed([FieldProblem("kind", "Наставляемый может просить о замене наставника, наставник — "
                                                     "об освобождении от наставничества")])
    with uow:
        pair = locked_pair(uow, cmd.pair_id, cmd.version)
        if not is_own(uow.principal, granted, pair):
            raise NotFound(PAIR_NOT_FOUND)
        pair.file_petition(cmd.kind, cmd.filed_on, cmd.reason, today=now().date())
        assert pair.petition is not None
        uow.pairs.save(pair)
        note(uow, pair, "petition_filed", f"{PETITION_KIND_TITLES[pair.petition.kind]} от "
                                          f"{pair.petition.filed_on:%d.%m.%Y}: {pair.petition.reason}")
        uow.commit()
    return pair


def _with_load(pool: Pool, uow: UnitOfWork) -> Pool:
    """Group members take their mentor's seats too (``taken_seats``, as a run counts them)."""
    load, taken = taken_seats(uow)
    return replace(pool, active_load=load, paired_requests=taken)


def _candidates(pair: Pair, pool: Pool) -> list[Proposal]:
    """The candidates of the pair's request as a run would rank them (default weights), the former mentor out."""
    request = pool.request(pair.request_id)
    if request is None or request.id in pool.paired_requests:
        return []
    found = [c for c in candidates_of(request, pool, Weights()) if c.mentor.id != pair.mentor_id]
    return [proposal(request, c, rank=rank) for rank, c in enumerate(found, start=1)]


def decide_petition(cmd: commands.DecidePetition, uow: UnitOfWork,
                    pool_source: PoolSource) -> tuple[Pair, list[Proposal]]:
    """Decline: the pair goes on. Approve: the pair closes with the petition's reason and its request's candidates
    come back in the same answer, so the curator picks a new mentor at once."""
    require(uow.principal, Action.MATCHING_RUN)
    known_id(cmd.pair_id, PAIR_NOT_FOUND)
    snapshot = _snapshot(uow, cmd.pair_id, pool_source) if cmd.approve else None
    with uow:
        pair = locked_pair(uow, cmd.pair_id, cmd.version)
        pair.decide_petition(approve=cmd.approve, comment=cmd.comment, at=now())
        assert pair.petition is not None
        uow.pairs.save(pair)
        if not cmd.approve:
            note(uow, pair, "petition_declined", pair.petition.comment)
            uow.commit()
            return pair, []
        note(uow, pair, "petition_approved", pair.petition.comment)
        note(uow, pair, "closed", pair.close_reason)
        assert snapshot is not None
        found = _candidates(pair, _with_load(snapshot, uow))
        # The request is kept for the new pair only when there is one to pick; otherwise it reopens for runs.
        uow.collect(PairClosed(pair, replacing=pair.petition.kind == REPLACE_MENTOR and bool(found)))
        uow.commit()
    return pair, found


def _snapshot(uow: UnitOfWork, pair_id: str, pool_source: PoolSource) -> Pool:
    """The pool for the pair's request, read before the transaction (a slow registry holds no connection)."""
    with uow:
        pair = uow.pairs.get(pair_id)
    if pair is None:
        raise NotFound(PAIR_NOT_FOUND)
    return pool_source.snapshot_for(pair.request_id, pair.mentee_id)


def replacement_candidates(pair_id: str, uow: UnitOfWork, pool_source: PoolSource) -> list[Proposal]:
    require(uow.principal, Action.MATCHING_RUN)
    known_id(pair_id, PAIR_NOT_FOUND)
    snapshot = _snapshot(uow, pair_id, pool_source)
    with uow:
        pair = uow.pairs.get(pair_id)
        if pair is None:
            raise NotFound(PAIR_NOT_FOUND)
        return _candidates(pair, _with_load(snapshot, uow)) if pair.awaiting_mentor else []


def pick_replacement(cmd: commands.PickReplacement, uow: UnitOfWork, pool_source: PoolSource) -> tuple[Pair, Pair]:
    """A new pair for the same request with a mentor among the candidates; the old pair points to it."""
    require(uow.principal, Action.MATCHING_RUN)
    known_id(cmd.pair_id, PAIR_NOT_FOUND)
    snapshot = _snapshot(uow, cmd.pair_id, pool_source)
    with uow:
        old = locked_pair(uow, cmd.pair_id, cmd.version)
        if not old.awaiting_mentor:
            raise Conflict("Пара не ждёт нового наставника: замена уже выполнена или обращение не удовлетворено")
        uow.pairs.lock_school(old.org_id)  # the seats and the request are checked and taken in one go
        if old.request_id in taken_seats(uow)[1]:
            raise Conflict("У наставляемого уже есть действующая пара по этому запросу")
        found = _candidates(old, _with_load(snapshot, uow))
        chosen = next((c for c in found if c.mentor_id == cmd.mentor_id), None)
        if chosen is None:
            raise ValidationFailed([FieldProblem(
                "mentor_id", "Выберите наставника из предложенных кандидатов (у него должно быть свободное место, "
                             "прежний наставник не предлагается)")])
        at = now()
        start = at.date()
        new = Pair(id=str(uuid.uuid4()), org_id=old.org_id, municipality_id=old.municipality_id,
                   region_id=old.region_id, run_id=old.run_id, request_id=old.request_id, mentee_id=old.mentee_id,
                   mentee_name=old.mentee_name, mentor_id=chosen.mentor_id, mentor_name=chosen.mentor_name,
                   form=chosen.form, kind=old.kind, term_start=start,
                   term_end=old.term_end if old.term_end > start else term_end(start, 1), reporting=old.reporting,
                   created_by=uow.principal.user_id, created_at=at, replaces_pair_id=old.id)
        old.replaced_by(new.id)
        uow.pairs.save(old)
        uow.pairs.add(new)
        note(uow, old, "replaced", f"новый наставник: {new.mentor_name}")
        note(uow, new, "formed_as_replacement", f"прежний наставник: {old.mentor_name}; {old.close_reason}")
        petition = old.petition.kind if old.petition else ""
        uow.collect(PairFormed(new, REPLACEMENT_MODE))
        uow.collect(MentorReplaced(old, new, petition))
        uow.commit()
    return old, new
