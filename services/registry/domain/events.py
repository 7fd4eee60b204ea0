"""Facts the registry announces. Their wire form is defined in proto/mentorship/registry/v1/events.proto."""

from __future__ import annotations

from dataclasses import dataclass

from registry.domain.model import Mentor, Organisation


@dataclass(frozen=True)
class OrganisationCreated:
    organisation: Organisation
    municipality_name: str
    region_name: str


@dataclass(frozen=True)
class MentorRegistered:
    mentor: Mentor
