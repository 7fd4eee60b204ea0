"""Registry events → read-model updates. Each runs in the idempotent consumer's transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mentorship.registry.v1 import events_pb2, participants_pb2
from mentorship_kit.consumer import EventHandler
from mentorship_kit.envelope import Envelope
from reporting.adapters import projection_store

REGISTRY_TOPIC = "registry.events"


def on_organisation_created(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.OrganisationCreated)
    projection_store.upsert_organisation(
        session, org_id=event.organisation_id, org_name=event.name, municipality_id=event.municipality_id,
        municipality_name=event.municipality_name, region_id=event.region_id, region_name=event.region_name)


def on_mentor_registered(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(events_pb2.MentorRegistered)
    origin = participants_pb2.MentorOrigin.Name(event.origin).removeprefix("MENTOR_ORIGIN_").lower()
    projection_store.add_mentor(session, org_id=event.org_id, origin=origin,
                                municipality_id=envelope.municipality_id or "", region_id=envelope.region_id or "")


HANDLERS: dict[str, EventHandler] = {
    "mentorship.registry.organisation_created.v1": on_organisation_created,
    "mentorship.registry.mentor_registered.v1": on_mentor_registered,
}
