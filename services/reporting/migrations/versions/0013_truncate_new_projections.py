"""The projections added beside the event store (``mentee_people`` of ADR 021, ``self_diagnosis_states`` of ADR
022) are emptied by ``python -m reporting rebuild`` like every other: the projector may truncate them.

Revision ID: 0013
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("mentee_people", "self_diagnosis_states")


def upgrade() -> None:
    for table in TABLES:
        op.execute(f"GRANT TRUNCATE ON {table} TO {rls.system_role('reporting')}")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"REVOKE TRUNCATE ON {table} FROM {rls.system_role('reporting')}")
