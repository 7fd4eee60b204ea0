"""Read models of the school's register (register.proto, ADR 025). ``PracticeRead.authors`` is filled only for the
practice's own school (the registry answers it from an org-only table); everyone else gets titles and counts."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.registry.v1 import register_pb2 as pb


class ScientificEventRead(ReadModel):
    contract = pb.ScientificEvent
    id: str
    org_id: str
    title: str
    held_on: str
    kind: str
    level: str
    role: str
    host: str
    participants: int
    teachers: int
    partners: int
    mentors: int
    mentees: int
    version: int


class ListEventsResponseRead(ReadModel):
    contract = pb.ListEventsResponse
    events: list[ScientificEventRead]


class PracticeRead(ReadModel):
    contract = pb.Practice
    id: str
    org_id: str
    municipality_id: str
    title: str
    forms: list[str]
    summary: str
    authors: str
    links: list[str]
    state: str
    review_level: str
    review_note: str
    published: bool
    organisation_name: str
    municipality_name: str
    submitted_at: str
    reviewed_at: str
    version: int


class ListPracticesResponseRead(ReadModel):
    contract = pb.ListPracticesResponse
    practices: list[PracticeRead]


class SearchCatalogueResponseRead(ReadModel):
    contract = pb.SearchCatalogueResponse
    practices: list[PracticeRead]
    next_page_token: str
    total: int
