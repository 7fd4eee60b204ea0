"""Retention of young teachers for today, kept per school (ADR 027).

Computing it from the history of every teacher at each read took 1.5 s for 300,000 people and about 5 s for a whole
region, on the region's dashboard. The projector raises a *generation* whenever a version of a person who is or was
staff enters the history; the refresher (``entrypoints/retention_refresher.py``) computes today's retention per school
from the history as of one generation and keeps it with that generation. A read takes the snapshot only when it is of
today and of the current generation — so it never shows a stale figure — and otherwise computes live, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from reporting.domain.kpis import Share
from reporting.domain.retention import Retention, years_before

_BUMP = text("""
    INSERT INTO retention_marks (id, generation) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET generation = retention_marks.generation + 1""")


def teachers_history_changed(session: Session) -> None:
    """In the projector's transaction: a teacher's history changed, so no snapshot taken before it may be read."""
    session.execute(_BUMP)


@dataclass(frozen=True)
class Marks:
    generation: int
    snapshot_day: date | None
    snapshot_generation: int | None
    computed_at: datetime | None

    def fresh_for(self, day: date) -> bool:
        return self.snapshot_day == day and self.snapshot_generation == self.generation


def marks(session: Session) -> Marks:
    row = session.execute(text("SELECT generation, snapshot_day, snapshot_generation, computed_at "
                               "FROM retention_marks WHERE id = 1")).first()
    if row is None:  # a rebuild truncated the marks: nothing computed since
        return Marks(0, None, None, None)
    return Marks(int(row.generation), row.snapshot_day, row.snapshot_generation, row.computed_at)


@dataclass(frozen=True)
class SchoolRetention:
    years: int
    org_id: str
    municipality_id: str
    region_id: str
    retained: int
    cohort: int


def replace_snapshot(session: Session, day: date, generation: int, rows: list[SchoolRetention]) -> None:
    """The projector's: today's retention per school, of ``generation``, instead of whatever was kept."""
    session.execute(text("DELETE FROM retention_snapshots"))
    if rows:
        session.execute(text("""
            INSERT INTO retention_snapshots (on_day, years, org_id, municipality_id, region_id, retained, cohort)
            SELECT :day, y, o, m, r, k, c
            FROM unnest(CAST(:years AS int[]), CAST(:orgs AS uuid[]), CAST(:muns AS uuid[]), CAST(:regions AS uuid[]),
                        CAST(:kept AS int[]), CAST(:cohorts AS int[])) AS x(y, o, m, r, k, c)"""), {
            "day": day, "years": [r.years for r in rows], "orgs": [r.org_id for r in rows],
            "muns": [r.municipality_id for r in rows], "regions": [r.region_id for r in rows],
            "kept": [r.retained for r in rows], "cohorts": [r.cohort for r in rows]})
    session.execute(text("""
        INSERT INTO retention_marks (id, generation, snapshot_day, snapshot_generation, computed_at)
        VALUES (1, :g, :day, :g, now())
        ON CONFLICT (id) DO UPDATE SET snapshot_day = :day, snapshot_generation = :g, computed_at = now()"""),
        {"g": generation, "day": day})


def snapshot_retention(session: Session, day: date, years: int, *, by_municipality: bool) -> Retention:
    """The kept retention of ``day`` in the caller's reach (row-level security), per unit and in total."""
    unit = "municipality_id" if by_municipality else "org_id"
    rows = session.execute(text(f"""
        SELECT {unit} AS unit, sum(retained) AS retained, sum(cohort) AS cohort FROM retention_snapshots
        WHERE on_day = :day AND years = :years GROUP BY {unit}"""), {"day": day, "years": years}).all()
    per_unit = {str(r.unit): Share(int(r.retained), int(r.cohort)) for r in rows}
    return Retention(years, years_before(day, years), per_unit,
                     Share(sum(s.numerator for s in per_unit.values()), sum(s.denominator for s in per_unit.values())))
