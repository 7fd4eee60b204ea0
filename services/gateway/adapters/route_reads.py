"""Read models of the individual routes (ИОМ, ADR 011) as :mod:`gateway.adapters.route_client` returns them (the
convention: :mod:`gateway.adapters.proto_json`)."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.monitoring.v1 import routes_pb2 as pb


class AreaScoreRead(ReadModel):
    contract = pb.AreaScore
    area: str
    score: int
    comment: str


class DiagnosisRead(ReadModel):
    contract = pb.Diagnosis
    id: str
    taken_on: str
    scores: list[AreaScoreRead]
    recorded_by: str

    def score_of(self, area: str) -> int:
        return next((s.score for s in self.scores if s.area == area), 0)


class RouteItemRead(ReadModel):
    contract = pb.RouteItem
    id: str
    year: int
    title: str
    form: str
    due_on: str
    status: str
    product: str
    done_on: str


class RouteNoteRead(ReadModel):
    contract = pb.RouteNote
    id: str
    kind: str
    text: str
    author_role: str
    author_name: str
    written_at: str


class RouteRead(ReadModel):
    contract = pb.Route
    id: str
    teacher_person_id: str
    teacher_name: str
    school_name: str
    years: int
    starts_on: str
    ends_on: str
    ideal_image: str
    consent_on: str
    consent_document: str
    tutor_user_id: str
    tutor_name: str
    assigned_at: str
    diagnoses: list[DiagnosisRead]
    items: list[RouteItemRead]
    notes: list[RouteNoteRead]
    created_at: str
    version: int

    @property
    def items_done(self) -> int:
        return sum(1 for i in self.items if i.status == "done")


class ListRoutesResponseRead(ReadModel):
    contract = pb.ListRoutesResponse
    routes: list[RouteRead]


class TutorRead(ReadModel):
    """A ЦНППМ tutor of the school's region, from the gateway's accounts (no service message): whom to assign."""

    user_id: str
    name: str
