"""Read models of the program evaluation (monitoring's evaluation.proto) and of its levels across schools
(reporting's evaluation.proto), as the clients return them (the convention: :mod:`gateway.adapters.proto_json`)."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.monitoring.v1 import evaluation_pb2 as pb
from mentorship.reporting.v1 import evaluation_pb2 as rpb


class EvidenceRead(ReadModel):
    contract = pb.Evidence
    key: str
    value: float
    out_of: int
    available: bool


class CriterionEvidenceRead(ReadModel):
    contract = pb.CriterionEvidence
    criterion: str
    group: str
    evidence: list[EvidenceRead]


class CriterionScoreRead(ReadModel):
    contract = pb.CriterionScore
    criterion: str
    score: int
    note: str


class ProgramEvaluationRead(ReadModel):
    contract = pb.ProgramEvaluation
    id: str
    period: str
    version: int
    scores: list[CriterionScoreRead]
    total: int
    level: str
    commission: str
    reason: str
    completed_by: str
    completed_at: str


class EvaluationSheetRead(ReadModel):
    contract = pb.EvaluationSheet
    period: str
    start: str
    end: str
    criteria: list[CriterionEvidenceRead]
    current: ProgramEvaluationRead | None = None
    versions: list[ProgramEvaluationRead]


class ListEvaluationsResponseRead(ReadModel):
    contract = pb.ListEvaluationsResponse
    evaluations: list[ProgramEvaluationRead]


class PairOutcomeRead(ReadModel):
    contract = pb.PairOutcome
    pair_id: str
    academic_improved: bool
    contest_prepared: bool
    note: str
    version: int
    recorded_by: str
    recorded_at: str
    applicable: bool
    management_reserve: bool = False
    project_lead: bool = False
    pro_contest: bool = False
    teacher_applicable: bool = False


class MentorEvidenceRead(ReadModel):
    contract = pb.MentorEvidence
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


class SchoolEvaluationRowRead(ReadModel):
    contract = rpb.SchoolEvaluationRow
    org_id: str
    org_name: str
    municipality_name: str
    period: str
    version: int
    total: int
    level: str


class LevelCountsRead(ReadModel):
    contract = rpb.LevelCounts
    unit_id: str
    unit_name: str
    optimal: int
    acceptable: int
    unacceptable: int
    not_evaluated: int


class EvaluationLevelsRead(ReadModel):
    contract = rpb.GetEvaluationLevelsResponse
    period: str
    schools: list[SchoolEvaluationRowRead]
    municipalities: list[LevelCountsRead]
    totals: LevelCountsRead | None = None
    periods: list[str]
