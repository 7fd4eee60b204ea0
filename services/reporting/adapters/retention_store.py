"""Retention of young teachers for today, kept per teacher (ADR 027, ADR 032).

Computing it from the history of every teacher at each read took 1.5 s for 300,000 people and seconds for a whole
region, on the region's dashboard. The snapshot keeps a row per young teacher of each cohort (where he was on the
cohort's day, whether he is staff today) — ids and flags, no names. The refresher (``entrypoints/
retention_refresher.py``) counts every teacher when there is no snapshot of today (after midnight, a rebuild); from
then on the projector recounts, in its own transaction, each teacher whose history it moves, so the snapshot stays of
the current *generation* of the teachers' history. A read takes the snapshot only when it is of today and of the
current generation — never a stale figure — and otherwise computes live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, text
from sqlalchemy.orm import Session

from reporting.adapters.kpi_queries import young_teachers_params, young_teachers_sql
from reporting.domain.count_history import end_of
from reporting.domain.kpis import Share
from reporting.domain.retention import RETENTION_YEARS, Retention, years_before

# A teacher's new version raises the generation; when the snapshot was of today and of the generation before it,
# it stays fresh — the caller recounts that teacher's rows in the same transaction (ADR 032). The row lock this takes
# orders the projectors that touch teachers and the refresher (which takes it before reading the history).
_BUMP = text("""
    INSERT INTO retention_marks (id, generation) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET
        generation = retention_marks.generation + 1,
        snapshot_generation = CASE
            WHEN retention_marks.snapshot_day = :today
             AND retention_marks.snapshot_generation = retention_marks.generation
            THEN retention_marks.generation + 1 ELSE retention_marks.snapshot_generation END
    RETURNING snapshot_day, coalesce(snapshot_generation = generation, false) AS fresh""")


def teachers_history_changed(session: Session) -> date | None:
    """In the projector's transaction, before it keeps a teacher's new version: the day of the snapshot that the caller
    must now recount the teacher in (``recount``), or None when there is no fresh snapshot to keep up."""
    row = session.execute(_BUMP, {"today": datetime.now(UTC).date()}).one()
    return row.snapshot_day if row.fresh else None


def recount(session: Session, day: date, teachers: list[str]) -> None:
    """The projector's, after it kept new versions of ``teachers``: their rows of the snapshot of ``day``, again."""
    session.execute(text("DELETE FROM retention_members WHERE entity_id = ANY (CAST(:ids AS uuid[]))"),
                    {"ids": teachers})
    session.execute(_KEEP_SOME, {**young_teachers_params(day, end_of(day)), "on_day": day, "ids": teachers})


_COLUMNS = "(on_day, years, entity_id, org_id, municipality_id, region_id, retained)"
_KEEP_SOME = text(f"INSERT INTO retention_members {_COLUMNS} SELECT :on_day, m.* "
                  f"FROM ({young_teachers_sql(some=True)}) AS m")
_KEEP_ALL = text(f"INSERT INTO retention_members {_COLUMNS} SELECT :on_day, m.* "
                 f"FROM ({young_teachers_sql(some=False)}) AS m")


@dataclass(frozen=True)
class Marks:
    generation: int
    snapshot_day: date | None
    snapshot_generation: int | None
    computed_at: datetime | None

    def fresh_for(self, day: date) -> bool:
        return self.snapshot_day == day and self.snapshot_generation == self.generation


def marks(session: Session, *, lock: bool = False) -> Marks:
    """The marks; ``lock``: and hold their row until the transaction ends (the refresher's)."""
    row = session.execute(text("SELECT generation, snapshot_day, snapshot_generation, computed_at "
                               "FROM retention_marks WHERE id = 1" + (" FOR UPDATE" if lock else ""))).first()
    if row is None:  # a rebuild truncated the marks: nothing computed since
        return Marks(0, None, None, None)
    return Marks(int(row.generation), row.snapshot_day, row.snapshot_generation, row.computed_at)


def replace_snapshot(session: Session, day: date) -> tuple[int, int]:
    """The refresher's: every young teacher's row of ``day`` instead of whatever was kept, counted from the history
    as it is once the marks are locked — a projector that keeps a teacher's version holds them until it commits, so
    none is half-seen — and the snapshot marked fresh. The generation and the rows kept."""
    session.execute(text("INSERT INTO retention_marks (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"))
    generation = marks(session, lock=True).generation
    session.execute(text("DELETE FROM retention_members"))
    kept = cast(CursorResult[Any], session.execute(_KEEP_ALL, {**young_teachers_params(day, end_of(day)),
                                                               "on_day": day})).rowcount
    session.execute(text("""
        UPDATE retention_marks SET snapshot_day = :day, snapshot_generation = generation, computed_at = now()
        WHERE id = 1"""), {"day": day})
    return generation, kept


def snapshot_retention(session: Session, day: date, *, by_municipality: bool) -> dict[int, Retention]:
    """The kept retention of ``day`` in the caller's reach (row-level security), per unit and in total, after each of
    ``RETENTION_YEARS``."""
    unit = "municipality_id" if by_municipality else "org_id"
    rows = session.execute(text(f"""
        SELECT years, {unit}::text AS unit, count(*) FILTER (WHERE retained) AS retained, count(*) AS cohort
        FROM retention_members WHERE on_day = :day GROUP BY 1, 2"""), {"day": day}).all()
    found: dict[int, Retention] = {}
    for years in RETENTION_YEARS:
        per_unit = {r.unit: Share(int(r.retained), int(r.cohort)) for r in rows if r.years == years}
        found[years] = Retention(years, years_before(day, years), per_unit, Share(
            sum(s.numerator for s in per_unit.values()), sum(s.denominator for s in per_unit.values())))
    return found
