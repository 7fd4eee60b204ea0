"""Matching runs, their proposals, pairs; outbox and processed events; roles and row-level security.

Revision ID: 0001
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("matching"), rls.system_role("matching")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"
PERSONAL_TABLES = ("matching_runs", "run_proposals", "pairs")


def upgrade() -> None:
    for statement in rls.CONTEXT_FUNCTIONS:
        op.execute(statement)
    op.execute(f"""
        CREATE TABLE matching_runs (
            id uuid PRIMARY KEY,
            {TENANT},
            mode text NOT NULL CHECK (mode IN ('suggest', 'optimal', 'manual')),
            objective text NOT NULL CHECK (objective IN ('max_score', 'max_matched_then_score')),
            weights jsonb NOT NULL,
            status text NOT NULL CHECK (status IN ('draft', 'published')),
            requests integer NOT NULL DEFAULT 0,
            matched integer NOT NULL DEFAULT 0,
            total_score bigint NOT NULL DEFAULT 0,
            candidate_edges integer NOT NULL DEFAULT 0,
            facts jsonb NOT NULL DEFAULT '{{}}',
            unmatched jsonb NOT NULL DEFAULT '[]',
            created_by text NOT NULL,
            created_at timestamptz NOT NULL,
            published_at timestamptz,
            version bigint NOT NULL DEFAULT 1
        )""")
    op.execute("CREATE INDEX runs_recent ON matching_runs (org_id, created_at DESC)")
    op.execute(f"""
        CREATE TABLE run_proposals (
            run_id uuid NOT NULL REFERENCES matching_runs(id) ON DELETE CASCADE,
            request_id uuid NOT NULL,
            mentor_id uuid NOT NULL,
            {TENANT},
            mentee_id uuid NOT NULL,
            mentee_name text NOT NULL,
            mentor_name text NOT NULL,
            form text NOT NULL,
            score bigint NOT NULL CHECK (score >= 0),
            reasons text NOT NULL,
            rank integer NOT NULL,
            selected boolean NOT NULL DEFAULT false,
            manual boolean NOT NULL DEFAULT false,
            warnings text[] NOT NULL DEFAULT '{{}}',
            PRIMARY KEY (run_id, request_id, mentor_id)
        )""")
    op.execute("CREATE UNIQUE INDEX one_selected_per_request ON run_proposals (run_id, request_id) WHERE selected")
    op.execute(f"""
        CREATE TABLE pairs (
            id uuid PRIMARY KEY,
            {TENANT},
            run_id uuid NOT NULL REFERENCES matching_runs(id),
            request_id uuid NOT NULL,
            mentee_id uuid NOT NULL,
            mentee_name text NOT NULL,
            mentor_id uuid NOT NULL,
            mentor_name text NOT NULL,
            form text NOT NULL,
            kind text NOT NULL,
            term_start date NOT NULL,
            term_end date NOT NULL CHECK (term_end > term_start),
            reporting text NOT NULL CHECK (reporting IN ('monthly', 'quarterly', 'final')),
            status text NOT NULL CHECK (status IN ('active', 'completed', 'closed')),
            close_reason text NOT NULL DEFAULT '',
            closed_at timestamptz,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL,
            version bigint NOT NULL DEFAULT 1
        )""")
    # A request is in one active pair at most, whatever runs were published (the database keeps the promise).
    op.execute("CREATE UNIQUE INDEX one_active_pair_per_request ON pairs (request_id) WHERE status = 'active'")
    op.execute("CREATE INDEX pairs_by_mentor ON pairs (org_id, mentor_id) WHERE status = 'active'")
    op.execute("CREATE INDEX pairs_by_mentee ON pairs (org_id, mentee_id)")
    op.execute("CREATE INDEX pairs_by_name ON pairs (org_id, mentee_name, id)")
    for statement in (*rls.OUTBOX_V1, *rls.CONSUMER_TABLES_V1):
        op.execute(statement)

    # Personal data stays in the school: the organisation's own inner contour reads and writes it.
    for table in PERSONAL_TABLES:
        for statement in rls.enable(table):
            op.execute(statement)
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP}")
        op.execute(rls.policy(table, f"{table}_school", role=APP, using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    # The consumer (a named system job) closes pairs on registry events — but only after binding the event's
    # school with SET LOCAL: the same org-only rule, one school per event (ADR 006).
    op.execute(f"GRANT SELECT, UPDATE ON pairs TO {SYSTEM}")
    op.execute(rls.policy("pairs", "pairs_event_school", role=SYSTEM, using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    for statement in rls.outbox_policies("matching"):
        op.execute(statement)
    op.execute(f"GRANT INSERT ON outbox TO {SYSTEM}")  # PairClosed, in the consumer's transaction
    for statement in rls.consumer_policies("matching"):
        op.execute(statement)


def downgrade() -> None:
    for table in ("failed_events", "processed_events", "outbox", "pairs", "run_proposals", "matching_runs"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
