"""Facts of the individual routes (ADR 011) monitoring tells the platform: ids, dates and facets — never a name."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RouteStarted:
    """A route got its first ЦНППМ tutor, with the teacher's consent: the tutor's support starts."""

    route_id: str
    org_id: str
    municipality_id: str
    region_id: str
    years: int
    starts_on: str


@dataclass(frozen=True)
class RouteItemDone:
    route_id: str
    org_id: str
    municipality_id: str
    region_id: str
    item_id: str
    form: str
    done_on: str
