"""Program evaluations of the schools (monitoring's ``evaluation_completed``, 001 §6, ADR 013): the newest version of
each school's period — total and level — read by each tier in its slice; the outcomes of 3.5 / 3.6 need no table
(they are counted states in ``participant_counts``).

Revision ID: 0008
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE school_evaluations (
            org_id uuid NOT NULL,
            period text NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            version integer NOT NULL,
            total integer NOT NULL CHECK (total BETWEEN 0 AND 18),
            level text NOT NULL CHECK (level IN ('optimal', 'acceptable', 'unacceptable')),
            PRIMARY KEY (org_id, period)
        )""")
    for statement in rls.projection_policies("reporting", "school_evaluations"):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS school_evaluations")
