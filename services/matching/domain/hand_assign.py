"""Assignment by hand in a draft run: the curator (or the mentee's choice in *suggest*) picks a mentor.

A blocker refuses the pick; a form rule the pick breaks is a warning the curator must confirm. The pick replaces
whatever the request had selected; a mentor outside the request's candidates gets a proposal of its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from matching.domain.candidates import Candidate, caution, form_of
from matching.domain.pool import Pool
from matching.domain.rules import blockers, form_warnings
from matching.domain.runs import MatchingRun, Mode, proposal
from matching.domain.scoring import score
from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed

CONFIRM = "confirm_warnings"


def assign(run: MatchingRun, pool: Pool, *, request_id: str, mentor_id: str, confirm_warnings: bool) -> list[str]:
    """Select ``mentor_id`` for ``request_id``; returns the warnings the curator confirmed (may be empty)."""
    run.check_draft()
    request = pool.request(request_id)
    if request is None or request.id in pool.paired_requests:
        raise NotFound("Запрос не найден среди открытых запросов школы")
    mentor = pool.mentor(mentor_id)
    if mentor is None:
        raise NotFound("Наставник не найден в базе наставников школы")
    blocked = blockers(mentor, request, pool, seats_taken=run.seats_taken(mentor.id, except_request=request.id))
    if blocked:
        raise ValidationFailed([FieldProblem("mentor_id", f"Нельзя назначить наставника: {b}") for b in blocked])
    warnings = form_warnings(mentor, request)
    if warnings and not confirm_warnings:
        raise ValidationFailed([FieldProblem(CONFIRM, f"Нарушено правило формы: {w}. Подтвердите назначение")
                                for w in warnings])
    kept = [replace(p, selected=False) if p.request_id == request.id else p for p in run.proposals]
    existing = next((i for i, p in enumerate(kept) if p.request_id == request.id and p.mentor_id == mentor.id), None)
    if existing is not None:
        kept[existing] = replace(kept[existing], selected=True, manual=True,
                                 warnings=tuple(warnings) + caution(mentor, request, pool),
                                 form=form_of(mentor, request))
    else:
        s = score(mentor, request, pool, run.weights)
        found = Candidate(mentor, s.score, s.reasons, caution(mentor, request, pool))
        kept.append(proposal(request, found, rank=0, selected=True, manual=True,
                             warnings=tuple(warnings)))
    run.proposals = kept
    run.remember_capacity(mentor)
    run.unmatched = [u for u in run.unmatched if u.request_id != request.id]
    run.recount()
    run.version += 1
    return warnings


def record_choice(run: MatchingRun, pool: Pool, *, request_id: str, mentor_id: str, by: str, at: datetime) -> None:
    """Suggest mode (003 §10): the mentee chose one of the proposed candidates; it becomes the selected proposal,
    with who recorded the choice and when. A mentor outside the candidates is refused."""
    run.check_draft()
    if run.mode is not Mode.SUGGEST:
        raise Conflict("Выбор наставляемого записывается в прогоне «Подсказка»: в этом режиме назначайте вручную")
    proposed = [p for p in run.proposals if p.request_id == request_id and p.rank > 0]
    if not proposed:
        raise NotFound("Запрос не найден среди запросов прогона")
    if mentor_id not in {p.mentor_id for p in proposed}:
        raise ValidationFailed([FieldProblem("mentor_id", "Наставляемый может выбрать только из предложенных "
                                                          "ему кандидатов: этого наставника среди них нет")])
    assign(run, pool, request_id=request_id, mentor_id=mentor_id, confirm_warnings=False)
    run.proposals = [replace(p, manual=False, chosen_by=by, chosen_at=at)
                     if p.request_id == request_id and p.selected else
                     replace(p, chosen_by="", chosen_at=None) if p.request_id == request_id else p
                     for p in run.proposals]
