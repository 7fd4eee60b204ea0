"""Roadmaps at every tier and the self-diagnosis (issue 15 items 1 and 3).

The region owns a roadmap (owner_level 'region', no municipality); a school reads the approved roadmap of its
municipality and of its region, a municipality its region's — only the approved version and its progress, never a
draft (an upward, read-only policy beside the tier reach). Self-diagnoses: one row per owner, year and version;
written only by the owner itself, read by it and the tiers above.

Revision ID: 0015
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0015"
down_revision = "0017"
branch_labels = None
depends_on = None

APP = rls.app_role("registry")
DOCUMENT_TABLES = ("documents", "document_versions", "document_transitions", "document_comments",
                   "roadmap_progress")

# The approved roadmap of a tier above the caller: a school sees its municipality's and its region's, a
# municipality its region's (issue 15 item 1).
UPWARD = """kind = 'roadmap' AND approved_version > 0 AND (
    (owner_level = 'municipality' AND app_scope() = 'org' AND municipality_id = app_municipality_id())
    OR (owner_level = 'region' AND app_scope() IN ('org', 'municipality') AND region_id = app_region_id()))"""
UPWARD_VERSION = f"""EXISTS (SELECT 1 FROM documents d WHERE d.id = document_versions.document_id
    AND d.approved_version = document_versions.version
    AND {UPWARD.replace('kind', 'd.kind').replace('approved_version >', 'd.approved_version >')
         .replace("(owner_level", "(d.owner_level").replace("AND municipality_id", "AND d.municipality_id")
         .replace("AND region_id", "AND d.region_id")})"""
UPWARD_PROGRESS = UPWARD_VERSION.replace("\n    AND d.approved_version = document_versions.version", "").replace(
    "document_versions.document_id", "roadmap_progress.document_id")

OWNER_WRITES = """CASE app_scope()
    WHEN 'org' THEN owner_level = 'school' AND org_id = app_org_id()
    WHEN 'municipality' THEN owner_level = 'municipality' AND org_id IS NULL
        AND municipality_id = app_municipality_id()
    ELSE false END"""
TIER_READS = """CASE app_scope()
    WHEN 'org' THEN org_id = app_org_id()
    WHEN 'municipality' THEN municipality_id = app_municipality_id()
    WHEN 'region' THEN region_id = app_region_id()
    ELSE false END"""


def upgrade() -> None:
    for table in DOCUMENT_TABLES:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN municipality_id DROP NOT NULL")
    op.execute("ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_owner_level_check")
    op.execute("ALTER TABLE documents ADD CONSTRAINT documents_owner_level_check "
               "CHECK (owner_level IN ('school', 'municipality', 'region'))")
    op.execute("ALTER TABLE documents ADD CONSTRAINT documents_tier_columns CHECK ("
               "(owner_level = 'region') = (municipality_id IS NULL))")
    op.execute("DROP INDEX one_document_per_owner")
    op.execute("CREATE UNIQUE INDEX one_document_per_owner ON documents (kind, owner_level, "
               "coalesce(org_id, municipality_id, region_id))")
    op.execute(rls.policy("documents", "documents_upward", role=APP, command="SELECT", using=UPWARD))
    op.execute(rls.policy("document_versions", "document_versions_upward", role=APP, command="SELECT",
                          using=UPWARD_VERSION))
    op.execute(rls.policy("roadmap_progress", "roadmap_progress_upward", role=APP, command="SELECT",
                          using=UPWARD_PROGRESS))
    op.execute("""
        CREATE TABLE self_diagnoses (
            id uuid PRIMARY KEY,
            owner_level text NOT NULL CHECK (owner_level IN ('school', 'municipality')),
            org_id uuid,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            owner_name text NOT NULL,
            year integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
            version integer NOT NULL CHECK (version > 0),
            answers jsonb NOT NULL,
            score integer NOT NULL,
            max_score integer NOT NULL,
            filled_by_name text NOT NULL,
            filled_at timestamptz NOT NULL,
            CHECK ((owner_level = 'school') = (org_id IS NOT NULL))
        )""")
    op.execute("CREATE UNIQUE INDEX one_self_diagnosis_version ON self_diagnoses "
               "(owner_level, coalesce(org_id, municipality_id), year, version)")
    for statement in rls.enable("self_diagnoses"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON self_diagnoses TO {APP}")
    op.execute(rls.policy("self_diagnoses", "self_diagnoses_read", role=APP, command="SELECT", using=TIER_READS))
    op.execute(rls.policy("self_diagnoses", "self_diagnoses_write", role=APP, command="INSERT",
                          check=OWNER_WRITES))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS self_diagnoses")
    op.execute("DROP POLICY IF EXISTS roadmap_progress_upward ON roadmap_progress")
    op.execute("DROP POLICY IF EXISTS document_versions_upward ON document_versions")
    op.execute("DROP POLICY IF EXISTS documents_upward ON documents")
    op.execute("DROP INDEX one_document_per_owner")
    op.execute("CREATE UNIQUE INDEX one_document_per_owner ON documents (kind, owner_level, "
               "coalesce(org_id, municipality_id))")
    op.execute("ALTER TABLE documents DROP CONSTRAINT documents_tier_columns")
