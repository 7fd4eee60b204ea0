"""Per-entity states are the projector's bookkeeping, not a read model: the application role reads none of it.

A state row is one mentee's facets (e.g. a category such as ОВЗ) with an id; only counts are for people to read.

Revision ID: 0004
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APP = rls.app_role("reporting")


def upgrade() -> None:
    op.execute("DROP POLICY IF EXISTS participant_states_read ON participant_states")
    op.execute(f"REVOKE SELECT ON participant_states FROM {APP}")


def downgrade() -> None:
    op.execute(f"GRANT SELECT ON participant_states TO {APP}")
    op.execute(rls.policy("participant_states", "participant_states_read", role=APP, command="SELECT",
                          using=rls.TIERED_VISIBILITY))
