"""Registry events → read-model updates. Each runs in the idempotent consumer's transaction."""

from __future__ import annotations

import logging
from datetime import date, datetime

from google.protobuf.message import Message
from sqlalchemy.orm import Session

from mentorship.registry.v1 import events_pb2, participants_pb2
from mentorship_kit.consumer import EventHandler
from mentorship_kit.envelope import Envelope
from reporting.adapters import projection_store
from reporting.domain.counted_state import CountedState, legacy_mentor_state, normalise

log = logging.getLogger(__name__)

REGISTRY_TOPIC = "registry.events"


def on_organisation_created(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.OrganisationCreated)
    projection_store.upsert_organisation(
        session, org_id=event.organisation_id, org_name=event.name, municipality_id=event.municipality_id,
        municipality_name=event.municipality_name, region_id=event.region_id, region_name=event.region_name)


def on_mentor_registered(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.MentorRegistered)
    if event.HasField("state"):
        _apply(session, envelope, _state_of(event.state))
        return
    # Published before events carried a state: still a newly registered, active mentor of its origin.
    origin = participants_pb2.MentorOrigin.Name(event.origin).removeprefix("MENTOR_ORIGIN_").lower()
    _apply(session, envelope, legacy_mentor_state(event.mentor_id, origin), org_id=event.org_id)


def _counting(message: type[Message]) -> EventHandler:
    """A handler for a payload whose ``state`` is all reporting needs of it."""

    def handle(session: Session, envelope: Envelope) -> None:
        event = envelope.payload(message)
        if not event.HasField("state"):
            log.warning("%s %s carries no state: nothing to count", envelope.type, envelope.id)
            return
        _apply(session, envelope, _state_of(event.state))

    handle.__name__ = f"on_{message.DESCRIPTOR.name}"
    return handle


on_person_changed = _counting(events_pb2.PersonChanged)
on_consent_changed = _counting(events_pb2.ConsentChanged)
on_mentor_changed = _counting(events_pb2.MentorChanged)
on_mentee_changed = _counting(events_pb2.MenteeChanged)
on_request_changed = _counting(events_pb2.MentoringRequestChanged)
on_mentee_became_mentor = _counting(events_pb2.MenteeBecameMentor)


def _state_of(state: events_pb2.CountedState) -> CountedState:
    if not state.entity_kind or not state.entity_id:
        raise ValueError("counted state without entity kind or id")
    return CountedState(state.entity_kind, state.entity_id, state.version, normalise(state.facets))


def _apply(session: Session, envelope: Envelope, state: CountedState, *, org_id: str = "") -> None:
    org_id = envelope.org_id or org_id
    if not (org_id and envelope.municipality_id and envelope.region_id):
        # Fails the event, which the consumer parks: a count outside any tenant could never be read.
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    applied = projection_store.apply_counted_state(
        session, entity_kind=state.entity_kind, entity_id=state.entity_id, version=state.version,
        facets=state.facets, org_id=org_id, municipality_id=envelope.municipality_id, region_id=envelope.region_id)
    if not applied:
        log.info("%s %s v%s not newer than applied: skipped", state.entity_kind, state.entity_id, state.version)


def on_document_transitioned(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.DocumentTransitioned)
    approved_roadmap = event.kind == "roadmap" and event.status == "approved"
    items = [(i.item_id, date.fromisoformat(i.due_on) if i.due_on else None, i.progress) for i in event.items] \
        if approved_roadmap else None
    projection_store.record_document(
        session, document_id=event.document_id, kind=event.kind, owner_level=event.owner_level,
        org_id=event.org_id or None, municipality_id=event.municipality_id, region_id=event.region_id,
        status=event.status, version=event.version, changed_at=datetime.fromisoformat(envelope.time), items=items)


def on_roadmap_progress(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.RoadmapProgressChanged)
    projection_store.record_progress(session, document_id=event.document_id, item_id=event.item_id,
                                     progress=event.progress)


def _registry(*facts: str) -> list[str]:
    return [f"mentorship.registry.{fact}.v1" for fact in facts]


HANDLERS: dict[str, EventHandler] = {
    "mentorship.registry.organisation_created.v1": on_organisation_created,
    "mentorship.registry.mentor_registered.v1": on_mentor_registered,
    **dict.fromkeys(_registry("mentor_updated", "mentor_status_changed", "mentor_deactivated"), on_mentor_changed),
    **dict.fromkeys(_registry("person_added", "person_updated"), on_person_changed),
    **dict.fromkeys(_registry("consent_given", "consent_withdrawn"), on_consent_changed),
    **dict.fromkeys(_registry("mentee_registered", "mentee_updated", "mentee_deactivated"), on_mentee_changed),
    **dict.fromkeys(_registry("mentoring_request_submitted", "mentoring_request_status_changed"),
                    on_request_changed),
    "mentorship.registry.mentee_became_mentor.v1": on_mentee_became_mentor,
    **{f"mentorship.registry.{kind}_{status}.v1": on_document_transitioned
       for kind in ("program", "roadmap") for status in ("submitted", "approved", "returned")},
    "mentorship.registry.roadmap_item_done.v1": on_roadmap_progress,
    "mentorship.registry.roadmap_progress_changed.v1": on_roadmap_progress,
}
