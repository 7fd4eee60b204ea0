"""Facts the registry announces. Their wire form is defined in proto/mentorship/registry/v1/events.proto."""

from __future__ import annotations

from dataclasses import dataclass

from registry.domain.documents import Document
from registry.domain.model import Mentor, Organisation


@dataclass(frozen=True)
class OrganisationCreated:
    organisation: Organisation
    municipality_name: str
    region_name: str


@dataclass(frozen=True)
class MentorRegistered:
    mentor: Mentor


@dataclass(frozen=True)
class DocumentTransitioned:
    document: Document
    items_total: int
    items_done: int
    items_overdue: int
    items: tuple[tuple[str, str, str], ...] = ()
    """(item id, due date, stored progress) of an approved roadmap."""


@dataclass(frozen=True)
class RoadmapProgressChanged:
    document: Document
    item_id: str
    progress: str
    items_total: int
    items_done: int
    items_overdue: int
