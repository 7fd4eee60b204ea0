"""The registry's ``RegisterService`` as the gateway uses it (ADR 025): the school's events and practices, the
expert review, the region's catalogue. Replies are read models of :mod:`gateway.adapters.register_reads`."""

from __future__ import annotations

from typing import Any

import grpc

from gateway.adapters.register_reads import (
    ListEventsResponseRead,
    ListPracticesResponseRead,
    PracticeRead,
    ScientificEventRead,
    SearchCatalogueResponseRead,
)
from gateway.adapters.service_clients import _Client
from mentorship.registry.v1 import register_pb2 as pb
from mentorship.registry.v1 import register_pb2_grpc
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal

EVENT_FIELDS = ("title", "held_on", "kind", "level", "role", "host", "participants", "teachers", "partners",
                "mentors", "mentees")
PRACTICE_FIELDS = ("title", "forms", "summary", "authors", "links")


class RegisterClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._stub = register_pb2_grpc.RegisterServiceStub(channel)

    # -- events
    def record_event(self, p: Principal, values: dict[str, Any]) -> ScientificEventRead:
        return ScientificEventRead.of(self._call(self._stub.RecordEvent, _event_input(values), p))

    def update_event(self, p: Principal, event_id: str, values: dict[str, Any]) -> ScientificEventRead:
        request = pb.UpdateEventRequest(event_id=event_id, event=_event_input(values))
        return ScientificEventRead.of(self._call(self._stub.UpdateEvent, request, p))

    def remove_event(self, p: Principal, event_id: str) -> None:
        self._call(self._stub.RemoveEvent, pb.EventRef(event_id=event_id), p)

    def events(self, p: Principal, org_id: str = "") -> ListEventsResponseRead:
        return ListEventsResponseRead.of(self._call(self._stub.ListEvents, pb.ListEventsRequest(org_id=org_id), p))

    # -- practices
    def record_practice(self, p: Principal, values: dict[str, Any]) -> PracticeRead:
        return PracticeRead.of(self._call(self._stub.RecordPractice, _practice_input(values), p))

    def update_practice(self, p: Principal, practice_id: str, values: dict[str, Any]) -> PracticeRead:
        request = pb.UpdatePracticeRequest(practice_id=practice_id, practice=_practice_input(values))
        return PracticeRead.of(self._call(self._stub.UpdatePractice, request, p))

    def publish_practice(self, p: Principal, practice_id: str, published: bool) -> PracticeRead:
        request = pb.PublishPracticeRequest(practice_id=practice_id, published=published)
        return PracticeRead.of(self._call(self._stub.PublishPractice, request, p))

    def practices(self, p: Principal, state: str = "") -> ListPracticesResponseRead:
        reply = self._call(self._stub.ListPractices, pb.ListPracticesRequest(state=state), p)
        return ListPracticesResponseRead.of(reply)

    def practice(self, p: Principal, practice_id: str) -> PracticeRead:
        return PracticeRead.of(self._call(self._stub.GetPractice, pb.PracticeRef(practice_id=practice_id), p))

    def take_into_review(self, p: Principal, practice_id: str) -> PracticeRead:
        reply = self._call(self._stub.TakePracticeIntoReview, pb.PracticeRef(practice_id=practice_id), p)
        return PracticeRead.of(reply)

    def decide_practice(self, p: Principal, practice_id: str, *, passed: bool, note: str = "",
                        review_level: str = "") -> PracticeRead:
        request = pb.DecidePracticeRequest(practice_id=practice_id, passed=passed, note=note,
                                           review_level=review_level)
        return PracticeRead.of(self._call(self._stub.DecidePractice, request, p))

    def search_catalogue(self, p: Principal, *, query: str = "", form: str = "", municipality_id: str = "",
                         page_size: int = 20, page_token: str = "") -> SearchCatalogueResponseRead:
        request = pb.SearchCatalogueRequest(query=query, form=form, municipality_id=municipality_id,
                                            page_size=page_size, page_token=page_token)
        return SearchCatalogueResponseRead.of(self._call(self._stub.SearchCatalogue, request, p))


def _event_input(values: dict[str, Any]) -> pb.EventInput:
    return pb.EventInput(**{k: values[k] for k in EVENT_FIELDS if k in values})


def _practice_input(values: dict[str, Any]) -> pb.PracticeInput:
    return pb.PracticeInput(**{k: values[k] for k in PRACTICE_FIELDS if k in values})
