"""What the regional KPIs read (ADR 021): the organisations' roadmap approval and active pairs, per unit;
row-level security narrows every table to the caller's reach."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.domain.count_history import HISTORY_TIME_ZONE
from reporting.domain.indicators import Grouping
from reporting.domain.kpis import STAFF_SINCE, YOUNG_SERVICE_YEARS, OrganisationState, Share
from reporting.domain.retention import RETENTION_YEARS, STAFF, PersonVersion, Retention, years_before

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


# ``domain/retention.py``'s rule spelt in SQL (tests/integration/test_retention_sql.py holds them equal): a version is
# in force from its day, never earlier than a lower version's (the running maximum over versions); the state on a day
# is the newest version in force by its end. One row per young teacher of each cohort: where he was on the cohort's day
# and whether he is staff on the day asked. Both cohorts in one reading of the teachers' histories, found by the partial
# index of migration 0021 (its predicate is spelt here as there, so the planner can use it); ``{only}`` narrows it to
# some teachers (the projector's recount, ADR 032). PostgreSQL walks 100,000 teachers' histories in a fraction of a
# second; Python took seconds (ADR 031).
_MEMBERS = f"""
    WITH staff AS (
        SELECT DISTINCT entity_id FROM count_state_history
        WHERE entity_kind = 'person' AND '{STAFF}' = ANY (facets) {{only}}
    ), versions AS (
        SELECT h.entity_id, h.version, h.org_id, h.municipality_id, h.region_id, h.facets,
               max((h.occurred_at AT TIME ZONE :zone)::date)
                   OVER (PARTITION BY h.entity_id ORDER BY h.version) AS effective
        FROM count_state_history h JOIN staff s ON s.entity_id = h.entity_id
        WHERE h.entity_kind = 'person' AND h.occurred_at < :until {{only_h}}
    ), cohorts AS (
        SELECT DISTINCT ON (y.years, v.entity_id) y.years, y.start_year, v.entity_id, v.org_id, v.municipality_id,
               v.region_id, v.facets
        FROM versions v
        JOIN jsonb_to_recordset(CAST(:cohorts AS jsonb)) AS y(years int, start date, start_year int)
          ON v.effective <= y.start
        ORDER BY y.years, v.entity_id, v.version DESC
    ), later AS (
        SELECT DISTINCT ON (entity_id) entity_id, facets
        FROM versions WHERE effective <= :day ORDER BY entity_id, version DESC
    )
    SELECT c.years, c.entity_id, c.org_id, c.municipality_id, c.region_id,
           coalesce('{STAFF}' = ANY (l.facets), false) AS retained
    FROM cohorts c LEFT JOIN later l ON l.entity_id = c.entity_id
    WHERE '{STAFF}' = ANY (c.facets)
      AND EXISTS (SELECT 1 FROM unnest(c.facets) AS f
                  WHERE starts_with(f, :since) AND substr(f, length(:since) + 1) ~ '^[0-9]{{{{1,9}}}}$'
                    AND c.start_year - substr(f, length(:since) + 1)::int BETWEEN 0 AND :young)"""


def young_teachers_sql(*, some: bool) -> str:
    """The SELECT of each cohort's young teachers (years, entity_id, org_id, municipality_id, region_id, retained); with
    ``some``, only the teachers of the parameter ``ids`` (uuid[])."""
    return _MEMBERS.format(only="AND entity_id = ANY (CAST(:ids AS uuid[]))" if some else "",
                           only_h="AND h.entity_id = ANY (CAST(:ids AS uuid[]))" if some else "")


def young_teachers_params(day: date, until: datetime) -> dict[str, object]:
    """The parameters of ``young_teachers_sql`` for retention on ``day`` of the history applied before ``until``."""
    starts = {years: years_before(day, years) for years in RETENTION_YEARS}
    return {"since": STAFF_SINCE, "zone": HISTORY_TIME_ZONE.key, "until": until, "day": day,
            "young": YOUNG_SERVICE_YEARS, "cohorts": json.dumps(
                [{"years": y, "start": s.isoformat(), "start_year": s.year} for y, s in starts.items()])}


_RETENTION = text(f"""
    SELECT years, org_id::text AS org_id, municipality_id::text AS municipality_id,
           count(*) FILTER (WHERE retained) AS retained, count(*) AS cohort
    FROM ({young_teachers_sql(some=False)}) AS m
    GROUP BY 1, 2, 3""")


@dataclass(frozen=True)
class CohortCount:
    """Of one school's young teachers on the cohort's day (the school and municipality they were in then), how many
    are retained."""

    org_id: str
    municipality_id: str
    share: Share


def retention_by_school(session: Session, day: date, until: datetime) -> dict[int, list[CohortCount]]:
    """``domain.retention.retention`` after each of ``RETENTION_YEARS`` per school, of the history applied before
    ``until`` (the end of ``day``), counted by PostgreSQL."""
    found: dict[int, list[CohortCount]] = {years: [] for years in RETENTION_YEARS}
    for r in session.execute(_RETENTION, young_teachers_params(day, until)):
        found[int(r.years)].append(CohortCount(r.org_id, r.municipality_id, Share(int(r.retained), int(r.cohort))))
    return found


def retention_counts(session: Session, day: date, until: datetime, *, by_municipality: bool) -> dict[int, Retention]:
    """Per unit where the teacher was on the cohort's day (a school or its municipality), and in total."""
    found: dict[int, Retention] = {}
    for years, counts in retention_by_school(session, day, until).items():
        per_unit: dict[str, Share] = {}
        for c in counts:
            unit = c.municipality_id if by_municipality else c.org_id
            had = per_unit.get(unit, Share())
            per_unit[unit] = Share(had.numerator + c.share.numerator, had.denominator + c.share.denominator)
        found[years] = Retention(years, years_before(day, years), per_unit, Share(
            sum(s.numerator for s in per_unit.values()), sum(s.denominator for s in per_unit.values())))
    return found
