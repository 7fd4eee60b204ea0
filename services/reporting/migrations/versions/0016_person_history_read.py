"""Retention of young teachers (ADR 021 addendum) reads the history of *person* entities: the application may
select those rows of ``count_state_history`` in its tier — ids, days and the person's kind and year facets, never a
name. Every other entity's versions (a mentee's category, a request) stay the projector's only.

Revision ID: 0016
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0016"
down_revision = "0013"
branch_labels = None
depends_on = None

APP = rls.app_role("reporting")


def upgrade() -> None:
    op.execute(f"GRANT SELECT ON count_state_history TO {APP}")
    op.execute(rls.policy("count_state_history", "count_state_history_person_read", role=APP, command="SELECT",
                          using=f"entity_kind = 'person' AND {rls.TIERED_VISIBILITY}"))


def downgrade() -> None:
    op.execute("DROP POLICY IF EXISTS count_state_history_person_read ON count_state_history")
    op.execute(f"REVOKE SELECT ON count_state_history FROM {APP}")
