"""Schools' program evaluations in the caller's reach (row-level security decides which rows exist)."""

from __future__ import annotations

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from reporting.adapters.tables import organisation_units as units
from reporting.adapters.tables import school_evaluations as evaluations
from reporting.adapters.unit_filter import unit_conditions
from reporting.domain.evaluation_levels import SchoolEvaluation, Unit
from reporting.domain.indicators import Within


def schools_in_reach(session: Session, within: Within | None = None) -> list[Unit]:
    rows = session.execute(select(units.c.org_id, units.c.org_name, units.c.municipality_id,
                                  units.c.municipality_name)
                           .where(*unit_conditions(within))
                           .order_by(units.c.municipality_name, units.c.org_name)).all()
    return [Unit(str(r.org_id), r.org_name, str(r.municipality_id), r.municipality_name) for r in rows]


def evaluations_in_reach(session: Session) -> list[SchoolEvaluation]:
    rows = session.execute(select(evaluations)).all()
    return [SchoolEvaluation(str(r.org_id), r.period, int(r.version), int(r.total), r.level) for r in rows]


def schools_per_municipality(session: Session, within: Within | None = None) -> list[tuple[str, str, int]]:
    """(municipality id, name, schools in reach) — a region's 2,000 schools as 60 rows."""
    rows = session.execute(select(cast(units.c.municipality_id, Text), units.c.municipality_name, func.count())
                           .where(*unit_conditions(within))
                           .group_by(units.c.municipality_id, units.c.municipality_name)).all()
    return [(m, name, int(n)) for m, name, n in rows]


def evaluations_by_municipality(session: Session, within: Within | None = None) -> list[tuple[str, SchoolEvaluation]]:
    """The evaluations of the schools in reach, each with its school's municipality."""
    rows = session.execute(select(cast(units.c.municipality_id, Text), cast(evaluations.c.org_id, Text),
                                  evaluations.c.period, evaluations.c.version, evaluations.c.total,
                                  evaluations.c.level)
                           .select_from(evaluations.join(units, units.c.org_id == evaluations.c.org_id))
                           .where(*unit_conditions(within))).all()
    return [(m, SchoolEvaluation(org, period, int(version), int(total), level))
            for m, org, period, version, total, level in rows]
