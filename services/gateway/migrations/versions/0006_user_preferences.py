"""A person's own settings of the pages, kept across sessions: the «версия для слабовидящих» (ГОСТ Р 52872-2019).

Keyed by the principal's user id (a local account's id or the identity provider's subject), so a Keycloak login
without a local account keeps it too. Not tenant data: nothing about a school, only how pages are drawn for one
person; the application role reads and writes it.

Revision ID: 0006
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APP = rls.app_role("gateway")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE user_preferences (
            user_id text PRIMARY KEY,
            low_vision boolean NOT NULL DEFAULT false,
            updated_at timestamptz NOT NULL DEFAULT now()
        )""")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON user_preferences TO {APP}")


def downgrade() -> None:
    op.execute("DROP TABLE user_preferences")
