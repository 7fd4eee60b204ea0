"""A completed «команда-команда» group records whether its mentee team became a mentoring team (000 App. 2, 3.10).

Revision ID: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pair_groups", sa.Column("team_outcome", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("pair_groups", "team_outcome")
