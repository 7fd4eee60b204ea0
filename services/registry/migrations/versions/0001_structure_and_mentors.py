"""Tenant structure, the mentor base, the outbox; roles and row-level security.

Revision ID: 0001
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("registry"), rls.system_role("registry")
ORIGINS = "'student','teacher','parent','graduate','employer','entrepreneur','ngo','veteran','university'"

ORGANISATION_VISIBILITY = """CASE app_scope()
    WHEN 'org' THEN id = app_org_id()
    WHEN 'municipality' THEN municipality_id = app_municipality_id()
    WHEN 'region' THEN region_id = app_region_id()
    WHEN 'platform' THEN true
    ELSE false END"""


def upgrade() -> None:
    for statement in rls.CONTEXT_FUNCTIONS:
        op.execute(statement)
    op.execute("""
        CREATE TABLE regions (
            id uuid PRIMARY KEY,
            name text NOT NULL,
            code text NOT NULL UNIQUE
        )""")
    op.execute("""
        CREATE TABLE municipalities (
            id uuid PRIMARY KEY,
            region_id uuid NOT NULL REFERENCES regions(id),
            name text NOT NULL,
            code text NOT NULL,
            UNIQUE (region_id, code)
        )""")
    op.execute("""
        CREATE TABLE organisations (
            id uuid PRIMARY KEY,
            municipality_id uuid NOT NULL REFERENCES municipalities(id),
            region_id uuid NOT NULL REFERENCES regions(id),
            name text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('school', 'college', 'additional')),
            code text NOT NULL UNIQUE
        )""")
    op.execute(f"""
        CREATE TABLE mentors (
            id uuid PRIMARY KEY,
            org_id uuid NOT NULL REFERENCES organisations(id),
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
            origin text NOT NULL CHECK (origin IN ({ORIGINS})),
            subjects text[] NOT NULL DEFAULT '{{}}',
            competencies text[] NOT NULL DEFAULT '{{}}',
            capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 30),
            registered_at timestamptz NOT NULL,
            registered_by text NOT NULL
        )""")
    op.execute("CREATE INDEX mentors_by_name ON mentors (org_id, lower(full_name), id)")
    for statement in rls.OUTBOX_V1:
        op.execute(statement)

    # Structure is not personal data: every bound tenant may read it, only the platform writes it.
    for table in ("regions", "municipalities"):
        for statement in rls.enable(table):
            op.execute(statement)
        op.execute(f"GRANT SELECT, INSERT ON {table} TO {APP}")
        op.execute(rls.policy(table, f"{table}_read", role=APP, command="SELECT", using="app_scope() IS NOT NULL"))
        op.execute(rls.policy(table, f"{table}_write", role=APP, command="INSERT", check="app_scope() = 'platform'"))
    for statement in rls.enable("organisations"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON organisations TO {APP}")
    op.execute(rls.policy("organisations", "organisations_read", role=APP, command="SELECT",
                          using=ORGANISATION_VISIBILITY))
    op.execute(rls.policy("organisations", "organisations_write", role=APP, command="INSERT",
                          check="app_scope() = 'platform'"))

    # Mentors are personal data: the school's inner contour only, for reading and for writing.
    for statement in rls.enable("mentors"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON mentors TO {APP}")
    op.execute(rls.policy("mentors", "mentors_school", role=APP, using=rls.ORG_ONLY, check=rls.ORG_ONLY))

    for statement in rls.outbox_policies("registry"):
        op.execute(statement)


def downgrade() -> None:
    for table in ("outbox", "mentors", "organisations", "municipalities", "regions"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
