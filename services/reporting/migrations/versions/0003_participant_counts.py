"""Counts of the participant bases by facet, moved by each entity's versioned state; replaces mentor_counts.

Existing mentor counts are carried over as facets ``mentor.origin.<origin>`` and their sum per organisation as
``mentor``, so deployments keep their numbers.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None



def upgrade() -> None:
    op.execute("""
        CREATE TABLE participant_states (
            entity_kind text NOT NULL,
            entity_id uuid NOT NULL,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            version bigint NOT NULL,
            facets text[] NOT NULL,
            PRIMARY KEY (entity_kind, entity_id)
        )""")
    op.execute("""
        CREATE TABLE participant_counts (
            org_id uuid NOT NULL,
            facet text NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            count bigint NOT NULL CHECK (count >= 0),
            PRIMARY KEY (org_id, facet)
        )""")
    # The owner running migrations need not be a superuser: with RLS forced it would copy nothing, so the
    # old table stops forcing (it is dropped below) and the new one is filled before its policies apply.
    op.execute("ALTER TABLE mentor_counts NO FORCE ROW LEVEL SECURITY")
    op.execute("""
        INSERT INTO participant_counts (org_id, facet, municipality_id, region_id, count)
        SELECT org_id, 'mentor.origin.' || origin, municipality_id, region_id, mentors FROM mentor_counts""")
    op.execute("""
        INSERT INTO participant_counts (org_id, facet, municipality_id, region_id, count)
        SELECT org_id, 'mentor', (array_agg(municipality_id))[1], (array_agg(region_id))[1], sum(mentors)
        FROM mentor_counts GROUP BY org_id""")
    op.execute("DROP TABLE mentor_counts")
    # Counts are not personal data: each tier reads its own slice; only the projector writes.
    for table in ("participant_states", "participant_counts"):
        for statement in rls.projection_policies("reporting", table):
            op.execute(statement)


def downgrade() -> None:
    op.execute("""
        CREATE TABLE mentor_counts (
            org_id uuid NOT NULL,
            origin text NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            mentors bigint NOT NULL,
            PRIMARY KEY (org_id, origin)
        )""")
    op.execute("ALTER TABLE participant_counts NO FORCE ROW LEVEL SECURITY")
    op.execute("""
        INSERT INTO mentor_counts (org_id, origin, municipality_id, region_id, mentors)
        SELECT org_id, substr(facet, length('mentor.origin.') + 1), municipality_id, region_id, count
        FROM participant_counts WHERE facet LIKE 'mentor.origin.%'""")
    for statement in rls.projection_policies("reporting", "mentor_counts"):
        op.execute(statement)
    op.execute("DROP TABLE participant_counts")
    op.execute("DROP TABLE participant_states")
