"""Self-diagnoses counted (registry's ``self_diagnosis_completed``, 004 App. 2 п. 3.3, issue 15 item 3): the newest
version of each school's and each municipality's self-diagnosis of a year — its score, no answers — for the control
page's «самодиагностика пройдена».

Revision ID: 0012
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE self_diagnosis_states (
            owner_level text NOT NULL CHECK (owner_level IN ('school', 'municipality')),
            owner_id uuid NOT NULL,
            year integer NOT NULL,
            org_id uuid,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            version integer NOT NULL,
            score integer NOT NULL CHECK (score >= 0),
            max_score integer NOT NULL CHECK (max_score >= score),
            PRIMARY KEY (owner_level, owner_id, year)
        )""")
    for statement in rls.projection_policies("reporting", "self_diagnosis_states"):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS self_diagnosis_states")
