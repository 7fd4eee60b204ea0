"""Pairs in numbers (matching.events): the projector's table of each pair's mentee; the counts themselves go to
``participant_counts`` as facets (``pair``, ``pair.form.*``, ``pair.kind.*``, ``mentee.in_pair``).

Revision ID: 0005
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SYSTEM = rls.system_role("reporting")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE paired_mentees (
            pair_id uuid PRIMARY KEY,
            mentee_id uuid NOT NULL,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            version bigint NOT NULL,
            active boolean NOT NULL
        )""")
    op.execute("CREATE INDEX paired_mentees_by_mentee ON paired_mentees (mentee_id)")
    # Projector-only, like participant_states (0004): the application role has no grant and no policy.
    for statement in rls.enable("paired_mentees"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON paired_mentees TO {SYSTEM}")
    op.execute(rls.policy("paired_mentees", "paired_mentees_project", role=SYSTEM, using="true", check="true"))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS paired_mentees")
