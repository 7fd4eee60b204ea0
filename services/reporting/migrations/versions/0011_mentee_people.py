"""Which person each mentee is (ADR 021): the projector's bookkeeping for the regional KPIs — coverage of students by
mentoring and young teachers with a mentor count *people* (a ``coverage`` entity per person), and a pair or a group
names only the mentee. Ids only; the application role reads none of it — only the counts it moves.

Revision ID: 0011
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SYSTEM = rls.system_role("reporting")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE mentee_people (
            mentee_id uuid PRIMARY KEY,
            person_id uuid NOT NULL,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL
        )""")
    op.execute("CREATE INDEX mentee_people_by_person ON mentee_people (person_id)")
    # Projector-only, like participant_states (0004) and paired_mentees (0005).
    for statement in rls.enable("mentee_people"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON mentee_people TO {SYSTEM}")
    op.execute(rls.policy("mentee_people", "mentee_people_project", role=SYSTEM, using="true", check="true"))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS mentee_people")
