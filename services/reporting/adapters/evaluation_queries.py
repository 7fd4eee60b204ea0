"""Schools' program evaluations in the caller's reach (row-level security decides which rows exist)."""

from __future__ import annotations

from sqlalchemy import select
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
