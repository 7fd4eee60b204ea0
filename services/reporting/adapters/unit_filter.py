"""The drill-down filter (``domain.indicators.Within``) as conditions on ``organisation_units``; row-level security
keeps the reach, this only narrows it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, select, true
from sqlalchemy.orm import Session

from reporting.adapters.tables import organisation_units as units
from reporting.domain.indicators import Within


def unit_conditions(within: Within | None) -> list[ColumnElement[Any]]:
    if not within:
        return []
    found: list[ColumnElement[Any]] = []
    if within.municipality_id:
        found.append(units.c.municipality_id == within.municipality_id)
    if within.organisation_id:
        found.append(units.c.org_id == within.organisation_id)
    return found


def unit_in_reach(session: Session, within: Within) -> bool:
    """Whether the rows the caller may read hold the unit (another municipality's are not there at all)."""
    return bool(session.scalar(select(exists().where(true(), *unit_conditions(within)).select_from(units))))
