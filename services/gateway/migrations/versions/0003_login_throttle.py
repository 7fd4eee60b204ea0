"""Login throttling counts failures per key in one row, taken under a row lock: parallel attempts cannot all pass.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APP = rls.app_role("gateway")


def upgrade() -> None:
    op.execute("DROP TABLE login_failures")  # counted failures of the last 15 minutes at most: nothing to keep
    op.execute("""
        CREATE TABLE login_throttle (
            key text PRIMARY KEY,
            failures integer NOT NULL,
            last_at timestamptz NOT NULL
        )""")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO {APP}")


def downgrade() -> None:
    op.execute("DROP TABLE login_throttle")
    op.execute("""
        CREATE TABLE login_failures (
            key text NOT NULL,
            failed_at timestamptz NOT NULL DEFAULT now()
        )""")
    op.execute("CREATE INDEX login_failures_by_key ON login_failures (key, failed_at)")
    op.execute(f"GRANT SELECT, INSERT, DELETE ON login_failures TO {APP}")
