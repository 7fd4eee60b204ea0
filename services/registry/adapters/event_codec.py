"""The wire form of the registry's events: each domain event becomes a proto payload in a CloudEvents envelope.

Participant events are encoded by ``participant_codec``; structure and document events here."""

from __future__ import annotations

from mentorship.registry.v1 import events_pb2
from mentorship_kit.unit_of_work import OutgoingEvent
from registry.adapters.participant_codec import encode_participant_event
from registry.adapters.structure_codec import kind_to_proto
from registry.domain import events

TOPIC = "registry.events"
SOURCE = "/mentorship/registry"


def encode_event(event: object) -> OutgoingEvent:
    participant = encode_participant_event(event)
    if participant is not None:
        return participant
    match event:
        case events.OrganisationCreated(organisation=o, municipality_name=mname, region_name=rname):
            return OutgoingEvent(
                type="mentorship.registry.organisation_created.v1", subject=f"organisations/{o.id}",
                payload=events_pb2.OrganisationCreated(
                    organisation_id=o.id, name=o.name, kind=kind_to_proto(o.kind), code=o.code,  # type: ignore[arg-type]
                    municipality_id=o.municipality_id, municipality_name=mname,
                    region_id=o.region_id, region_name=rname),
                org_id=o.id, municipality_id=o.municipality_id, region_id=o.region_id)
        case events.DocumentTransitioned(document=doc, items_total=total, items_done=done, items_overdue=overdue,
                                         items=items):
            return OutgoingEvent(
                type=f"mentorship.registry.{doc.kind.value}_{doc.status.value}.v1", subject=f"documents/{doc.id}",
                payload=events_pb2.DocumentTransitioned(
                    document_id=doc.id, kind=doc.kind.value, owner_level=doc.owner_level.value, org_id=doc.org_id or "",
                    municipality_id=doc.municipality_id, region_id=doc.region_id, version=doc.version,
                    status=doc.status.value, items_total=total, items_done=done, items_overdue=overdue,
                    items=[events_pb2.RoadmapItemState(item_id=i, due_on=due, progress=p) for i, due, p in items]),
                org_id=doc.org_id, municipality_id=doc.municipality_id or None, region_id=doc.region_id)
        case events.RoadmapProgressChanged(document=doc, item_id=item, progress=progress, items_total=total,
                                           items_done=done, items_overdue=overdue):
            kind = "roadmap_item_done" if progress == "done" else "roadmap_progress_changed"
            return OutgoingEvent(
                type=f"mentorship.registry.{kind}.v1", subject=f"documents/{doc.id}/items/{item}",
                payload=events_pb2.RoadmapProgressChanged(
                    document_id=doc.id, org_id=doc.org_id or "", municipality_id=doc.municipality_id,
                    region_id=doc.region_id, owner_level=doc.owner_level.value, item_id=item, progress=progress,
                    items_total=total, items_done=done, items_overdue=overdue),
                org_id=doc.org_id, municipality_id=doc.municipality_id or None, region_id=doc.region_id)
        case events.SelfDiagnosisCompleted(diagnosis=sd):
            return OutgoingEvent(
                type="mentorship.registry.self_diagnosis_completed.v1", subject=f"self-diagnoses/{sd.id}",
                payload=events_pb2.SelfDiagnosisCompleted(
                    self_diagnosis_id=sd.id, owner_level=sd.owner_level, org_id=sd.org_id or "",
                    municipality_id=sd.municipality_id, region_id=sd.region_id, year=sd.year, version=sd.version,
                    score=sd.score, max_score=sd.max_score),
                org_id=sd.org_id, municipality_id=sd.municipality_id, region_id=sd.region_id)
        case events.ContestCounted() as c:
            kind = "contest_teacher_changed" if c.entity_kind == "contest_teacher" else "contest_application_changed"
            return OutgoingEvent(
                type=f"mentorship.registry.{kind}.v1", subject=f"contests/{c.contest_id}/{c.entity_kind}/{c.entity_id}",
                payload=events_pb2.ContestApplicationState(
                    application_id=c.entity_id if c.entity_kind == "contest_application" else "",
                    contest_id=c.contest_id, org_id=c.org_id,
                    state=events_pb2.CountedState(entity_kind=c.entity_kind, entity_id=c.entity_id,
                                                  version=c.version, facets=list(c.facets))),
                org_id=c.org_id, municipality_id=c.municipality_id, region_id=c.region_id)
        case events.RegisterEntryChanged() as r:
            return OutgoingEvent(
                type="mentorship.registry.register_entry_changed.v1", subject=f"register/{r.entry_kind}/{r.entry_id}",
                payload=events_pb2.RegisterEntryChanged(
                    entry_id=r.entry_id, entry_kind=r.entry_kind, org_id=r.org_id, municipality_id=r.municipality_id,
                    region_id=r.region_id, kind=r.kind, participants=r.participants,
                    state=events_pb2.CountedState(entity_kind=r.entry_kind, entity_id=r.entry_id,
                                                  version=r.version, facets=list(r.facets))),
                org_id=r.org_id, municipality_id=r.municipality_id, region_id=r.region_id)
    raise TypeError(f"no wire form for {type(event).__name__}")
