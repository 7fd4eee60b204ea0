"""What the regional KPIs read (ADR 021): the organisations' roadmap approval and active pairs, per unit;
row-level security narrows every table to the caller's reach."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.domain.indicators import Grouping
from reporting.domain.kpis import OrganisationState


@dataclass(frozen=True)
class OrganisationKpiRow:
    org_id: str
    municipality_id: str
    state: OrganisationState


_ORGANISATIONS = text("""
    SELECT u.org_id, u.municipality_id, coalesce(r.approved_version, 0) > 0 AS approved,
           coalesce(c.count, 0) AS pairs
    FROM organisation_units u
    LEFT JOIN document_states r ON r.org_id = u.org_id AND r.kind = 'roadmap'
    LEFT JOIN participant_counts c ON c.org_id = u.org_id AND c.facet = 'pair'
    ORDER BY u.org_id""")


def organisations_in_reach(session: Session) -> list[OrganisationKpiRow]:
    return [OrganisationKpiRow(str(r.org_id), str(r.municipality_id), OrganisationState(bool(r.approved), int(r.pairs)))
            for r in session.execute(_ORGANISATIONS).all()]


def unit_of(row: OrganisationKpiRow, grouping: Grouping) -> str:
    return row.org_id if grouping is Grouping.ORGANISATION else row.municipality_id
