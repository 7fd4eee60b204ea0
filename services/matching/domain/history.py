"""The history of a pair: every transition with who, when and why, appended by the use case that made it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ACTIONS = ("formed", "consent_recorded", "petition_filed", "petition_approved", "petition_declined", "completed",
           "closed", "replaced", "formed_as_replacement")


@dataclass(frozen=True)
class HistoryEntry:
    pair_id: str
    action: str
    actor: str
    at: datetime
    detail: str = ""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown pair history action {self.action!r}")
