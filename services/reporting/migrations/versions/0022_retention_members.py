"""Retention of young teachers kept per teacher, not per school (ADR 032): the projector recounts the teachers whose
history it moves, in its own transaction, so a teacher's change no longer sends the region's page back to counting
every history (2.7 s) until the refresher's next turn.

The rows are a read model like the others (tiered reads, the projector writes, a rebuild truncates them); the marks are
told no snapshot exists, so the refresher counts every teacher into the new table at its next turn.

Revision ID: 0022
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE retention_members (
            entity_id uuid NOT NULL,
            years integer NOT NULL,
            on_day date NOT NULL,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            retained boolean NOT NULL,
            PRIMARY KEY (entity_id, years))""")
    for statement in rls.projection_policies("reporting", "retention_members",
                                             projector_may="SELECT, INSERT, UPDATE, DELETE, TRUNCATE"):
        op.execute(statement)
    op.execute("CREATE TRIGGER retention_members_read_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
               " ON retention_members FOR EACH STATEMENT EXECUTE FUNCTION bump_read_version()")
    op.execute("DROP TABLE retention_snapshots")
    op.execute("UPDATE retention_marks SET snapshot_day = NULL, snapshot_generation = NULL, computed_at = NULL")


def downgrade() -> None:
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
    op.execute("CREATE TRIGGER retention_snapshots_read_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
               " ON retention_snapshots FOR EACH STATEMENT EXECUTE FUNCTION bump_read_version()")
    op.execute("DROP TABLE retention_members")
    op.execute("UPDATE retention_marks SET snapshot_day = NULL, snapshot_generation = NULL, computed_at = NULL")
