"""The registry's TierService and reporting's ControlService as the gateway uses them (issue 15); replies are read
models of :mod:`gateway.adapters.tier_reads`."""

from __future__ import annotations

import grpc

from gateway.adapters.service_clients import _Client
from gateway.adapters.tier_reads import (
    GetControlRowsResponseRead,
    ListSelfDiagnosesResponseRead,
    ListUpperRoadmapsResponseRead,
    SelfDiagnosisFormRead,
    SelfDiagnosisRead,
)
from mentorship.registry.v1 import tiers_pb2 as pb
from mentorship.registry.v1 import tiers_pb2_grpc
from mentorship.reporting.v1 import control_pb2, control_pb2_grpc
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal


class TierClient(_Client):
    def __init__(self, registry_channel: grpc.Channel, reporting_channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(registry_channel, issuer)
        self._tiers = tiers_pb2_grpc.TierServiceStub(registry_channel)
        self._control = control_pb2_grpc.ControlServiceStub(reporting_channel)

    def upper_roadmaps(self, p: Principal) -> ListUpperRoadmapsResponseRead:
        return ListUpperRoadmapsResponseRead.of(self._call(self._tiers.ListUpperRoadmaps,
                                                           pb.ListUpperRoadmapsRequest(), p))

    def self_diagnosis_form(self, p: Principal, *, year: int = 0) -> SelfDiagnosisFormRead:
        return SelfDiagnosisFormRead.of(self._call(self._tiers.GetSelfDiagnosisForm,
                                                   pb.GetSelfDiagnosisFormRequest(year=year), p))

    def save_self_diagnosis(self, p: Principal, *, year: int,
                            answers: list[tuple[str, bool, str]]) -> SelfDiagnosisRead:
        request = pb.SaveSelfDiagnosisRequest(year=year, answers=[
            pb.SelfDiagnosisAnswer(key=key, done=done, note=note) for key, done, note in answers])
        return SelfDiagnosisRead.of(self._call(self._tiers.SaveSelfDiagnosis, request, p))

    def self_diagnoses(self, p: Principal, *, year: int = 0, org_id: str = "",
                       municipality_id: str = "") -> ListSelfDiagnosesResponseRead:
        request = pb.ListSelfDiagnosesRequest(year=year, org_id=org_id, municipality_id=municipality_id)
        return ListSelfDiagnosesResponseRead.of(self._call(self._tiers.ListSelfDiagnoses, request, p))

    def control_rows(self, p: Principal, *, grouping: str = "school", municipality_id: str = "",
                     year: int = 0) -> GetControlRowsResponseRead:
        request = control_pb2.GetControlRowsRequest(grouping=grouping, municipality_id=municipality_id, year=year)
        return GetControlRowsResponseRead.of(self._call(self._control.GetControlRows, request, p))
