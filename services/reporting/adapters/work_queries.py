"""The pairs' work per organisation or municipality in reach (row-level security decides it), counted at read time
from dates — by PostgreSQL, with the rules of ``domain/work_figures.py`` (``without_meetings``, ``on_track``): a
region's 200,000 pairs are counted where they lie instead of read into Python for each page (ADR 028). The two
spellings are held equal by ``tests/integration/test_pair_work_counts.py``."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.adapters.document_queries import where_within
from reporting.domain.indicators import Grouping, Within
from reporting.domain.work_figures import NO_MEETING_WEEKS, ON_TRACK, WITHOUT_MEETINGS

WITHOUT_MEETING = "w.formed_on IS NOT NULL AND greatest(w.formed_on, w.last_meeting_on) <= :stale_on"
"""An active pair of ``pair_work_states w`` without meetings: neither a meeting nor the formation in the last N weeks
(``:stale_on`` — ``stale_on(today)``)."""

_PER_UNIT = """
    SELECT {unit}::text AS unit_id,
           count(*) FILTER (WHERE """ + WITHOUT_MEETING + """) AS without_meetings,
           -- on_track: an agreed plan whose every item past its date is done
           count(*) FILTER (WHERE w.formed_on IS NOT NULL AND w.plan_version > 0 AND NOT EXISTS (
               SELECT 1 FROM jsonb_each_text(w.plan_due) AS due
               WHERE due.value::date < :today AND NOT w.plan_done ? due.key)) AS on_track
    FROM pair_work_states w JOIN organisation_units u ON u.org_id = w.org_id
    WHERE w.active {conditions}
    GROUP BY 1"""


def stale_on(today: date) -> date:
    return today - timedelta(weeks=NO_MEETING_WEEKS)


def pair_work_counts_by(session: Session, grouping: Grouping, *, today: date,
                        within: Within | None = None) -> dict[str, dict[str, int]]:
    """unit id → {derived figure → count} over the active pairs of the unit (units without an active pair absent)."""
    unit = "u.org_id" if grouping is Grouping.ORGANISATION else "u.municipality_id"
    where, params = where_within(within)
    rows = session.execute(text(_PER_UNIT.format(unit=unit, conditions=where.replace(" WHERE ", " AND ", 1))), {
        **params, "today": today, "stale_on": stale_on(today)}).all()
    return {r.unit_id: {WITHOUT_MEETINGS: int(r.without_meetings), ON_TRACK: int(r.on_track)} for r in rows}
