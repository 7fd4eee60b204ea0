"""How a pair ends and what happened to it (issue 11, item 3): the outcome of a completed pair, the latest
petition (the mentee's for a replacement, the mentor's for a release) with the curator's decision, the link between
a pair and the one that replaced its mentor, and ``pair_history`` — every transition with who, when and why.
Existing pairs get their «formed» and «closed»/«completed» entries from their own columns. Keyset paging of the
pair list reads ``pairs_by_name`` (0001).

Revision ID: 0004
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("matching"), rls.system_role("matching")


def upgrade() -> None:
    op.execute("""ALTER TABLE pairs
        ADD COLUMN outcome text NOT NULL DEFAULT '' CHECK (char_length(outcome) <= 500),
        ADD COLUMN result text NOT NULL DEFAULT ''
            CHECK (result IN ('', 'achieved', 'partly_achieved', 'not_achieved')),
        ADD COLUMN petition_kind text NOT NULL DEFAULT ''
            CHECK (petition_kind IN ('', 'replace_mentor', 'release_mentor')),
        ADD COLUMN petition_on date,
        ADD COLUMN petition_reason text NOT NULL DEFAULT '' CHECK (char_length(petition_reason) <= 500),
        ADD COLUMN petition_status text NOT NULL DEFAULT ''
            CHECK (petition_status IN ('', 'filed', 'approved', 'declined')),
        ADD COLUMN petition_comment text NOT NULL DEFAULT '' CHECK (char_length(petition_comment) <= 500),
        ADD COLUMN awaiting_mentor boolean NOT NULL DEFAULT false,
        ADD COLUMN replaces_pair_id uuid,
        ADD COLUMN replaced_by_pair_id uuid""")
    op.execute("""
        CREATE TABLE pair_history (
            id bigserial PRIMARY KEY,
            org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL,
            pair_id uuid NOT NULL REFERENCES pairs(id),
            action text NOT NULL CHECK (action IN ('formed', 'consent_recorded', 'petition_filed',
                'petition_approved', 'petition_declined', 'completed', 'closed', 'replaced',
                'formed_as_replacement')),
            actor text NOT NULL,
            at timestamptz NOT NULL,
            detail text NOT NULL DEFAULT ''
        )""")
    op.execute("CREATE INDEX pair_history_of_pair ON pair_history (pair_id, at, id)")
    op.execute("CREATE INDEX pairs_by_run ON pairs (org_id, run_id)")
    for statement in rls.enable("pair_history"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON pair_history TO {APP}")
    op.execute(f"GRANT USAGE ON SEQUENCE pair_history_id_seq TO {APP}")
    op.execute(rls.policy("pair_history", "pair_history_school", role=APP, using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    # The consumer closes pairs on registry events and writes that into the history, in the event's school.
    op.execute(f"GRANT INSERT ON pair_history TO {SYSTEM}")
    op.execute(f"GRANT USAGE ON SEQUENCE pair_history_id_seq TO {SYSTEM}")
    op.execute(rls.policy("pair_history", "pair_history_event_school", role=SYSTEM, command="INSERT",
                          check=rls.ORG_ONLY))
    op.execute("""INSERT INTO pair_history (org_id, municipality_id, region_id, pair_id, action, actor, at, detail)
        SELECT org_id, municipality_id, region_id, id, 'formed', created_by, created_at, '' FROM pairs""")
    op.execute("""INSERT INTO pair_history (org_id, municipality_id, region_id, pair_id, action, actor, at, detail)
        SELECT org_id, municipality_id, region_id, id, status, '', closed_at, close_reason FROM pairs
        WHERE status <> 'active' AND closed_at IS NOT NULL""")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS pair_history")
    op.execute("DROP INDEX IF EXISTS pairs_by_run")
    op.execute("""ALTER TABLE pairs DROP COLUMN outcome, DROP COLUMN result, DROP COLUMN petition_kind,
        DROP COLUMN petition_on, DROP COLUMN petition_reason, DROP COLUMN petition_status,
        DROP COLUMN petition_comment, DROP COLUMN awaiting_mentor, DROP COLUMN replaces_pair_id,
        DROP COLUMN replaced_by_pair_id""")
