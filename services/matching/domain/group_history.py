"""The history of a group: formed, a member left, a mentor out of a team, closed or completed — who, when, why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

GROUP_ACTIONS = ("formed", "member_left", "mentor_left", "closed", "completed")


@dataclass(frozen=True)
class GroupHistoryEntry:
    group_id: str
    action: str
    actor: str
    at: datetime
    detail: str = ""

    def __post_init__(self) -> None:
        if self.action not in GROUP_ACTIONS:
            raise ValueError(f"unknown group history action {self.action!r}")
