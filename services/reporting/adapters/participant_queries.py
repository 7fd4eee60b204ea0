"""Counts of the participant bases per organisation or municipality; row-level security decides the reach."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Text, cast, func, or_, select
from sqlalchemy.orm import Session

from reporting.adapters.tables import municipality_counts as rollup
from reporting.adapters.tables import organisation_units as units
from reporting.adapters.tables import participant_counts as counts
from reporting.adapters.unit_filter import unit_conditions
from reporting.domain.indicators import Grouping, Within


@dataclass(frozen=True)
class ParticipantRow:
    unit_id: str
    unit_name: str
    parent_name: str
    organisation_count: int
    counts: dict[str, int] = field(default_factory=dict)  # facet → count; an absent facet counts zero
    derived: dict[str, int] = field(default_factory=dict)  # figures derived from counts (domain.participant_figures)


def _unit_columns(grouping: Grouping) -> tuple[ColumnElement[Any], ...]:
    if grouping is Grouping.ORGANISATION:
        return units.c.org_id, units.c.org_name, units.c.municipality_name
    return units.c.municipality_id, units.c.municipality_name, units.c.region_name


def _facets_starting(column: ColumnElement[str], prefixes: tuple[str, ...]) -> list[ColumnElement[bool]]:
    return [or_(*(column.startswith(p, autoescape=True) for p in prefixes))] if prefixes else []


def participant_counts_by(session: Session, grouping: Grouping, within: Within | None = None, *,
                          prefixes: tuple[str, ...] = ()) -> list[ParticipantRow]:
    """Every unit in reach, also those with nothing counted yet, with its facets summed — only the facets that start
    with one of ``prefixes`` when given (a region's schools have ~60 facets each; the pairs need a handful)."""
    key, name, parent = _unit_columns(grouping)
    order = (parent, name) if grouping is Grouping.ORGANISATION else (name,)
    # ids as text from PostgreSQL: a region's thousands of count rows through uuid.UUID and back were a third of a read;
    # count(*) — one row per organisation (its key): count(DISTINCT org_id) sorted the region's 2,000 rows for nothing
    unit_rows = session.execute(
        select(cast(key, Text), name, parent, func.count())
        .where(*unit_conditions(within))
        .group_by(key, name, parent)
        .order_by(*order)).all()
    # One row per unit with its facets as one JSON object, built by PostgreSQL: a region's 3,000-6,000 facet rows
    # through SQLAlchemy's rows were most of the region's two largest reads (issue 14). ``json``, not ``jsonb``: a
    # unit's facets are distinct already (the rows' key, or the GROUP BY's), and building jsonb — sorted, deduplicated
    # — took PostgreSQL twice as long.
    if grouping is Grouping.MUNICIPALITY and not (within and within.organisation_id):
        # The municipalities' own sums (ADR 027): 60 units' rows instead of 2,000 schools'.
        sums = session.execute(
            select(cast(rollup.c.municipality_id, Text), func.json_object_agg(rollup.c.facet, rollup.c.count))
            .where(rollup.c.count > 0, *_facets_starting(rollup.c.facet, prefixes),
                   *([rollup.c.municipality_id == within.municipality_id] if within and within.municipality_id
                     else []))
            .group_by(rollup.c.municipality_id)).all()
    else:
        # Counts of an organisation reporting has not heard of (no organisation_created yet) have no unit to go to.
        summed = (select(key.label("unit"), counts.c.facet, cast(func.sum(counts.c.count), BigInteger).label("n"))
                  .select_from(counts.join(units, units.c.org_id == counts.c.org_id))
                  .where(counts.c.count > 0, *unit_conditions(within), *_facets_starting(counts.c.facet, prefixes),
                         # the counts' own column as well: one municipality's rows by its index, not the region's
                         *([counts.c.municipality_id == within.municipality_id]
                           if within and within.municipality_id else []))
                  .group_by(key, counts.c.facet).subquery())
        sums = session.execute(select(cast(summed.c.unit, Text), func.json_object_agg(summed.c.facet, summed.c.n))
                               .group_by(summed.c.unit)).all()
    per_unit: dict[str, dict[str, int]] = {unit_id: facets for unit_id, facets in sums}
    return [ParticipantRow(r[0], r[1], r[2], int(r[3]), per_unit.get(r[0], {})) for r in unit_rows]
