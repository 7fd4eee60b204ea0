"""Counts and the ledger of count changes summed per municipality (ADR 027), filled from the schools' rows once and
moved by the projector with them afterwards. Only the outer contour reads them (a school reads its own rows).

Revision ID: 0018
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("reporting"), rls.system_role("reporting")
OUTER_VISIBILITY = """CASE app_scope()
    WHEN 'municipality' THEN municipality_id = app_municipality_id()
    WHEN 'region' THEN region_id = app_region_id()
    WHEN 'platform' THEN true
    ELSE false END"""


def _policies(table: str) -> list[str]:
    return [*rls.enable(table), f"GRANT SELECT ON {table} TO {APP}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {table} TO {SYSTEM}",
            rls.policy(table, f"{table}_read", role=APP, command="SELECT", using=OUTER_VISIBILITY),
            rls.policy(table, f"{table}_project", role=SYSTEM, using="true", check="true")]


def upgrade() -> None:
    op.execute("""
        CREATE TABLE municipality_counts (
            municipality_id uuid NOT NULL, facet text NOT NULL, region_id uuid NOT NULL, count bigint NOT NULL,
            PRIMARY KEY (municipality_id, facet))""")
    op.execute("CREATE INDEX municipality_counts_region ON municipality_counts (region_id)")
    op.execute("""
        INSERT INTO municipality_counts (municipality_id, facet, region_id, count)
        SELECT municipality_id, facet, min(CAST(region_id AS text))::uuid, sum(count)
        FROM participant_counts GROUP BY municipality_id, facet""")
    op.execute("""
        CREATE TABLE municipality_count_changes (
            municipality_id uuid NOT NULL, facet text NOT NULL, effective_on date NOT NULL, region_id uuid NOT NULL,
            delta bigint NOT NULL, PRIMARY KEY (municipality_id, facet, effective_on))""")
    op.execute("CREATE INDEX municipality_count_changes_region_day ON municipality_count_changes (region_id, "
               "effective_on)")
    op.execute("""
        INSERT INTO municipality_count_changes (municipality_id, facet, effective_on, region_id, delta)
        SELECT municipality_id, facet, effective_on, min(CAST(region_id AS text))::uuid, sum(delta)
        FROM count_changes GROUP BY municipality_id, facet, effective_on""")
    for table in ("municipality_counts", "municipality_count_changes"):
        for statement in _policies(table):
            op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE municipality_count_changes")
    op.execute("DROP TABLE municipality_counts")
