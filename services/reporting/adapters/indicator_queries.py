"""Indicator queries; what rows exist is decided by row-level security for the bound tenant."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from reporting.adapters.tables import organisation_units as units
from reporting.adapters.tables import participant_counts as counts
from reporting.adapters.unit_filter import unit_conditions
from reporting.domain.indicators import CountRow, Grouping, Within

# Facet "mentor" is carried by every active mentor; one row per organisation (primary key org_id, facet).
_per_org = (
    select(counts.c.org_id, counts.c.count.label("mentors"))
    .where(counts.c.facet == "mentor")
    .subquery()
)


def mentor_counts_by(session: Session, grouping: Grouping, within: Within | None = None) -> list[CountRow]:
    mentors = func.coalesce(func.sum(_per_org.c.mentors), 0)
    joined = units.outerjoin(_per_org, _per_org.c.org_id == units.c.org_id)
    if grouping is Grouping.ORGANISATION:
        q = (select(units.c.org_id, units.c.org_name, units.c.municipality_name, mentors, func.count(),
                    units.c.municipality_id)
             .select_from(joined)
             .where(*unit_conditions(within))
             .group_by(units.c.org_id, units.c.org_name, units.c.municipality_name, units.c.municipality_id)
             .order_by(units.c.municipality_name, units.c.org_name))
    else:
        q = (select(units.c.municipality_id, units.c.municipality_name, units.c.region_name, mentors,
                    func.count(distinct(units.c.org_id)), units.c.region_id)
             .select_from(joined)
             .where(*unit_conditions(within))
             .group_by(units.c.municipality_id, units.c.municipality_name, units.c.region_name, units.c.region_id)
             .order_by(units.c.municipality_name))
    return [CountRow(str(r[0]), r[1], r[2], int(r[3]), int(r[4]), str(r[5])) for r in session.execute(q).all()]
