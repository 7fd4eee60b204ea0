"""The schools' deadline lights counted by colour per municipality in reach (row-level security decides it): each
school judged by PostgreSQL with the one rule (``mentorship_kit.work_lights``) on its roadmap's overdue items, its
active pairs and those without meetings — 60 rows for a region's 2,000 schools, not a row per school (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from mentorship_kit.work_lights import work_colour_sql
from reporting.adapters.document_queries import ITEMS, where_within
from reporting.adapters.work_queries import WITHOUT_MEETING, stale_on
from reporting.domain.indicators import Within
from reporting.domain.pair_figures import PAIR


@dataclass(frozen=True)
class LightCount:
    unit_id: str
    unit_name: str
    green: int
    yellow: int
    red: int


_PER_SCHOOL = "WITH" + ITEMS + """,
    work AS (
        SELECT w.org_id, count(*) FILTER (WHERE """ + WITHOUT_MEETING + """) AS without_meetings
        FROM pair_work_states w WHERE w.active GROUP BY w.org_id),
    schools AS (
        SELECT u.municipality_id, u.municipality_name, coalesce(i.overdue, 0) AS overdue,
               coalesce(p.count, 0) AS pairs, coalesce(work.without_meetings, 0) AS without_meetings
        FROM organisation_units u
        LEFT JOIN document_states r ON r.org_id = u.org_id AND r.kind = 'roadmap'
        LEFT JOIN items i ON i.document_id = r.document_id
        LEFT JOIN participant_counts p ON p.org_id = u.org_id AND p.facet = :pair
        LEFT JOIN work ON work.org_id = u.org_id
        {where}),
    judged AS (SELECT municipality_id, municipality_name, """ + work_colour_sql(
    "overdue", "pairs", "without_meetings") + """ AS colour FROM schools)
    SELECT municipality_id::text AS unit_id, municipality_name AS unit_name,
           count(*) FILTER (WHERE colour = 'green') AS green, count(*) FILTER (WHERE colour = 'yellow') AS yellow,
           count(*) FILTER (WHERE colour = 'red') AS red
    FROM judged GROUP BY municipality_id, municipality_name ORDER BY municipality_name, municipality_id"""


def school_light_counts(session: Session, *, today: date, within: Within | None = None) -> list[LightCount]:
    where, params = where_within(within)
    rows = session.execute(text(_PER_SCHOOL.format(where=where)),
                           {**params, "pair": PAIR, "stale_on": stale_on(today)}).all()
    return [LightCount(r.unit_id, r.unit_name, int(r.green), int(r.yellow), int(r.red)) for r in rows]
