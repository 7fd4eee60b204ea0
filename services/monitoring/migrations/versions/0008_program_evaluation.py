"""Оценка программы (001 §6) and the student mentees' outcomes for 000 App. 2, 3.5 / 3.6 (issue 13, ADR 013).

An evaluation row is never updated or deleted: the application role is granted INSERT and SELECT only, so a
completed evaluation is frozen in the database too; a correction is the next version of the period.

Revision ID: 0008
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE program_evaluations (
            id uuid PRIMARY KEY,
            {TENANT},
            period text NOT NULL CHECK (period ~ '^[0-9]{{4}}-(H[12]|[0-9]{{4}})$'),
            version integer NOT NULL CHECK (version >= 1),
            scores jsonb NOT NULL,
            notes jsonb NOT NULL,
            total integer NOT NULL CHECK (total BETWEEN 0 AND 18),
            level text NOT NULL CHECK (level IN ('optimal', 'acceptable', 'unacceptable')),
            commission text NOT NULL CHECK (char_length(commission) <= 1000),
            reason text NOT NULL CHECK (char_length(reason) <= 1000),
            completed_by text NOT NULL,
            completed_at timestamptz NOT NULL,
            UNIQUE (org_id, period, version),
            CHECK (version = 1 OR reason <> '')
        )""")
    op.execute(f"""
        CREATE TABLE pair_outcomes (
            pair_id uuid PRIMARY KEY REFERENCES monitored_pairs(id),
            {TENANT},
            mentee_id uuid NOT NULL,
            academic_improved boolean NOT NULL,
            contest_prepared boolean NOT NULL,
            note text NOT NULL CHECK (char_length(note) <= 1000),
            version integer NOT NULL CHECK (version >= 1),
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX pair_outcomes_by_mentee ON pair_outcomes (mentee_id)")
    for table in ("program_evaluations", "pair_outcomes"):
        for statement in rls.enable(table):
            op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON program_evaluations TO {APP}")
    op.execute(rls.policy("program_evaluations", "program_evaluations_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON pair_outcomes TO {APP}")
    op.execute(rls.policy("pair_outcomes", "pair_outcomes_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))


def downgrade() -> None:
    for table in ("pair_outcomes", "program_evaluations"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
