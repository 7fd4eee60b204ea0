"""Monitoring's individual routes (ИОМ with the ЦНППМ tutor, ADR 011) as the gateway uses them. Replies are read
models of :mod:`gateway.adapters.route_reads`."""

from __future__ import annotations

import grpc

from gateway.adapters.route_reads import RouteRead
from gateway.adapters.service_clients import _Client
from mentorship.monitoring.v1 import routes_pb2 as pb
from mentorship.monitoring.v1 import routes_pb2_grpc
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal


class RouteClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._routes = routes_pb2_grpc.RouteServiceStub(channel)

    def list_routes(self, p: Principal) -> list[RouteRead]:
        reply = self._call(self._routes.ListRoutes, pb.ListRoutesRequest(), p)
        return [RouteRead.of(r) for r in reply.routes]

    def get_route(self, p: Principal, route_id: str) -> RouteRead:
        return RouteRead.of(self._call(self._routes.GetRoute, pb.GetRouteRequest(route_id=route_id), p))

    def create_route(self, p: Principal, *, teacher_person_id: str, teacher_name: str, years: int, starts_on: str,
                     ideal_image: str = "") -> RouteRead:
        request = pb.CreateRouteRequest(teacher_person_id=teacher_person_id, teacher_name=teacher_name, years=years,
                                        starts_on=starts_on, ideal_image=ideal_image)
        return RouteRead.of(self._call(self._routes.CreateRoute, request, p))

    def record_consent(self, p: Principal, route_id: str, *, consent_on: str, consent_document: str) -> RouteRead:
        request = pb.RecordRouteConsentRequest(route_id=route_id, consent_on=consent_on,
                                               consent_document=consent_document)
        return RouteRead.of(self._call(self._routes.RecordRouteConsent, request, p))

    def assign_tutor(self, p: Principal, route_id: str, *, tutor_user_id: str, tutor_name: str, teacher_name: str,
                     school_name: str) -> RouteRead:
        request = pb.AssignTutorRequest(route_id=route_id, tutor_user_id=tutor_user_id, tutor_name=tutor_name,
                                        teacher_name=teacher_name, school_name=school_name)
        return RouteRead.of(self._call(self._routes.AssignTutor, request, p))

    def record_diagnosis(self, p: Principal, route_id: str, *, taken_on: str,
                         scores: list[tuple[str, int, str]]) -> RouteRead:
        request = pb.RecordDiagnosisRequest(route_id=route_id, taken_on=taken_on, scores=[
            pb.AreaScore(area=area, score=score, comment=comment) for area, score, comment in scores])
        return RouteRead.of(self._call(self._routes.RecordDiagnosis, request, p))

    def add_item(self, p: Principal, route_id: str, *, year: int, title: str, form: str, due_on: str,
                 product: str = "") -> RouteRead:
        request = pb.AddRouteItemRequest(route_id=route_id, year=year, title=title, form=form, due_on=due_on,
                                         product=product)
        return RouteRead.of(self._call(self._routes.AddRouteItem, request, p))

    def set_item_status(self, p: Principal, route_id: str, *, item_id: str, status: str, on: str = "",
                        product: str = "") -> RouteRead:
        request = pb.SetRouteItemStatusRequest(route_id=route_id, item_id=item_id, status=status, on=on,
                                               product=product)
        return RouteRead.of(self._call(self._routes.SetRouteItemStatus, request, p))

    def add_note(self, p: Principal, route_id: str, *, kind: str, text: str) -> RouteRead:
        request = pb.AddRouteNoteRequest(route_id=route_id, kind=kind, text=text)
        return RouteRead.of(self._call(self._routes.AddRouteNote, request, p))
