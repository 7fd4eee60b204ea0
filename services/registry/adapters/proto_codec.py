"""Translation between the registry's domain and its proto contracts (RPC messages and event payloads)."""

from __future__ import annotations

from mentorship.registry.v1 import events_pb2, organisations_pb2, participants_pb2
from mentorship_kit.unit_of_work import OutgoingEvent
from registry.adapters.participant_codec import encode_participant_event
from registry.domain import events
from registry.domain.model import MentorOrigin, Municipality, Organisation, OrganisationKind, Region

TOPIC = "registry.events"
SOURCE = "/mentorship/registry"


def origin_to_proto(origin: MentorOrigin) -> int:
    return participants_pb2.MentorOrigin.Value(f"MENTOR_ORIGIN_{origin.value.upper()}")


def origin_from_proto(value: int) -> str:
    """Unknown or unspecified values become "" so the domain reports them as a field problem."""
    try:
        name = participants_pb2.MentorOrigin.Name(value)
    except ValueError:
        return ""
    origin = name.removeprefix("MENTOR_ORIGIN_").lower()
    return origin if origin in MentorOrigin.__members__.values() else ""


def kind_to_proto(kind: OrganisationKind) -> int:
    return organisations_pb2.OrganisationKind.Value(f"ORGANISATION_KIND_{kind.value.upper()}")


def kind_from_proto(value: int) -> str:
    try:
        return organisations_pb2.OrganisationKind.Name(value).removeprefix("ORGANISATION_KIND_").lower()
    except ValueError:
        return ""


def region_msg(r: Region) -> organisations_pb2.Region:
    return organisations_pb2.Region(id=r.id, name=r.name, code=r.code)


def municipality_msg(m: Municipality) -> organisations_pb2.Municipality:
    return organisations_pb2.Municipality(id=m.id, region_id=m.region_id, name=m.name, code=m.code)


def organisation_msg(o: Organisation) -> organisations_pb2.Organisation:
    return organisations_pb2.Organisation(id=o.id, municipality_id=o.municipality_id, region_id=o.region_id,
                                          name=o.name, kind=kind_to_proto(o.kind), code=o.code)  # type: ignore[arg-type]


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
                org_id=doc.org_id, municipality_id=doc.municipality_id, region_id=doc.region_id)
        case events.RoadmapProgressChanged(document=doc, item_id=item, progress=progress, items_total=total,
                                           items_done=done, items_overdue=overdue):
            kind = "roadmap_item_done" if progress == "done" else "roadmap_progress_changed"
            return OutgoingEvent(
                type=f"mentorship.registry.{kind}.v1", subject=f"documents/{doc.id}/items/{item}",
                payload=events_pb2.RoadmapProgressChanged(
                    document_id=doc.id, org_id=doc.org_id or "", municipality_id=doc.municipality_id,
                    region_id=doc.region_id, owner_level=doc.owner_level.value, item_id=item, progress=progress,
                    items_total=total, items_done=done, items_overdue=overdue),
                org_id=doc.org_id, municipality_id=doc.municipality_id, region_id=doc.region_id)
    raise TypeError(f"no wire form for {type(event).__name__}")
