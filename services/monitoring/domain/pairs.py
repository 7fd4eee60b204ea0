"""A pair as monitoring knows it: learnt from matching's events (ADR 008) — ids, form, вид, term, status; no names.

Matching publishes the pair's whole countable state with a version that grows by one per change; the projection
keeps the newest state it saw, so a duplicate or a late event changes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PairStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CLOSED = "closed"


@dataclass
class MonitoredPair:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    mentor_id: str
    mentee_id: str
    form: str
    kind: str
    term_start: date
    term_end: date
    status: PairStatus
    version: int
    reporting: str = "monthly"
    """Matching's reporting schedule of the pair: monthly | quarterly | final."""
    ended_on: date | None = None
    """The day the pair ended early (closed), from ``pair_closed``; None while active or when completed."""

    @property
    def formed_on(self) -> date:
        """Matching forms a pair on the first day of its term (the day the run is published)."""
        return self.term_start


def facet_values(facets: Iterable[str]) -> tuple[str, str, PairStatus | None]:
    """Form, вид and status read from a ``PairState``'s facets, in either shape matching has sent: the counted one
    (``pair``, ``pair.form.<form>``, ``pair.kind.<вид>`` / ``pair.closed`` / ``pair.completed``) or the first
    slice's ``form:<form>``, ``kind:<вид>``, ``status:<status>``. A missing value is empty (status: None)."""
    form = kind = ""
    status: PairStatus | None = None
    for facet in facets:
        if facet.startswith("pair.form."):
            form = facet.removeprefix("pair.form.")
        elif facet.startswith("pair.kind."):
            kind = facet.removeprefix("pair.kind.")
        elif facet == "pair":
            status = PairStatus.ACTIVE
        elif facet in ("pair.closed", "pair.completed"):
            status = PairStatus(facet.removeprefix("pair."))
        elif ":" in facet:
            name, value = facet.split(":", 1)
            if name == "form":
                form = value
            elif name == "kind":
                kind = value
            elif name == "status" and value in PairStatus.__members__.values():
                status = PairStatus(value)
    return form, kind, status
