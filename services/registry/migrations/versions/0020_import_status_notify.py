"""An import's status change is announced on the channel ``import_jobs`` (ADR 031): a status request that waits for
a change (``GetImport`` with ``wait_seconds``) sleeps until the trigger names its job, instead of reading the job
once a second. The payload is the job's id only; the waiter reads the job again under its own row-level security.
NOTIFY is delivered when the writing transaction commits, never for one that rolls back.

Revision ID: 0020
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

CHANNEL = "import_jobs"


def upgrade() -> None:
    op.execute(f"""CREATE FUNCTION notify_import_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', NEW.id::text);
    RETURN NULL;
END $$""")
    op.execute("CREATE TRIGGER import_jobs_status_notify AFTER UPDATE OF status ON import_jobs FOR EACH ROW"
               " WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notify_import_status()")


def downgrade() -> None:
    op.execute("DROP TRIGGER import_jobs_status_notify ON import_jobs")
    op.execute("DROP FUNCTION notify_import_status()")
