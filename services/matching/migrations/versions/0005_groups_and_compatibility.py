"""Group and team runs; наставнические группы with their members; the psychologist's compatibility marks.
Row-level security forced on every new table, the school's own contour only (like 0001).

Revision ID: 0005
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APP = rls.app_role("matching")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"
TABLES = ("pair_groups", "group_members", "compatibility_marks")


def upgrade() -> None:
    op.execute("ALTER TABLE matching_runs DROP CONSTRAINT IF EXISTS matching_runs_mode_check")
    op.execute("ALTER TABLE matching_runs ADD CONSTRAINT matching_runs_mode_check "
               "CHECK (mode IN ('suggest', 'optimal', 'manual', 'preferences', 'group', 'team'))")
    op.execute(f"""
        CREATE TABLE pair_groups (
            id uuid PRIMARY KEY,
            {TENANT},
            run_id uuid NOT NULL REFERENCES matching_runs(id),
            form text NOT NULL,
            kind text NOT NULL,
            term_start date NOT NULL,
            term_end date NOT NULL CHECK (term_end > term_start),
            reporting text NOT NULL CHECK (reporting IN ('monthly', 'quarterly', 'final')),
            status text NOT NULL CHECK (status IN ('active', 'completed', 'closed')),
            mentor_ids uuid[] NOT NULL CHECK (cardinality(mentor_ids) >= 1),
            mentor_names text[] NOT NULL,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL,
            version bigint NOT NULL DEFAULT 1
        )""")
    op.execute("CREATE INDEX groups_by_run ON pair_groups (org_id, run_id)")
    op.execute(f"""
        CREATE TABLE group_members (
            group_id uuid NOT NULL REFERENCES pair_groups(id) ON DELETE CASCADE,
            request_id uuid NOT NULL,
            {TENANT},
            mentee_id uuid NOT NULL,
            mentee_name text NOT NULL,
            mentor_id uuid NOT NULL,
            active boolean NOT NULL DEFAULT true,
            PRIMARY KEY (group_id, request_id)
        )""")
    # A request is in one active group at most (pairs keep the same promise in one_active_pair_per_request).
    op.execute("CREATE UNIQUE INDEX one_active_group_per_request ON group_members (request_id) WHERE active")
    op.execute("CREATE INDEX group_members_by_mentor ON group_members (org_id, mentor_id) WHERE active")
    op.execute(f"""
        CREATE TABLE compatibility_marks (
            {TENANT},
            mentor_id uuid NOT NULL,
            mentee_id uuid NOT NULL,
            mark text NOT NULL CHECK (mark IN ('high', 'medium', 'low')),
            assessed_on date NOT NULL,
            note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL,
            PRIMARY KEY (org_id, mentor_id, mentee_id)
        )""")
    for table in TABLES:
        for statement in rls.enable(table):
            op.execute(statement)
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP}")
        op.execute(rls.policy(table, f"{table}_school", role=APP, using=rls.ORG_ONLY, check=rls.ORG_ONLY))


def downgrade() -> None:
    for table in ("compatibility_marks", "group_members", "pair_groups"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute("DELETE FROM run_proposals WHERE run_id IN "
               "(SELECT id FROM matching_runs WHERE mode IN ('group', 'team'))")
    op.execute("DELETE FROM matching_runs WHERE mode IN ('group', 'team')")
    op.execute("ALTER TABLE matching_runs DROP CONSTRAINT IF EXISTS matching_runs_mode_check")
    op.execute("ALTER TABLE matching_runs ADD CONSTRAINT matching_runs_mode_check "
               "CHECK (mode IN ('suggest', 'optimal', 'manual', 'preferences'))")
