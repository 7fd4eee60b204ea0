"""Indexes for the drill-down into one municipality (issue 14): its schools' counts were found by reading every count
of the region (a sequential scan of 81,000 rows for 1,300 of them), and its schools by reading every organisation.

Revision ID: 0020
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("participant_counts_municipality", "participant_counts", ["municipality_id"])
    op.create_index("organisation_units_municipality", "organisation_units", ["municipality_id"])


def downgrade() -> None:
    op.drop_index("organisation_units_municipality", table_name="organisation_units")
    op.drop_index("participant_counts_municipality", table_name="participant_counts")
