"""Retention of young teachers kept per school for today (ADR 027): the snapshot and its marks.

The snapshot is a read model like the others (tiered reads, the projector writes, a rebuild truncates it). The marks
are one row of generations and a day — no tenant data: every application role may read it, only the projector writes.

Revision ID: 0017
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("reporting"), rls.system_role("reporting")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE retention_snapshots (
            on_day date NOT NULL,
            years integer NOT NULL,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            retained integer NOT NULL,
            cohort integer NOT NULL,
            PRIMARY KEY (on_day, years, org_id))""")
    for statement in rls.projection_policies("reporting", "retention_snapshots",
                                             projector_may="SELECT, INSERT, UPDATE, DELETE, TRUNCATE"):
        op.execute(statement)
    op.execute("""
        CREATE TABLE retention_marks (
            id integer PRIMARY KEY CHECK (id = 1),
            generation bigint NOT NULL,
            snapshot_day date,
            snapshot_generation bigint,
            computed_at timestamptz)""")
    op.execute("INSERT INTO retention_marks (id, generation) VALUES (1, 0)")
    op.execute("ALTER TABLE retention_marks ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE retention_marks FORCE ROW LEVEL SECURITY")
    op.execute(f"GRANT SELECT ON retention_marks TO {APP}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, TRUNCATE ON retention_marks TO {SYSTEM}")
    op.execute(rls.policy("retention_marks", "retention_marks_read", role=APP, command="SELECT", using="true"))
    op.execute(rls.policy("retention_marks", "retention_marks_project", role=SYSTEM, using="true", check="true"))


def downgrade() -> None:
    op.execute("DROP TABLE retention_marks")
    op.execute("DROP TABLE retention_snapshots")
