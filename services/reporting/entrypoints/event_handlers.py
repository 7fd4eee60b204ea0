"""Registry events → read-model updates. Each runs in the idempotent consumer's transaction."""

from __future__ import annotations

from datetime import date, datetime

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


HANDLERS: dict[str, EventHandler] = {
    "mentorship.registry.organisation_created.v1": on_organisation_created,
    "mentorship.registry.mentor_registered.v1": on_mentor_registered,
    **{f"mentorship.registry.{kind}_{status}.v1": on_document_transitioned
       for kind in ("program", "roadmap") for status in ("submitted", "approved", "returned")},
    "mentorship.registry.roadmap_item_done.v1": on_roadmap_progress,
    "mentorship.registry.roadmap_progress_changed.v1": on_roadmap_progress,
}
