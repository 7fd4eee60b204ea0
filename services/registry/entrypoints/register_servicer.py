"""gRPC entry point of the school's register (register.proto, ADR 025): messages in, use cases, messages out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeAlias

import grpc

from mentorship.registry.v1 import register_pb2 as pb
from mentorship.registry.v1 import register_pb2_grpc
from mentorship_kit.grpc_server import ServicerBase
from registry.domain.register import ScientificEvent
from registry.service_layer import register_handlers as h

Ctx: TypeAlias = grpc.ServicerContext


def _moment(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


def _event(e: ScientificEvent) -> pb.ScientificEvent:
    return pb.ScientificEvent(
        id=e.id, org_id=e.org_id, title=e.title, held_on=e.held_on.isoformat(), kind=e.kind.value,
        level=e.level.value, role=e.role.value, host=e.host, participants=e.participants, teachers=e.teachers,
        partners=e.partners, mentors=e.mentors, mentees=e.mentees, version=e.version)


def _event_input(m: pb.EventInput) -> dict[str, Any]:
    return {"title": m.title, "held_on": m.held_on, "kind": m.kind, "level": m.level, "role": m.role,
            "host": m.host, "participants": m.participants, "teachers": m.teachers, "partners": m.partners,
            "mentors": m.mentors, "mentees": m.mentees}


def _practice_input(m: pb.PracticeInput) -> dict[str, Any]:
    return {"title": m.title, "forms": list(m.forms), "summary": m.summary, "authors": m.authors,
            "links": list(m.links)}


def _practice(r: Any) -> pb.Practice:
    """A row of ``practices`` (and, for its school, the org-only authors: None for anyone else)."""
    authors = getattr(r, "authors", None)
    return pb.Practice(
        id=r.id, org_id=r.org_id, municipality_id=r.municipality_id, title=r.title, forms=list(r.forms),
        summary=r.summary, authors=authors or "", links=list(r.links), state=r.state,
        review_level=r.review_level or "", review_note=r.review_note, published=r.published,
        organisation_name=r.organisation_name, municipality_name=r.municipality_name,
        submitted_at=_moment(r.submitted_at), reviewed_at=_moment(r.reviewed_at), version=r.version)


class RegisterServicer(ServicerBase[h.RegisterUnitOfWork], register_pb2_grpc.RegisterServiceServicer):

    def RecordEvent(self, request: pb.EventInput, context: Ctx) -> pb.ScientificEvent:
        return _event(h.record_event(_event_input(request), self.uow()))

    def UpdateEvent(self, request: pb.UpdateEventRequest, context: Ctx) -> pb.ScientificEvent:
        return _event(h.update_event(request.event_id, _event_input(request.event), self.uow()))

    def RemoveEvent(self, request: pb.EventRef, context: Ctx) -> pb.RemoveEventResponse:
        h.remove_event(request.event_id, self.uow())
        return pb.RemoveEventResponse()

    def ListEvents(self, request: pb.ListEventsRequest, context: Ctx) -> pb.ListEventsResponse:
        return pb.ListEventsResponse(events=[_event(e) for e in h.list_events(request.org_id, self.uow())])

    def RecordPractice(self, request: pb.PracticeInput, context: Ctx) -> pb.Practice:
        return _practice(h.record_practice(_practice_input(request), self.uow()))

    def UpdatePractice(self, request: pb.UpdatePracticeRequest, context: Ctx) -> pb.Practice:
        return _practice(h.update_practice(request.practice_id, _practice_input(request.practice), self.uow()))

    def PublishPractice(self, request: pb.PublishPracticeRequest, context: Ctx) -> pb.Practice:
        return _practice(h.publish_practice(request.practice_id, request.published, self.uow()))

    def ListPractices(self, request: pb.ListPracticesRequest, context: Ctx) -> pb.ListPracticesResponse:
        return pb.ListPracticesResponse(practices=[_practice(r) for r in h.list_practices(request.state,
                                                                                          self.uow())])

    def GetPractice(self, request: pb.PracticeRef, context: Ctx) -> pb.Practice:
        return _practice(h.get_practice(request.practice_id, self.uow()))

    def TakePracticeIntoReview(self, request: pb.PracticeRef, context: Ctx) -> pb.Practice:
        return _practice(h.take_into_review(request.practice_id, self.uow()))

    def DecidePractice(self, request: pb.DecidePracticeRequest, context: Ctx) -> pb.Practice:
        return _practice(h.decide_practice(request.practice_id, request.passed, request.note, request.review_level,
                                           self.uow()))

    def SearchCatalogue(self, request: pb.SearchCatalogueRequest, context: Ctx) -> pb.SearchCatalogueResponse:
        rows, token, total = h.search_catalogue(request.query, request.form, request.municipality_id,
                                                request.page_size, request.page_token, self.uow())
        return pb.SearchCatalogueResponse(practices=[_practice(r) for r in rows], next_page_token=token, total=total)
