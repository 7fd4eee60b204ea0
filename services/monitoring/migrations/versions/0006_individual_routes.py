"""Individual educational routes (ИОМ) of teachers with a tutor of the regional ЦНППМ (issue 12 item 3, ADR 011).

One row per route; its diagnoses, roadmap and notes are JSONB documents of the row (always read and written whole,
under the row's lock). Row-level security admits the school's inner contour to its own routes and a tutor to exactly
the routes whose assignee is the caller's user id (``app.user_id``, bound with the tenant).

Revision ID: 0006
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0006"
down_revision = "0008"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"


def upgrade() -> None:
    op.execute(rls.USER_FUNCTION)
    op.execute(f"""
        CREATE TABLE individual_routes (
            id uuid PRIMARY KEY,
            {TENANT},
            teacher_person_id uuid NOT NULL,
            teacher_name text NOT NULL CHECK (char_length(teacher_name) BETWEEN 1 AND 200),
            school_name text NOT NULL CHECK (char_length(school_name) <= 500),
            years integer NOT NULL CHECK (years IN (4, 5)),
            starts_on date NOT NULL,
            ideal_image text NOT NULL CHECK (char_length(ideal_image) <= 2000),
            consent_on date,
            consent_document text NOT NULL CHECK (char_length(consent_document) <= 100),
            tutor_user_id text,
            tutor_name text NOT NULL CHECK (char_length(tutor_name) <= 200),
            assigned_at timestamptz,
            diagnoses jsonb NOT NULL,
            items jsonb NOT NULL,
            notes jsonb NOT NULL,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL,
            version integer NOT NULL,
            -- without the teacher's consent no tutor (004 §4.3; ADR 011)
            CONSTRAINT individual_routes_tutor_needs_consent CHECK (tutor_user_id IS NULL OR consent_on IS NOT NULL)
        )""")
    op.execute("CREATE INDEX individual_routes_by_school ON individual_routes (org_id, created_at DESC)")
    op.execute("CREATE INDEX individual_routes_by_tutor ON individual_routes (tutor_user_id) "
               "WHERE tutor_user_id IS NOT NULL")
    for statement in rls.enable("individual_routes"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON individual_routes TO {APP}")
    # The school keeps its teachers' routes (the inner contour); a tutor reads and works only the routes assigned to
    # him or her and cannot hand a route to someone else (the check keeps the assignee).
    op.execute(rls.policy("individual_routes", "individual_routes_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))
    op.execute(rls.policy("individual_routes", "individual_routes_tutor_read", role=APP, command="SELECT",
                          using=rls.ASSIGNED_TUTOR))
    op.execute(rls.policy("individual_routes", "individual_routes_tutor_work", role=APP, command="UPDATE",
                          using=rls.ASSIGNED_TUTOR, check=rls.ASSIGNED_TUTOR))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS individual_routes")
