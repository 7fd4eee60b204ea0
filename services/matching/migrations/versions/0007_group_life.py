"""How a group ends (issue 11): a member leaves with the reason (consent withdrawn, out of the base), the group is
closed early with the reason or completed with its outcome, and ``group_history`` records each of these with who,
when and why. The consumer (system role) now reads and changes groups of the event's school, as it does pairs.
Existing groups get their «formed» entry from their own columns.

Revision ID: 0007
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("matching"), rls.system_role("matching")


def upgrade() -> None:
    op.execute("""ALTER TABLE pair_groups
        ADD COLUMN close_reason text NOT NULL DEFAULT '' CHECK (char_length(close_reason) <= 600),
        ADD COLUMN outcome text NOT NULL DEFAULT '' CHECK (char_length(outcome) <= 500),
        ADD COLUMN closed_at timestamptz""")
    op.execute("""ALTER TABLE group_members
        ADD COLUMN left_reason text NOT NULL DEFAULT '' CHECK (char_length(left_reason) <= 500),
        ADD COLUMN left_at timestamptz""")
    op.execute("""
        CREATE TABLE group_history (
            id bigserial PRIMARY KEY,
            org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL,
            group_id uuid NOT NULL REFERENCES pair_groups(id),
            action text NOT NULL CHECK (action IN ('formed', 'member_left', 'mentor_left', 'closed', 'completed')),
            actor text NOT NULL,
            at timestamptz NOT NULL,
            detail text NOT NULL DEFAULT ''
        )""")
    op.execute("CREATE INDEX group_history_of_group ON group_history (group_id, at, id)")
    for statement in rls.enable("group_history"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON group_history TO {APP}")
    op.execute(f"GRANT USAGE ON SEQUENCE group_history_id_seq TO {APP}")
    op.execute(rls.policy("group_history", "group_history_school", role=APP, using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    # The consumer ends groups on registry events (consent withdrawn, out of the base) in the event's school.
    for table in ("pair_groups", "group_members"):
        op.execute(f"GRANT SELECT, UPDATE ON {table} TO {SYSTEM}")
        op.execute(rls.policy(table, f"{table}_event_school", role=SYSTEM, using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    op.execute(f"GRANT INSERT ON group_history TO {SYSTEM}")
    op.execute(f"GRANT USAGE ON SEQUENCE group_history_id_seq TO {SYSTEM}")
    op.execute(rls.policy("group_history", "group_history_event_school", role=SYSTEM, command="INSERT",
                          check=rls.ORG_ONLY))
    op.execute("""INSERT INTO group_history (org_id, municipality_id, region_id, group_id, action, actor, at, detail)
        SELECT org_id, municipality_id, region_id, id, 'formed', created_by, created_at, '' FROM pair_groups""")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS group_history")
    for table in ("pair_groups", "group_members"):
        op.execute(f"DROP POLICY IF EXISTS {table}_event_school ON {table}")
        op.execute(f"REVOKE SELECT, UPDATE ON {table} FROM {SYSTEM}")
    op.execute("ALTER TABLE group_members DROP COLUMN left_reason, DROP COLUMN left_at")
    op.execute("ALTER TABLE pair_groups DROP COLUMN close_reason, DROP COLUMN outcome, DROP COLUMN closed_at")
