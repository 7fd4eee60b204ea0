"""The work of the pairs in numbers (issue 12 item 7): per pair the day it was formed, whether it is active, the
day of its latest meeting and its agreed plan's item dates with the items done — dates and ids, no names — so
«pairs without meetings for N weeks» and «plans on track» are derived at read time (ADR 017). Plans agreed, items
done and reports submitted are counted facets in participant_counts.

Revision ID: 0006
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0006"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE pair_work_states (
            pair_id uuid PRIMARY KEY,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            formed_on date,
            active boolean NOT NULL,
            pair_version bigint NOT NULL,
            last_meeting_on date,
            plan_version integer NOT NULL,
            plan_due jsonb NOT NULL,
            plan_done jsonb NOT NULL
        )""")
    op.execute("CREATE INDEX pair_work_states_by_org ON pair_work_states (org_id) WHERE active")
    for statement in rls.projection_policies("reporting", "pair_work_states"):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS pair_work_states")
