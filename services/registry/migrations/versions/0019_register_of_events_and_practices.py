"""The school's register of scientific-practical events and of practices of mentoring (issue 14 item 1, issue 15
item 5, ADR 025).

Events are the school's (written by it, read by it and the tiers above — titles and counts, no names). A practice
is written by its school and, through the review, by the experts of its municipality or region; the region-wide
catalogue reads only a practice that passed the review and that its school published. The authors stay in an
org-only table of their own: row-level security cannot hide a column.

Revision ID: 0019
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

APP = rls.app_role("registry")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"

# The experts: the municipality over its schools' practices, the region over every practice of the region.
REVIEWERS = ("(app_scope() = 'municipality' AND municipality_id = app_municipality_id())"
             " OR (app_scope() = 'region' AND region_id = app_region_id())")
CATALOGUE = ("state = 'passed' AND published AND region_id = app_region_id()"
             " AND app_scope() IN ('org', 'municipality', 'region')")
PRACTICE_READ = f"({rls.ORG_ONLY}) OR ({REVIEWERS}) OR ({CATALOGUE})"
PRACTICE_WRITE = f"({rls.ORG_ONLY}) OR ({REVIEWERS})"

TABLES = ("practice_authors", "practices", "scientific_events")


def _policies(table: str, *, read: str, insert: str, update: str) -> None:
    for statement in rls.enable(table):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO {APP}")
    op.execute(rls.policy(table, f"{table}_read", role=APP, command="SELECT", using=read))
    op.execute(rls.policy(table, f"{table}_insert", role=APP, command="INSERT", check=insert))
    op.execute(rls.policy(table, f"{table}_update", role=APP, command="UPDATE", using=update, check=update))


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE scientific_events (
            id uuid PRIMARY KEY,
            {TENANT},
            title text NOT NULL,
            held_on date NOT NULL,
            kind text NOT NULL CHECK (kind IN ('conference', 'seminar', 'round_table', 'webinar', 'master_class',
                                               'forum', 'other')),
            level text NOT NULL CHECK (level IN ('school', 'municipal', 'regional', 'federal', 'international')),
            role text NOT NULL CHECK (role IN ('held', 'attended')),
            host text NOT NULL,
            participants integer NOT NULL CHECK (participants >= 0),
            teachers integer NOT NULL CHECK (teachers >= 0),
            partners integer NOT NULL CHECK (partners >= 0),
            mentors integer NOT NULL CHECK (mentors >= 0),
            mentees integer NOT NULL CHECK (mentees >= 0),
            version integer NOT NULL,
            removed boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL,
            created_by text NOT NULL,
            updated_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX scientific_events_org ON scientific_events (org_id, held_on)")
    op.execute(f"""
        CREATE TABLE practices (
            id uuid PRIMARY KEY,
            {TENANT},
            title text NOT NULL,
            forms text[] NOT NULL,
            summary text NOT NULL,
            links text[] NOT NULL,
            state text NOT NULL CHECK (state IN ('submitted', 'under_review', 'passed', 'returned')),
            review_level text CHECK (review_level IN ('municipal', 'regional', 'federal')),
            review_note text NOT NULL,
            reviewed_by text,
            reviewed_at timestamptz,
            published boolean NOT NULL,
            organisation_name text NOT NULL,
            municipality_name text NOT NULL,
            version integer NOT NULL,
            submitted_at timestamptz NOT NULL,
            created_by text NOT NULL
        )""")
    op.execute("CREATE INDEX practices_catalogue ON practices (region_id, state, published)")
    op.execute(f"""
        CREATE TABLE practice_authors (
            practice_id uuid PRIMARY KEY REFERENCES practices(id),
            {TENANT},
            authors text NOT NULL
        )""")
    _policies("scientific_events", read=rls.TIERED_VISIBILITY, insert=rls.ORG_ONLY, update=rls.ORG_ONLY)
    _policies("practices", read=PRACTICE_READ, insert=rls.ORG_ONLY, update=PRACTICE_WRITE)
    _policies("practice_authors", read=rls.ORG_ONLY, insert=rls.ORG_ONLY, update=rls.ORG_ONLY)


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table}")
