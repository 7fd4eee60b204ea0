"""The program evaluation, outcomes and a mentor's evidence as the messages of evaluation.proto."""

from __future__ import annotations

from mentorship.monitoring.v1 import evaluation_pb2 as pb
from monitoring.domain import evaluation as ev
from monitoring.service_layer.evaluation_handlers import MentorEvidence, OutcomeView, Sheet


def evaluation_msg(e: ev.ProgramEvaluation) -> pb.ProgramEvaluation:
    return pb.ProgramEvaluation(
        id=e.id, period=e.period, version=e.version,
        scores=[pb.CriterionScore(criterion=k, score=v, note=e.notes.get(k, "")) for k, v in e.scores.items()],
        total=e.total, level=e.level.value, commission=e.commission, reason=e.reason, completed_by=e.completed_by,
        completed_at=e.completed_at.isoformat())


def sheet_msg(s: Sheet) -> pb.EvaluationSheet:
    groups = dict(ev.CRITERIA)
    return pb.EvaluationSheet(
        period=s.period.code, start=s.period.start.isoformat(), end=s.period.end.isoformat(),
        criteria=[pb.CriterionEvidence(criterion=k, group=groups[k],
                                       evidence=[pb.Evidence(key=e.key, value=e.value, out_of=e.out_of,
                                                             available=e.available)
                                                 for e in items])
                  for k, items in s.criteria.items()],
        current=evaluation_msg(s.current) if s.current else None,
        versions=[evaluation_msg(v) for v in s.versions])


def scores_of(r: pb.CompleteEvaluationRequest) -> tuple[dict[str, int | str], dict[str, str]]:
    return {s.criterion: s.score for s in r.scores}, {s.criterion: s.note for s in r.scores if s.note}


def outcome_msg(v: OutcomeView) -> pb.PairOutcome:
    o = v.outcome
    if o is None:
        return pb.PairOutcome(pair_id=v.pair_id, applicable=v.applicable, teacher_applicable=v.teacher_applicable)
    return pb.PairOutcome(pair_id=o.pair_id, academic_improved=o.academic_improved,
                          contest_prepared=o.contest_prepared, note=o.note, version=o.version,
                          recorded_by=o.recorded_by, recorded_at=o.recorded_at.isoformat(), applicable=v.applicable,
                          management_reserve=o.management_reserve, project_lead=o.project_lead,
                          pro_contest=o.pro_contest, teacher_applicable=v.teacher_applicable)


def mentor_evidence_msg(m: MentorEvidence) -> pb.MentorEvidence:
    return pb.MentorEvidence(**vars(m))
