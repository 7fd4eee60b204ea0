"""matching.events → the registry's requests (ADR 007). Each runs in the idempotent consumer's transaction,
bound to the event's school; the status change goes to the outbox in that same transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mentorship.matching.v1 import events_pb2
from mentorship_kit.consumer import EventHandler
from mentorship_kit.envelope import Envelope
from mentorship_kit.principal import Principal, Scope
from registry.adapters.sql_unit_of_work import EventUnitOfWork
from registry.domain import commands
from registry.service_layer.pair_handlers import (
    match_request_by_pair,
    match_requests_by_group,
    release_request_of_pair,
    release_requests_of_group,
)

MATCHING_TOPIC = "matching.events"
COMPLETED = frozenset({"status:completed", "pair.completed"})
"""The facet of a pair that ran its term (PairState, in either shape matching's codec sends): its request stays
matched."""


def _uow(session: Session, envelope: Envelope) -> EventUnitOfWork:
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    school = Principal(user_id="system:registry-consumer", roles=frozenset(), scope=Scope.ORG,
                       org_id=envelope.org_id, municipality_id=envelope.municipality_id,
                       region_id=envelope.region_id)
    return EventUnitOfWork(session, principal=school)


def on_pair_formed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.PairFormed)
    match_request_by_pair(commands.MatchRequestByPair(request_id=event.request_id, pair_id=event.pair_id),
                          _uow(session, envelope))


def on_group_formed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.GroupFormed)
    match_requests_by_group(commands.MatchRequestsByGroup(request_ids=tuple(event.request_ids),
                                                          group_id=event.group_id), _uow(session, envelope))


def on_pair_closed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.PairClosed)
    release_request_of_pair(commands.ReleaseRequestOfPair(pair_id=event.pair_id, reason=event.reason,
                                                          completed=not COMPLETED.isdisjoint(event.state.facets),
                                                          replacing=event.replacing),
                            _uow(session, envelope))


def on_pair_completed(session: Session, envelope: Envelope) -> None:
    """The pair ran its term: its request stays matched — it was served (logged, nothing changes)."""
    event = envelope.payload(events_pb2.PairCompleted)
    release_request_of_pair(commands.ReleaseRequestOfPair(pair_id=event.pair_id, reason="", completed=True),
                            _uow(session, envelope))


def on_group_member_left(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.GroupMemberLeft)
    release_requests_of_group(commands.ReleaseRequestsOfGroup(group_id=event.group_id, request_ids=(event.request_id,),
                                                              reason=event.reason), _uow(session, envelope))


def on_group_closed(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.GroupClosed)
    release_requests_of_group(commands.ReleaseRequestsOfGroup(group_id=event.group_id,
                                                              request_ids=tuple(event.request_ids),
                                                              reason=event.reason, completed=event.completed),
                              _uow(session, envelope))


HANDLERS: dict[str, EventHandler] = {
    "mentorship.matching.pair_formed.v1": on_pair_formed,
    "mentorship.matching.pair_closed.v1": on_pair_closed,
    "mentorship.matching.group_formed.v1": on_group_formed,
    "mentorship.matching.pair_completed.v1": on_pair_completed,
    "mentorship.matching.group_member_left.v1": on_group_member_left,
    "mentorship.matching.group_closed.v1": on_group_closed,
}
