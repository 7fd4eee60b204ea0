"""Row-level security reads the caller's context once per statement (ADR 033): every policy's calls of the context
functions (``app_scope()``, ``app_org_id()``, …) become scalar subqueries, which PostgreSQL evaluates once (an InitPlan)
instead of once per row. The same rows pass; ``rls.rewrite_policies`` rewrites whatever policies exist, so it also
covers those spelt by hand in earlier migrations.

Revision ID: 0023
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rls.rewrite_policies(op.get_bind(), rls.once_per_statement)


def downgrade() -> None:
    rls.rewrite_policies(op.get_bind(), rls.per_row)
