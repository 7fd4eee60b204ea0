"""What callers ask the registry to do."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CreateRegion:
    name: str
    code: str


@dataclass(frozen=True)
class CreateMunicipality:
    region_id: str
    name: str
    code: str


@dataclass(frozen=True)
class CreateOrganisation:
    municipality_id: str
    name: str
    kind: str
    code: str


@dataclass(frozen=True)
class RegisterMentor:
    full_name: str
    origin: str
    capacity: int
    subjects: list[str] = field(default_factory=list)
    competencies: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ListMentors:
    page_size: int = 50
    page_token: str = ""
