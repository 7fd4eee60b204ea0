"""Reminders of overdue meetings by e-mail (issue 12 item 6): the school's recipients and the conditions already
mailed, so each is sent once.

Revision ID: 0004
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("monitoring"), rls.system_role("monitoring")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"


def upgrade() -> None:
    op.execute("""
        CREATE TABLE reminder_recipients (
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            email text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND char_length(email) <= 254),
            PRIMARY KEY (org_id, email)
        )""")
    op.execute(f"""
        CREATE TABLE sent_reminders (
            {TENANT},
            pair_id uuid NOT NULL REFERENCES monitored_pairs(id),
            overdue_on date NOT NULL,
            sent_at timestamptz NOT NULL,
            PRIMARY KEY (pair_id, overdue_on)
        )""")
    for table in ("reminder_recipients", "sent_reminders"):
        for statement in rls.enable(table):
            op.execute(statement)
    # The school's inner contour keeps its recipients and reads and claims its own conditions; a claim is never
    # undone (that is what makes a reminder once).
    op.execute(f"GRANT SELECT, INSERT, DELETE ON reminder_recipients TO {APP}")
    op.execute(rls.policy("reminder_recipients", "reminder_recipients_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))
    op.execute(f"GRANT SELECT, INSERT ON sent_reminders TO {APP}")
    op.execute(rls.policy("sent_reminders", "sent_reminders_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))
    # The reminder job learns which schools asked for reminders — the school's ids only, never the addresses.
    op.execute(f"GRANT SELECT (org_id, municipality_id, region_id) ON reminder_recipients TO {SYSTEM}")
    op.execute(rls.policy("reminder_recipients", "reminder_recipients_schools", role=SYSTEM, command="SELECT",
                          using="true"))


def downgrade() -> None:
    for table in ("sent_reminders", "reminder_recipients"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
