"""gRPC servicer of the individual routes (ADR 011): messages in, route use cases with the caller's unit of work,
the route out. The route's org id is not on the wire: a tutor learns the school only as its copied name."""

from __future__ import annotations

from typing import TypeAlias

import grpc

from mentorship.monitoring.v1 import routes_pb2 as pb
from mentorship.monitoring.v1 import routes_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from monitoring.domain.routes import AreaScore, Route
from monitoring.service_layer import route_handlers as h
from monitoring.service_layer.route_handlers import RouteUnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


def _day(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


def route_msg(r: Route) -> pb.Route:
    return pb.Route(
        id=r.id, teacher_person_id=r.teacher_person_id, teacher_name=r.teacher_name, school_name=r.school_name,
        years=r.years, starts_on=_day(r.starts_on), ends_on=_day(r.ends_on), ideal_image=r.ideal_image,
        consent_on=_day(r.consent_on), consent_document=r.consent_document, tutor_user_id=r.tutor_user_id,
        tutor_name=r.tutor_name, assigned_at=_day(r.assigned_at),
        diagnoses=[pb.Diagnosis(id=d.id, taken_on=_day(d.taken_on), recorded_by=d.recorded_by,
                                scores=[pb.AreaScore(area=s.area, score=s.score, comment=s.comment) for s in d.scores])
                   for d in r.diagnoses],
        items=[pb.RouteItem(id=i.id, year=i.year, title=i.title, form=i.form, due_on=_day(i.due_on), status=i.status,
                            product=i.product, done_on=_day(i.done_on)) for i in r.items],
        notes=[pb.RouteNote(id=n.id, kind=n.kind, text=n.text, author_role=n.author_role, author_name=n.author_name,
                            written_at=_day(n.written_at)) for n in r.notes],
        created_at=_day(r.created_at), version=r.version)


class RouteServicer(ServicerBase[RouteUnitOfWork], routes_pb2_grpc.RouteServiceServicer):
    def ListRoutes(self, request: pb.ListRoutesRequest, context: Ctx) -> pb.ListRoutesResponse:
        return pb.ListRoutesResponse(routes=[route_msg(r) for r in h.list_routes(self.uow())])

    def GetRoute(self, request: pb.GetRouteRequest, context: Ctx) -> pb.Route:
        return route_msg(h.get_route(request.route_id, self.uow()))

    def CreateRoute(self, request: pb.CreateRouteRequest, context: Ctx) -> pb.Route:
        return route_msg(h.create_route(self.uow(), teacher_person_id=request.teacher_person_id,
                                        teacher_name=request.teacher_name, years=request.years,
                                        starts_on=request.starts_on, ideal_image=request.ideal_image))

    def RecordRouteConsent(self, request: pb.RecordRouteConsentRequest, context: Ctx) -> pb.Route:
        return route_msg(h.record_consent(request.route_id, self.uow(), consent_on=request.consent_on,
                                          consent_document=request.consent_document))

    def AssignTutor(self, request: pb.AssignTutorRequest, context: Ctx) -> pb.Route:
        return route_msg(h.assign_tutor(request.route_id, self.uow(), tutor_user_id=request.tutor_user_id,
                                        tutor_name=request.tutor_name, teacher_name=request.teacher_name,
                                        school_name=request.school_name))

    def RecordDiagnosis(self, request: pb.RecordDiagnosisRequest, context: Ctx) -> pb.Route:
        scores = [AreaScore(s.area, s.score, s.comment) for s in request.scores]
        return route_msg(h.record_diagnosis(request.route_id, self.uow(), taken_on=request.taken_on, scores=scores))

    def AddRouteItem(self, request: pb.AddRouteItemRequest, context: Ctx) -> pb.Route:
        return route_msg(h.add_item(request.route_id, self.uow(), year=request.year, title=request.title,
                                    form=request.form, due_on=request.due_on, product=request.product))

    def SetRouteItemStatus(self, request: pb.SetRouteItemStatusRequest, context: Ctx) -> pb.Route:
        return route_msg(h.set_item_status(request.route_id, self.uow(), item_id=request.item_id,
                                           status=request.status, on=request.on, product=request.product))

    def AddRouteNote(self, request: pb.AddRouteNoteRequest, context: Ctx) -> pb.Route:
        return route_msg(h.add_note(request.route_id, self.uow(), kind=request.kind, text=request.text))
