"""Preferences mode and the mentee's choice: both sides' rankings on a run (for the stable assignment) and, on a
proposal, who recorded the mentee's choice of that candidate and when. Row-level security of both tables stays as
0001 set it (new columns, same rows). The mode check admits ``preferences``.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE matching_runs DROP CONSTRAINT matching_runs_mode_check, ADD CONSTRAINT "
               "matching_runs_mode_check CHECK (mode IN ('suggest', 'optimal', 'manual', 'preferences'))")
    op.execute("ALTER TABLE matching_runs ADD COLUMN rankings jsonb NOT NULL DEFAULT '{}'::jsonb")
    op.execute("ALTER TABLE run_proposals ADD COLUMN chosen_by text NOT NULL DEFAULT '', "
               "ADD COLUMN chosen_at timestamptz")


def downgrade() -> None:
    op.execute("ALTER TABLE run_proposals DROP COLUMN chosen_at, DROP COLUMN chosen_by")
    op.execute("ALTER TABLE matching_runs DROP COLUMN rankings")
    op.execute("DELETE FROM run_proposals WHERE run_id IN (SELECT id FROM matching_runs WHERE mode = 'preferences')")
    op.execute("DELETE FROM matching_runs WHERE mode = 'preferences'")
    op.execute("ALTER TABLE matching_runs DROP CONSTRAINT matching_runs_mode_check, ADD CONSTRAINT "
               "matching_runs_mode_check CHECK (mode IN ('suggest', 'optimal', 'manual'))")
