"""What the regional KPIs read (ADR 021): the organisations' roadmap approval and active pairs, per unit;
row-level security narrows every table to the caller's reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.domain.indicators import Grouping
from reporting.domain.kpis import OrganisationState
from reporting.domain.retention import PersonVersion


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


_STAFF_HISTORY = text("""
    SELECT entity_id, version, occurred_at, org_id, municipality_id, facets
    FROM count_state_history
    WHERE entity_kind = 'person' AND occurred_at < :until
      AND entity_id IN (SELECT entity_id FROM count_state_history
                        WHERE entity_kind = 'person' AND 'person.staff' = ANY(facets))
    ORDER BY entity_id, version""")


def staff_histories(session: Session, until: datetime) -> dict[str, list[PersonVersion]]:
    """Every version, applied before ``until``, of each person entity that was ever counted as staff — ids, days
    and facets only (retention of young teachers, ``domain/retention.py``)."""
    found: dict[str, list[PersonVersion]] = {}
    for r in session.execute(_STAFF_HISTORY, {"until": until}).all():
        found.setdefault(str(r.entity_id), []).append(PersonVersion(
            int(r.version), r.occurred_at, str(r.org_id), str(r.municipality_id), tuple(r.facets)))
    return found
