"""The pairs' work per organisation or municipality in reach (row-level security decides it), counted at read time
from dates (``domain/work_figures.py``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from reporting.adapters.tables import organisation_units as units
from reporting.adapters.tables import pair_work_states as work
from reporting.adapters.unit_filter import unit_conditions
from reporting.domain.indicators import Grouping, Within
from reporting.domain.work_figures import PairWork, work_counts


def pair_work_counts_by(session: Session, grouping: Grouping, *, today: date,
                        within: Within | None = None) -> dict[str, dict[str, int]]:
    """unit id → {derived figure → count} over the active pairs of the unit."""
    key = units.c.org_id if grouping is Grouping.ORGANISATION else units.c.municipality_id
    rows = session.execute(
        select(key, work.c.formed_on, work.c.last_meeting_on, work.c.plan_version, work.c.plan_due,
               work.c.plan_done)
        .select_from(work.join(units, units.c.org_id == work.c.org_id))
        .where(work.c.active, *unit_conditions(within))).all()
    per_unit: dict[str, list[PairWork]] = {}
    for unit_id, formed_on, last, plan_version, due, done in rows:
        per_unit.setdefault(str(unit_id), []).append(PairWork(formed_on, True, last, int(plan_version), due, done))
    return {unit: work_counts(works, today=today) for unit, works in per_unit.items()}
