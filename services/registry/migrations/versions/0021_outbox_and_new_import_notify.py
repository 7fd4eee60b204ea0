"""The registry's loops sleep until they are rung (ADR 032): a commit that writes the outbox rings the relay, and a
new import rings the import workers on the channel of 0020 (which until now rang only on a change of status) — with
an empty payload, as no status request waits for a job that did not exist. Both loops used to ask the database five
to ten times a second while nothing happened.

Revision ID: 0021
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

CHANNEL = "import_jobs"


def upgrade() -> None:
    for statement in rls.OUTBOX_NOTIFY_V1:
        op.execute(statement)
    op.execute(f"""CREATE FUNCTION notify_new_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '');
    RETURN NULL;
END $$""")
    op.execute("CREATE TRIGGER import_jobs_new_notify AFTER INSERT ON import_jobs FOR EACH STATEMENT"
               " EXECUTE FUNCTION notify_new_import()")


def downgrade() -> None:
    op.execute("DROP TRIGGER import_jobs_new_notify ON import_jobs")
    op.execute("DROP FUNCTION notify_new_import()")
    for statement in rls.OUTBOX_NOTIFY_V1_DOWN:
        op.execute(statement)
