"""Virtual mentoring across organisations (ADR 009): municipality-wide and region-wide runs, their offers to the
schools and the offered mentors per opaque request token. No student's name or person id is in these tables.

Revision ID: 0006
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("matching"), rls.system_role("matching")
OUTER_TIER = f"app_scope() IN ('municipality', 'region') AND {rls.TIERED_VISIBILITY}"
# A run belongs to the tier that started it: a municipality's run to it, a region-wide run to the region.
RUN_OWNER = ("org_id IS NULL AND region_id = app_region_id() AND CASE app_scope() "
             "WHEN 'municipality' THEN municipality_id = app_municipality_id() "
             "WHEN 'region' THEN municipality_id IS NULL ELSE false END")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE regional_runs (
            id uuid PRIMARY KEY,
            org_id uuid,
            municipality_id uuid,
            region_id uuid NOT NULL,
            scope text NOT NULL CHECK (scope IN ('municipality', 'region')),
            objective text NOT NULL CHECK (objective IN ('max_score', 'max_matched_then_score')),
            weights jsonb NOT NULL,
            requests integer NOT NULL DEFAULT 0,
            mentors integer NOT NULL DEFAULT 0,
            total_score bigint NOT NULL DEFAULT 0,
            facts jsonb NOT NULL DEFAULT '{}',
            created_by text NOT NULL,
            created_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX regional_runs_recent ON regional_runs (region_id, created_at DESC)")
    op.execute("""
        CREATE TABLE regional_offers (
            run_id uuid NOT NULL REFERENCES regional_runs(id) ON DELETE CASCADE,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            requests integer NOT NULL DEFAULT 0,
            proposed integer NOT NULL DEFAULT 0,
            accepted integer NOT NULL DEFAULT 0,
            declined integer NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL,
            version bigint NOT NULL DEFAULT 1,
            PRIMARY KEY (run_id, org_id)
        )""")
    op.execute("CREATE INDEX regional_offers_of_school ON regional_offers (org_id, created_at DESC)")
    op.execute("""
        CREATE TABLE regional_offer_items (
            run_id uuid NOT NULL,
            token uuid NOT NULL,
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            mentor_id uuid NOT NULL,
            mentor_name text NOT NULL,
            mentor_organisation text NOT NULL,
            mentor_org_id uuid NOT NULL,
            mentor_capacity integer NOT NULL,
            form text NOT NULL,
            score bigint NOT NULL CHECK (score >= 0),
            reasons text NOT NULL,
            decision text NOT NULL CHECK (decision IN ('pending', 'accepted', 'declined')),
            reason text NOT NULL DEFAULT '',
            pair_id uuid,
            decided_by text NOT NULL DEFAULT '',
            decided_at timestamptz,
            PRIMARY KEY (run_id, token),
            FOREIGN KEY (run_id, org_id) REFERENCES regional_offers(run_id, org_id) ON DELETE CASCADE
        )""")
    # A pair formed from an offer names the regional run (in the outer tier's table), not a school run.
    op.execute("ALTER TABLE pairs DROP CONSTRAINT IF EXISTS pairs_run_id_fkey")

    for statement in rls.enable("regional_runs"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON regional_runs TO {APP}")
    op.execute(rls.policy("regional_runs", "regional_runs_read", role=APP, command="SELECT", using=OUTER_TIER))
    op.execute(rls.policy("regional_runs", "regional_runs_start", role=APP, command="INSERT", check=RUN_OWNER))
    for table in ("regional_offers", "regional_offer_items"):
        for statement in rls.enable(table):
            op.execute(statement)
        op.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO {APP}")
        # The tier that ran it reads and writes the offers of its schools; the school reads and decides its own.
        op.execute(rls.policy(table, f"{table}_read", role=APP, command="SELECT", using=rls.TIERED_VISIBILITY))
        op.execute(rls.policy(table, f"{table}_offer", role=APP, command="INSERT", check=OUTER_TIER))
        op.execute(rls.policy(table, f"{table}_decide", role=APP, command="UPDATE", using=rls.ORG_ONLY,
                              check=rls.ORG_ONLY))
    # A mentor's free seats span the region (virtual pairs sit in the mentees' schools): the named system role,
    # bound to one region, counts active pairs per mentor. It selects mentor ids and statuses only.
    op.execute(rls.policy("pairs", "pairs_mentor_load", role=SYSTEM, command="SELECT",
                          using="app_scope() = 'region' AND region_id = app_region_id()"))


def downgrade() -> None:
    op.execute("DROP POLICY IF EXISTS pairs_mentor_load ON pairs")
    for table in ("regional_offer_items", "regional_offers", "regional_runs"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute("ALTER TABLE pairs ADD CONSTRAINT pairs_run_id_fkey FOREIGN KEY (run_id) REFERENCES matching_runs(id)")
