"""gRPC entry points of the outer tiers at work (``tiers.proto``, issue 15 items 1 and 3)."""

from __future__ import annotations

import uuid
from typing import TypeAlias

import grpc

from mentorship.registry.v1 import tiers_pb2 as pb
from mentorship.registry.v1 import tiers_pb2_grpc
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.grpc_server import ServicerBase
from registry.adapters import document_codec
from registry.adapters.document_codec import _ts
from registry.domain import self_diagnosis as sdx
from registry.service_layer import document_handlers, tier_handlers
from registry.service_layer.tier_handlers import TierUnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


def _answers(level: str, sd: sdx.SelfDiagnosis | None) -> list[pb.SelfDiagnosisAnswer]:
    given = {a.key: a for a in sd.answers} if sd else {}
    return [pb.SelfDiagnosisAnswer(key=key, title=title, done=given[key].done if key in given else False,
                                   note=given[key].note if key in given else "")
            for key, title in sdx.checklist(level)]


def diagnosis_msg(sd: sdx.SelfDiagnosis) -> pb.SelfDiagnosis:
    return pb.SelfDiagnosis(
        id=sd.id, owner_level=sd.owner_level, org_id=sd.org_id or "", municipality_id=sd.municipality_id,
        region_id=sd.region_id, owner_name=sd.owner_name, year=sd.year, version=sd.version,
        answers=_answers(sd.owner_level, sd), score=sd.score, max_score=sd.max_score,
        filled_by_name=sd.filled_by_name, filled_at=_ts(sd.filled_at))


def _uuid_or_empty(value: str, field: str) -> str:
    if not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValidationFailed([FieldProblem(field, "Неверный идентификатор")]) from None


class TierServicer(ServicerBase[TierUnitOfWork], tiers_pb2_grpc.TierServiceServicer):

    def ListUpperRoadmaps(self, request: pb.ListUpperRoadmapsRequest, context: Ctx) -> pb.ListUpperRoadmapsResponse:
        found = document_handlers.upper_roadmaps(self.uow())
        return pb.ListUpperRoadmapsResponse(roadmaps=[document_codec.document_msg(doc, progress=progress)
                                                      for doc, progress in found])

    def GetSelfDiagnosisForm(self, request: pb.GetSelfDiagnosisFormRequest, context: Ctx) -> pb.SelfDiagnosisForm:
        year, level, latest = tier_handlers.form(request.year, self.uow())
        return pb.SelfDiagnosisForm(year=year, owner_level=level, items=_answers(level, latest),
                                    latest=diagnosis_msg(latest) if latest else pb.SelfDiagnosis(year=year))

    def SaveSelfDiagnosis(self, request: pb.SaveSelfDiagnosisRequest, context: Ctx) -> pb.SelfDiagnosis:
        answers = [sdx.Answer(a.key, a.done, a.note) for a in request.answers]
        return diagnosis_msg(tier_handlers.save(request.year, answers, self.uow()))

    def ListSelfDiagnoses(self, request: pb.ListSelfDiagnosesRequest, context: Ctx) -> pb.ListSelfDiagnosesResponse:
        found = tier_handlers.list_in_reach(request.year, _uuid_or_empty(request.org_id, "org_id"),
                                            _uuid_or_empty(request.municipality_id, "municipality_id"), self.uow())
        return pb.ListSelfDiagnosesResponse(items=[diagnosis_msg(sd) for sd in found])
