"""What each school's traffic light is judged on, one small row per school in reach (row-level security decides it):
its roadmap's overdue items, its active pairs and those without meetings — not the whole document and pair reports
the drill-down's school level shows (ADR 028)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.adapters.document_queries import ITEMS, where_within
from reporting.adapters.work_queries import pair_work_counts_by
from reporting.domain.indicators import Grouping, Within
from reporting.domain.pair_figures import PAIR
from reporting.domain.work_figures import WITHOUT_MEETINGS


@dataclass(frozen=True)
class LightInput:
    unit_id: str
    unit_name: str
    parent_id: str
    parent_name: str
    items_overdue: int
    pairs: int
    pairs_without_meetings: int


_PER_SCHOOL = "WITH" + ITEMS + """
    SELECT u.org_id::text AS org_id, u.org_name, u.municipality_id::text AS municipality_id, u.municipality_name,
           coalesce(i.overdue, 0) AS overdue, coalesce(p.count, 0) AS pairs
    FROM organisation_units u
    LEFT JOIN document_states r ON r.org_id = u.org_id AND r.kind = 'roadmap'
    LEFT JOIN items i ON i.document_id = r.document_id
    LEFT JOIN participant_counts p ON p.org_id = u.org_id AND p.facet = :pair
"""


def school_light_inputs(session: Session, *, today: date, within: Within | None = None) -> list[LightInput]:
    where, params = where_within(within)
    rows = session.execute(text(_PER_SCHOOL + where + " ORDER BY u.municipality_name, u.org_name"),
                           {**params, "pair": PAIR}).all()
    work = pair_work_counts_by(session, Grouping.ORGANISATION, today=today, within=within)
    return [LightInput(r.org_id, r.org_name, r.municipality_id, r.municipality_name, int(r.overdue), int(r.pairs),
                       work.get(r.org_id, {}).get(WITHOUT_MEETINGS, 0)) for r in rows]
