"""Use cases of the program evaluation (001 §6), the student mentees' outcomes (000 App. 2, 3.5 / 3.6) and a mentor's
evidence (001 §7, 000 Q11), all over monitoring's own data of the caller's school."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.policy import Action, require
from monitoring.domain import evaluation as ev
from monitoring.domain import outcomes
from monitoring.domain.events import EvaluationCompleted, OutcomeRecorded
from monitoring.domain.overdue import overdue_reasons
from monitoring.domain.pairs import PairStatus
from monitoring.service_layer.unit_of_work import UnitOfWork
from monitoring.service_layer.work_handlers import Clock, _known_id, _pair, utc_now


def satisfaction_figures(uow: UnitOfWork, period: ev.Period) -> dict[str, ev.Evidence]:
    """The satisfaction means of the period's questionnaires (001 §6 «Степень удовлетворенности…»): read from the
    questionnaires' answers in the same monitoring database and transaction, under the same school's row-level security
    (the partners' satisfaction has no questionnaire yet and stays «нет данных»)."""
    return ev.satisfaction_figures(uow.evaluations.satisfaction_answers(period.start, period.end))


@dataclass(frozen=True)
class Sheet:
    period: ev.Period
    criteria: dict[str, list[ev.Evidence]]
    versions: list[ev.ProgramEvaluation]

    @property
    def current(self) -> ev.ProgramEvaluation | None:
        return self.versions[-1] if self.versions else None


def _figures(uow: UnitOfWork, period: ev.Period, *, now: Clock) -> dict[str, ev.Evidence]:
    today = now().date()
    pairs, reports = uow.pairs.all(), uow.reports.all()
    meetings = uow.meetings.between(period.start, period.end)
    plans, found = uow.plan_documents.all(), uow.outcomes.all()
    held, open_plan = uow.meetings.held_summary(), uow.plan.open_before(today)
    weeks = uow.settings.no_meeting_weeks()
    overdue = {p.id for p in pairs
               if overdue_reasons(p, [o for o in open_plan if o.pair_id == p.id], held.get(p.id, (0, None))[1],
                                  today=today, no_meeting_weeks=weeks)}
    figures = ev.school_figures(period, pairs, meetings, reports, plans, found, overdue, today=today)
    return {**figures, **satisfaction_figures(uow, period)}


def evaluation_sheet(period_code: str, uow: UnitOfWork, *, now: Clock = utc_now) -> Sheet:
    require(uow.principal, Action.EVALUATION_READ)
    period = ev.parse_period(period_code)
    with uow:
        figures = _figures(uow, period, now=now)
        versions = uow.evaluations.of_period(period.code)
    return Sheet(period, ev.evidence_for(figures), versions)


def complete_evaluation(period_code: str, scores: Mapping[str, int | str], uow: UnitOfWork, *, commission: str,
                        reason: str, notes: Mapping[str, str], based_on_version: int,
                        now: Clock = utc_now) -> ev.ProgramEvaluation:
    """The period's evaluation, or its correction as the next version; the row and ``EvaluationCompleted`` are one
    transaction, the period's lock keeps two completions from taking one version number."""
    require(uow.principal, Action.EVALUATION_SCORE)
    period = ev.parse_period(period_code)
    p = uow.principal
    with uow:
        uow.evaluations.lock_period(period.code)
        done = ev.complete(uow.evaluations.of_period(period.code), evaluation_id=str(uuid.uuid4()),
                           tenant=(p.org_id or "", p.municipality_id or "", p.region_id or ""), period=period,
                           scores=scores, commission=commission, reason=reason, notes=notes,
                           based_on_version=based_on_version, completed_by=p.user_id, now=now())
        uow.evaluations.add(done)
        uow.collect(EvaluationCompleted(done))
        uow.commit()
    return done


def evaluation_history(uow: UnitOfWork) -> list[ev.ProgramEvaluation]:
    require(uow.principal, Action.EVALUATION_READ)
    with uow:
        return uow.evaluations.latest_per_period()


@dataclass(frozen=True)
class OutcomeView:
    pair_id: str
    outcome: outcomes.PairOutcome | None
    applicable: bool
    teacher_applicable: bool = False


def pair_outcome(pair_id: str, uow: UnitOfWork) -> OutcomeView:
    require(uow.principal, Action.PAIR_READ)
    with uow:
        pair = _pair(uow, pair_id)
        found = uow.outcomes.get(pair.id)
    return OutcomeView(pair.id, found, *outcomes.applicable(pair.form))


def record_outcome(pair_id: str, uow: UnitOfWork, *, academic_improved: bool, contest_prepared: bool, note: str,
                   now: Clock = utc_now, management_reserve: bool = False, project_lead: bool = False,
                   pro_contest: bool = False) -> OutcomeView:
    """The curator's record of the mentee's outcomes on the pair; the mentee's counted state over all its pairs is
    published with it (reporting counts 3.5 / 3.6 per student, not per pair)."""
    require(uow.principal, Action.PAIR_WORK_RECORD)
    with uow:
        pair = _pair(uow, pair_id, lock=True)
        uow.outcomes.lock_mentee(pair.mentee_id)
        recorded = outcomes.record(pair, uow.outcomes.get(pair.id), academic_improved=academic_improved,
                                   contest_prepared=contest_prepared, note=note, recorded_by=uow.principal.user_id,
                                   now=now(), management_reserve=management_reserve, project_lead=project_lead,
                                   pro_contest=pro_contest)
        uow.outcomes.put(recorded)
        version, facets = outcomes.mentee_state(
            [o for o in uow.outcomes.of_mentee(pair.mentee_id) if o.pair_id != pair.id] + [recorded],
            teacher=pair.form in outcomes.TEACHER_MENTEE_FORMS)
        uow.collect(OutcomeRecorded(pair.mentee_id, pair.org_id, pair.municipality_id, pair.region_id, version,
                                    tuple(facets)))
        uow.commit()
    return OutcomeView(pair.id, recorded, *outcomes.applicable(pair.form))


@dataclass(frozen=True)
class MentorEvidence:
    mentor_id: str
    pairs_total: int
    pairs_active: int
    pairs_completed: int
    pairs_closed: int
    meetings_held: int
    reports_submitted: int
    plans_agreed: int
    mentees_improved: int
    mentees_contests: int


def mentor_evidence(mentor_id: str, uow: UnitOfWork) -> MentorEvidence:
    """Counts of the mentor's work in this school (001 §7, 000 Q11): what the curator weighs before a new level."""
    require(uow.principal, Action.PAIR_READ)
    if not _known_id(mentor_id):
        raise ValidationFailed([FieldProblem("mentor_id", "Неверный идентификатор наставника")])
    with uow:
        pairs = [p for p in uow.pairs.all() if p.mentor_id == mentor_id]
        ids = {p.id for p in pairs}
        held = uow.meetings.held_summary()
        reports = [r for r in uow.reports.all() if r.pair_id in ids]
        plans = [d for d in uow.plan_documents.all() if d.pair_id in ids and d.agreed]
        found = [o for o in uow.outcomes.all() if o.pair_id in ids]
    status = [p.status for p in pairs]
    return MentorEvidence(
        mentor_id=mentor_id, pairs_total=len(pairs), pairs_active=status.count(PairStatus.ACTIVE),
        pairs_completed=status.count(PairStatus.COMPLETED), pairs_closed=status.count(PairStatus.CLOSED),
        meetings_held=sum(held.get(i, (0, None))[0] for i in ids), reports_submitted=len(reports),
        plans_agreed=len(plans), mentees_improved=len({o.mentee_id for o in found if o.academic_improved}),
        mentees_contests=len({o.mentee_id for o in found if o.contest_prepared}))
