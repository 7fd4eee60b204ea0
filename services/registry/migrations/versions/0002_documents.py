"""Programs and roadmaps, their frozen versions, transitions, comments and roadmap progress.

Revision ID: 0002
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APP = rls.app_role("registry")
TENANT_COLUMNS = "org_id uuid, municipality_id uuid NOT NULL, region_id uuid NOT NULL"

# Documents are not personal data: the owner, its municipality and its region read them; the same reach may
# write, and the domain decides which transition each role may make.
DOCUMENT_REACH = """CASE app_scope()
    WHEN 'org' THEN org_id = app_org_id()
    WHEN 'municipality' THEN municipality_id = app_municipality_id()
    WHEN 'region' THEN region_id = app_region_id()
    ELSE false END"""


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE documents (
            id uuid PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('program', 'roadmap')),
            owner_level text NOT NULL CHECK (owner_level IN ('school', 'municipality')),
            {TENANT_COLUMNS},
            owner_name text NOT NULL,
            title text NOT NULL,
            status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
            version integer NOT NULL,
            approved_version integer NOT NULL DEFAULT 0,
            revision integer NOT NULL,
            updated_at timestamptz NOT NULL,
            submitted_at timestamptz,
            approver_name text NOT NULL DEFAULT '',
            approver_position text NOT NULL DEFAULT '',
            approved_at timestamptz,
            CHECK ((owner_level = 'school') = (org_id IS NOT NULL))
        )""")
    op.execute("CREATE UNIQUE INDEX one_document_per_owner ON documents (kind, owner_level, "
               "coalesce(org_id, municipality_id))")
    op.execute(f"""
        CREATE TABLE document_versions (
            document_id uuid NOT NULL REFERENCES documents(id),
            version integer NOT NULL,
            {TENANT_COLUMNS},
            content jsonb NOT NULL,
            status text NOT NULL,
            created_at timestamptz NOT NULL,
            created_by_name text NOT NULL,
            PRIMARY KEY (document_id, version)
        )""")
    op.execute(f"""
        CREATE TABLE document_transitions (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            document_id uuid NOT NULL REFERENCES documents(id),
            {TENANT_COLUMNS},
            version integer NOT NULL,
            from_status text NOT NULL,
            to_status text NOT NULL,
            actor_id text NOT NULL,
            actor_name text NOT NULL,
            actor_role text NOT NULL,
            at timestamptz NOT NULL,
            comments integer NOT NULL
        )""")
    op.execute(f"""
        CREATE TABLE document_comments (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            document_id uuid NOT NULL REFERENCES documents(id),
            {TENANT_COLUMNS},
            version integer NOT NULL,
            item_ref text NOT NULL,
            text text NOT NULL,
            author_name text NOT NULL,
            at timestamptz NOT NULL
        )""")
    op.execute(f"""
        CREATE TABLE roadmap_progress (
            document_id uuid NOT NULL REFERENCES documents(id),
            item_id text NOT NULL,
            {TENANT_COLUMNS},
            progress text NOT NULL CHECK (progress IN ('planned', 'in_progress', 'done')),
            evidence text NOT NULL DEFAULT '',
            updated_at timestamptz NOT NULL,
            updated_by_name text NOT NULL,
            PRIMARY KEY (document_id, item_id)
        )""")
    for table in ("documents", "document_versions", "document_transitions", "document_comments",
                  "roadmap_progress"):
        for statement in rls.enable(table):
            op.execute(statement)
        op.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO {APP}")
        op.execute(rls.policy(table, f"{table}_reach", role=APP, using=DOCUMENT_REACH, check=DOCUMENT_REACH))


def downgrade() -> None:
    for table in ("roadmap_progress", "document_comments", "document_transitions", "document_versions",
                  "documents"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
