"""Анкеты и замеры in numbers (issue 13, ADR 012): answers per school and purpose, and the entry/exit measurements
per school with the sum of the changes (a mean is the sum over the paired exits) — from monitoring.events.

Revision ID: 0007
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE survey_answer_counts (
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            purpose text NOT NULL,
            answers integer NOT NULL,
            PRIMARY KEY (org_id, purpose)
        )""")
    op.execute("""
        CREATE TABLE measurement_figures (
            org_id uuid PRIMARY KEY,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            entries integer NOT NULL,
            exits integer NOT NULL,
            paired_exits integer NOT NULL,
            improved integer NOT NULL,
            change_sum double precision NOT NULL
        )""")
    # Read models: each tier reads its slice, only the projector writes (no names in either).
    for table in ("survey_answer_counts", "measurement_figures"):
        for statement in rls.projection_policies("reporting", table):
            op.execute(statement)


def downgrade() -> None:
    for table in ("measurement_figures", "survey_answer_counts"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
