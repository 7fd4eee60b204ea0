"""The mentor's written consent to be appointed (004 §4.1) on a pair: its date and the document's requisites; the
director's order shows them. Row-level security of ``pairs`` stays as 0001 set it (new columns, same rows).

Revision ID: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE pairs ADD COLUMN mentor_consent_on date, "
               "ADD COLUMN mentor_consent_document text NOT NULL DEFAULT '' "
               "CHECK (char_length(mentor_consent_document) <= 300)")


def downgrade() -> None:
    op.execute("ALTER TABLE pairs DROP COLUMN mentor_consent_document, DROP COLUMN mentor_consent_on")
