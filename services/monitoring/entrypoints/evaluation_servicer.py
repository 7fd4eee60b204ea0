"""gRPC servicer of the program evaluation (ADR 013): messages in, use cases with the caller's unit of work."""

from __future__ import annotations

from typing import TypeAlias

import grpc

from mentorship.monitoring.v1 import evaluation_pb2 as pb
from mentorship.monitoring.v1 import evaluation_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from monitoring.adapters import evaluation_codec as codec
from monitoring.service_layer import evaluation_handlers as handlers
from monitoring.service_layer.unit_of_work import UnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


class ProgramEvaluationServicer(ServicerBase[UnitOfWork], evaluation_pb2_grpc.ProgramEvaluationServiceServicer):
    def GetEvaluationSheet(self, request: pb.EvaluationSheetRequest, context: Ctx) -> pb.EvaluationSheet:
        return codec.sheet_msg(handlers.evaluation_sheet(request.period, self.uow()))

    def CompleteEvaluation(self, request: pb.CompleteEvaluationRequest, context: Ctx) -> pb.ProgramEvaluation:
        scores, notes = codec.scores_of(request)
        return codec.evaluation_msg(handlers.complete_evaluation(
            request.period, scores, self.uow(), commission=request.commission, reason=request.reason, notes=notes,
            based_on_version=request.based_on_version))

    def ListEvaluations(self, request: pb.ListEvaluationsRequest, context: Ctx) -> pb.ListEvaluationsResponse:
        return pb.ListEvaluationsResponse(evaluations=[codec.evaluation_msg(e)
                                                       for e in handlers.evaluation_history(self.uow())])

    def GetPairOutcome(self, request: pb.PairOutcomeRequest, context: Ctx) -> pb.PairOutcome:
        return codec.outcome_msg(handlers.pair_outcome(request.pair_id, self.uow()))

    def RecordPairOutcome(self, request: pb.RecordPairOutcomeRequest, context: Ctx) -> pb.PairOutcome:
        return codec.outcome_msg(handlers.record_outcome(
            request.pair_id, self.uow(), academic_improved=request.academic_improved,
            contest_prepared=request.contest_prepared, note=request.note,
            management_reserve=request.management_reserve, project_lead=request.project_lead,
            pro_contest=request.pro_contest))

    def GetMentorEvidence(self, request: pb.MentorEvidenceRequest, context: Ctx) -> pb.MentorEvidence:
        return codec.mentor_evidence_msg(handlers.mentor_evidence(request.mentor_id, self.uow()))
