"""The registry's reminders by e-mail (ADR 017 addendum): the school's reminder addresses as the registry keeps
them, and the conditions already mailed (a claim is never undone — that is what makes a reminder once).

Revision ID: 0012
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("registry"), rls.system_role("registry")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE reminder_recipients (
            {TENANT},
            email text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND char_length(email) <= 254),
            PRIMARY KEY (org_id, email)
        )""")
    op.execute(f"""
        CREATE TABLE sent_document_reminders (
            {TENANT},
            kind text NOT NULL,
            document_id uuid NOT NULL REFERENCES documents(id),
            condition text NOT NULL,
            sent_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (document_id, kind, condition)
        )""")
    for table in ("reminder_recipients", "sent_document_reminders"):
        for statement in rls.enable(table):
            op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, DELETE ON reminder_recipients TO {APP}")
    op.execute(rls.policy("reminder_recipients", "reminder_recipients_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))
    op.execute(f"GRANT SELECT, INSERT ON sent_document_reminders TO {APP}")
    op.execute(rls.policy("sent_document_reminders", "sent_document_reminders_school", role=APP,
                          using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    # The job learns which schools asked for reminders — the school's ids only, never the addresses.
    op.execute(f"GRANT SELECT (org_id, municipality_id, region_id) ON reminder_recipients TO {SYSTEM}")
    op.execute(rls.policy("reminder_recipients", "reminder_recipients_schools", role=SYSTEM, command="SELECT",
                          using="true"))


def downgrade() -> None:
    for table in ("sent_document_reminders", "reminder_recipients"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
