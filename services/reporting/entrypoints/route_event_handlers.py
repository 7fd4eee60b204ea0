"""monitoring's events of the individual routes (ИОМ, ADR 011) → counted states: a route counted once when its
tutor's support starts (``route``), a roadmap item once when done (``route.item.done``, ``route.item.form.<form>``).
Ids in, counts out: no name, no title. They land in the participant counts per school, so ``GetParticipantCounts``
answers them per organisation, municipality and (in its totals) region."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from mentorship.monitoring.v1 import events_pb2 as monitoring_events
from mentorship_kit.envelope import Envelope
from reporting.adapters import projection_store
from reporting.domain.counted_state import CountedState, normalise

log = logging.getLogger(__name__)
ROUTE, ROUTE_ITEM_DONE = "route", "route.item.done"


def _tenant(envelope: Envelope) -> tuple[str, str, str]:
    if not (envelope.org_id and envelope.municipality_id and envelope.region_id):
        raise ValueError(f"{envelope.type} {envelope.id} lacks org, municipality or region id")
    return envelope.org_id, envelope.municipality_id, envelope.region_id


def route_state(route_id: str) -> CountedState:
    """A route started: counted once (version 1 — a duplicate or a re-assignment counts nothing)."""
    return CountedState("route", route_id, 1, (ROUTE,))


def route_item_state(item_id: str, facets: list[str]) -> CountedState:
    return CountedState("route_item", item_id, 1,
                        normalise([ROUTE_ITEM_DONE, *(f for f in facets if f.startswith("route.item.form."))]))


def on_route_started(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(monitoring_events.RouteStarted)
    if not event.route_id:
        log.warning("%s %s carries no route id: nothing to count", envelope.type, envelope.id)
        return
    projection_store.apply_counted_states(session, [projection_store.TenantState(route_state(event.route_id),
                                                                                 *_tenant(envelope))])


def on_route_item_done(session: Session, envelope: Envelope) -> None:
    event = envelope.payload(monitoring_events.RouteItemDone)
    if not event.item_id:
        log.warning("%s %s carries no item id: nothing to count", envelope.type, envelope.id)
        return
    state = route_item_state(event.item_id, list(event.facets))
    projection_store.apply_counted_states(session, [projection_store.TenantState(state, *_tenant(envelope))])


ROUTE_HANDLERS = {
    "mentorship.monitoring.route_started.v1": on_route_started,
    "mentorship.monitoring.route_item_done.v1": on_route_item_done,
}
