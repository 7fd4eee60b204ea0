"""A teacher mentee's outcomes of a «учитель-учитель» pair (000 App. 2, 3.1–3.3; ADR 021): entered the management
reserve, prepared to lead projects, takes part in professional contests — recorded by the curator beside 3.5/3.6.

Revision ID: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

COLUMNS = ("management_reserve", "project_lead", "pro_contest")


def upgrade() -> None:
    for column in COLUMNS:
        op.execute(f"ALTER TABLE pair_outcomes ADD COLUMN {column} boolean NOT NULL DEFAULT false")


def downgrade() -> None:
    for column in COLUMNS:
        op.execute(f"ALTER TABLE pair_outcomes DROP COLUMN IF EXISTS {column}")
