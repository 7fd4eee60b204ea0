"""The registry learns the school's reminder addresses from monitoring's ``reminder_recipients_changed``
(ADR 017 addendum, ADR 018): the consumer, under the system role bound to the event's school, replaces that
school's rows of ``reminder_recipients`` — and only that school's. And the relay may delete the outbox rows it
published once older than the retention, and the import worker find the jobs whose preview rows are due to go
(ADR 018).

Revision ID: 0013
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SYSTEM = rls.system_role("registry")


def upgrade() -> None:
    op.execute(f"GRANT INSERT, DELETE ON reminder_recipients TO {SYSTEM}")
    # The relay deletes the outbox rows it published once older than the retention (ADR 018).
    op.execute(f"GRANT DELETE ON outbox TO {SYSTEM}")
    # The import worker finds finished or stale jobs that still hold preview rows (ADR 018): the job ids only.
    op.execute(f"GRANT SELECT (job_id) ON import_rows TO {SYSTEM}")
    op.execute(rls.policy("import_rows", "import_rows_tidy", role=SYSTEM, command="SELECT", using="true"))
    # No SELECT of the addresses: the projector deletes by the school's id (readable since 0012) and inserts.
    op.execute(rls.policy("reminder_recipients", "reminder_recipients_event_school", role=SYSTEM,
                          using=rls.ORG_ONLY, check=rls.ORG_ONLY))


def downgrade() -> None:
    op.execute("DROP POLICY IF EXISTS reminder_recipients_event_school ON reminder_recipients")
    op.execute(f"REVOKE INSERT, DELETE ON reminder_recipients FROM {SYSTEM}")
    op.execute(f"REVOKE DELETE ON outbox FROM {SYSTEM}")
    op.execute("DROP POLICY IF EXISTS import_rows_tidy ON import_rows")
    op.execute(f"REVOKE SELECT (job_id) ON import_rows FROM {SYSTEM}")
