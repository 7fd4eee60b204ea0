"""The wire form of the individual routes' events (ADR 011): ids, dates and facets — never a name or a text."""

from __future__ import annotations

from mentorship.monitoring.v1 import events_pb2
from mentorship_kit.unit_of_work import OutgoingEvent
from monitoring.domain import route_events


def encode_route_event(event: object) -> OutgoingEvent:
    match event:
        case route_events.RouteStarted() as e:
            started = events_pb2.RouteStarted(route_id=e.route_id, years=e.years, starts_on=e.starts_on,
                                              facets=["route"])
            return OutgoingEvent(type="mentorship.monitoring.route_started.v1", subject=f"routes/{e.route_id}",
                                 payload=started, org_id=e.org_id, municipality_id=e.municipality_id,
                                 region_id=e.region_id)
        case route_events.RouteItemDone() as e:
            done = events_pb2.RouteItemDone(route_id=e.route_id, item_id=e.item_id, done_on=e.done_on,
                                            facets=["route.item.done", f"route.item.form.{e.form}"])
            return OutgoingEvent(type="mentorship.monitoring.route_item_done.v1",
                                 subject=f"routes/{e.route_id}/items/{e.item_id}", payload=done, org_id=e.org_id,
                                 municipality_id=e.municipality_id, region_id=e.region_id)
    raise TypeError(f"no wire form for {type(event).__name__}")
