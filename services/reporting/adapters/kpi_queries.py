"""What the regional KPIs read (ADR 021): the organisations' roadmap approval and active pairs, per unit;
row-level security narrows every table to the caller's reach."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.domain.indicators import Grouping
from reporting.domain.kpis import OrganisationState
from reporting.domain.retention import PersonVersion

_ORGANISATION_STATES = """
    SELECT {unit}::text AS unit_id, coalesce(r.approved_version, 0) > 0 AS approved,
           coalesce(c.count, 0) > 0 AS with_pair, count(*) AS organisations
    FROM organisation_units u
    LEFT JOIN document_states r ON r.org_id = u.org_id AND r.kind = 'roadmap'
    LEFT JOIN participant_counts c ON c.org_id = u.org_id AND c.facet = 'pair'
    GROUP BY 1, 2, 3"""


def organisation_states_by(session: Session, grouping: Grouping) -> dict[str, list[OrganisationState]]:
    """Unit id → the states of its organisations in reach; alike organisations are counted by PostgreSQL (a region's
    2,000 schools are a few rows per municipality, ADR 028)."""
    unit = "u.org_id" if grouping is Grouping.ORGANISATION else "u.municipality_id"
    found: dict[str, list[OrganisationState]] = {}
    for r in session.execute(text(_ORGANISATION_STATES.format(unit=unit))).all():
        found.setdefault(r.unit_id, []).extend([OrganisationState(bool(r.approved), bool(r.with_pair))]
                                               * int(r.organisations))
    return found


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
