"""What the use cases of monitoring are asked to do (built by the gRPC servicer from its messages)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordMeeting:
    pair_id: str
    kind: str
    held_on: str
    format: str
    topic: str
    duration_minutes: int
    participants: str = ""
    outcome: str = ""
    next_step: str = ""
    diary: str = ""
    planned_id: str = ""


@dataclass(frozen=True)
class PlanMeeting:
    pair_id: str
    kind: str
    planned_on: str
    topic: str = ""


@dataclass(frozen=True)
class LearnPair:
    """A pair's state from a matching event; term fields are empty on an event that does not carry them."""

    pair_id: str
    version: int
    mentor_id: str
    mentee_id: str
    form: str
    kind: str
    term_start: str
    term_end: str
    status: str
    reporting: str = ""
    ended_on: str = ""
