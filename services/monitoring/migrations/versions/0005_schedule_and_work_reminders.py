"""The pair's reporting schedule and the day it ended early (learnt from matching's events), and the other
reminders of issue 12 item 6 — reports due and plans awaiting agreement — claimed once per condition.

Revision ID: 0005
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"


def upgrade() -> None:
    # Pairs announced before the field existed keep matching's default schedule (monthly).
    op.execute("ALTER TABLE monitored_pairs ADD COLUMN reporting text NOT NULL DEFAULT 'monthly' "
               "CHECK (reporting IN ('monthly', 'quarterly', 'final'))")
    op.execute("ALTER TABLE monitored_pairs ADD COLUMN ended_on date")
    op.execute(f"""
        CREATE TABLE sent_work_reminders (
            {TENANT},
            kind text NOT NULL CHECK (kind IN ('report_due', 'plan_unagreed')),
            pair_id uuid NOT NULL REFERENCES monitored_pairs(id),
            condition text NOT NULL CHECK (char_length(condition) <= 40),
            sent_at timestamptz NOT NULL,
            PRIMARY KEY (pair_id, kind, condition)
        )""")
    for statement in rls.enable("sent_work_reminders"):
        op.execute(statement)
    # As sent_reminders: the school reads and claims its own conditions; a claim is never undone.
    op.execute(f"GRANT SELECT, INSERT ON sent_work_reminders TO {APP}")
    op.execute(rls.policy("sent_work_reminders", "sent_work_reminders_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS sent_work_reminders")
    op.execute("ALTER TABLE monitored_pairs DROP COLUMN IF EXISTS ended_on")
    op.execute("ALTER TABLE monitored_pairs DROP COLUMN IF EXISTS reporting")
