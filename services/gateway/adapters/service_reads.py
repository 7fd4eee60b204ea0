"""Read models of the structure (regions, municipalities, organisations) and of the reporting indicators, as
:mod:`gateway.adapters.service_clients` returns them (the convention: :mod:`gateway.adapters.proto_json`)."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.registry.v1 import organisations_pb2 as opb
from mentorship.reporting.v1 import reporting_pb2 as rpb


class RegionRead(ReadModel):
    contract = opb.Region
    id: str
    name: str
    code: str


class MunicipalityRead(ReadModel):
    contract = opb.Municipality
    id: str
    region_id: str
    name: str
    code: str


class OrganisationRead(ReadModel):
    contract = opb.Organisation
    id: str
    municipality_id: str
    region_id: str
    name: str
    kind: str
    code: str


class RosterOutcomeRead(ReadModel):
    contract = opb.RosterOutcome
    organisation: OrganisationRead
    organisation_created: bool
    municipality_created: bool


class MentorCountRowRead(ReadModel):
    contract = rpb.MentorCountRow
    unit_id: str
    unit_name: str
    parent_name: str
    mentor_count: int
    organisation_count: int
    parent_id: str = ""


class MentorCountsRead(ReadModel):
    contract = rpb.GetMentorCountsResponse
    grouping: str
    rows: list[MentorCountRowRead]
    total_mentors: int


class DocumentIndicatorRowRead(ReadModel):
    contract = rpb.DocumentIndicatorRow
    unit_id: str
    unit_name: str
    parent_name: str
    organisations: int
    implementing: int
    with_approved_program: int
    awaiting_decision: int
    items_total: int
    items_done: int
    items_overdue: int
    roadmap_status: str
    program_status: str
    municipal_roadmap_status: str


class DocumentIndicatorsRead(ReadModel):
    """``implementing_share``: «доля организаций, реализующих целевую модель наставничества» (docs/indicators.md)."""

    contract = rpb.GetDocumentIndicatorsResponse
    grouping: str
    rows: list[DocumentIndicatorRowRead]
    organisations: int
    implementing: int
    implementing_share: float


class ParticipantCountRowRead(ReadModel):
    contract = rpb.ParticipantCountRow
    unit_id: str
    unit_name: str
    parent_name: str
    organisation_count: int
    counts: dict[str, int]
    derived: dict[str, int]


class AppendixIndicatorRead(ReadModel):
    contract = rpb.AppendixIndicator
    code: str
    title: str
    facet: str
    value: int
    note: str


class ParticipantCountsRead(ReadModel):
    """Facet → number per unit and in total (facets: docs/indicators.md); no names."""

    contract = rpb.GetParticipantCountsResponse
    grouping: str
    rows: list[ParticipantCountRowRead]
    totals: dict[str, int]
    derived_totals: dict[str, int]
    appendix_indicators: list[AppendixIndicatorRead]


class PairCountRowRead(ReadModel):
    contract = rpb.PairCountRow
    unit_id: str
    unit_name: str
    parent_name: str
    organisation_count: int
    pairs: int
    mentees_in_pairs: int
    by_form: dict[str, int]
    by_kind: dict[str, int]
    closed_early: int
    completed: int
    groups: int
    mentees_in_groups: int
    groups_by_form: dict[str, int]
    groups_by_kind: dict[str, int]
    meetings_held: int
    meetings_by_kind: dict[str, int]
    plans_agreed: int
    plan_items_done: int
    reports_submitted: int
    pairs_without_meetings: int
    plans_on_track: int


class PairCountsRead(ReadModel):
    """Active pairs by form and by вид and mentees in pairs, per unit and in total (docs/indicators.md)."""

    contract = rpb.GetPairCountsResponse
    grouping: str
    rows: list[PairCountRowRead]
    totals: PairCountRowRead
    no_meeting_weeks: int
