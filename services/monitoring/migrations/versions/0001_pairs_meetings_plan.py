"""Monitoring's first schema: pairs learnt from matching.events, meetings with the mentor's diary, the calendar plan,
the school's setting of «no meeting in N weeks»; outbox and processed events; roles and row-level security.

Revision ID: 0001
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("monitoring"), rls.system_role("monitoring")
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"
KINDS = "('acquaintance', 'trial', 'planning', 'regular', 'final')"


def upgrade() -> None:
    for statement in rls.CONTEXT_FUNCTIONS:
        op.execute(statement)
    op.execute(f"""
        CREATE TABLE monitored_pairs (
            id uuid PRIMARY KEY,
            {TENANT},
            mentor_id uuid NOT NULL,
            mentee_id uuid NOT NULL,
            form text NOT NULL,
            kind text NOT NULL,
            term_start date NOT NULL,
            term_end date NOT NULL,
            status text NOT NULL CHECK (status IN ('active', 'completed', 'closed')),
            version bigint NOT NULL
        )""")
    op.execute("CREATE INDEX monitored_pairs_by_school ON monitored_pairs (org_id, status)")
    op.execute(f"""
        CREATE TABLE meetings (
            id uuid PRIMARY KEY,
            {TENANT},
            pair_id uuid NOT NULL REFERENCES monitored_pairs(id),
            kind text NOT NULL CHECK (kind IN {KINDS}),
            held_on date NOT NULL,
            format text NOT NULL CHECK (format IN ('in_person', 'remote')),
            topic text NOT NULL CHECK (char_length(topic) BETWEEN 1 AND 300),
            duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 480),
            participants text NOT NULL CHECK (char_length(participants) <= 500),
            outcome text NOT NULL CHECK (char_length(outcome) <= 2000),
            next_step text NOT NULL CHECK (char_length(next_step) <= 1000),
            diary text NOT NULL CHECK (char_length(diary) <= 4000),
            planned_id uuid,
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX meetings_by_pair ON meetings (pair_id, held_on DESC)")
    op.execute(f"""
        CREATE TABLE planned_meetings (
            id uuid PRIMARY KEY,
            {TENANT},
            pair_id uuid NOT NULL REFERENCES monitored_pairs(id),
            kind text NOT NULL CHECK (kind IN {KINDS}),
            planned_on date NOT NULL,
            topic text NOT NULL CHECK (char_length(topic) <= 300),
            held_meeting_id uuid REFERENCES meetings(id)
        )""")
    op.execute("CREATE INDEX planned_by_pair ON planned_meetings (pair_id, planned_on)")
    op.execute("CREATE INDEX planned_open ON planned_meetings (org_id, planned_on) WHERE held_meeting_id IS NULL")
    op.execute("""
        CREATE TABLE school_settings (
            org_id uuid PRIMARY KEY,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            no_meeting_weeks integer NOT NULL CHECK (no_meeting_weeks BETWEEN 1 AND 26)
        )""")
    for statement in (*rls.OUTBOX_V1, *rls.CONSUMER_TABLES_V1):
        op.execute(statement)

    # The pairs are a projection: only the consumer (system role) writes them, and only after binding the event's
    # school with SET LOCAL; the school's inner contour reads its own (ADR 008).
    for statement in rls.enable("monitored_pairs"):
        op.execute(statement)
    op.execute(f"GRANT SELECT ON monitored_pairs TO {APP}")
    op.execute(rls.policy("monitored_pairs", "monitored_pairs_school", role=APP, command="SELECT",
                          using=rls.ORG_ONLY))
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON monitored_pairs TO {SYSTEM}")
    op.execute(rls.policy("monitored_pairs", "monitored_pairs_event_school", role=SYSTEM, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))
    # Meetings, the diary, the plan and the setting are personal data of the school's inner contour. A meeting is
    # never edited or deleted in this slice; a planned one is only marked held.
    grants = {"meetings": "SELECT, INSERT", "planned_meetings": "SELECT, INSERT, UPDATE",
              "school_settings": "SELECT, INSERT, UPDATE"}
    for table, privileges in grants.items():
        for statement in rls.enable(table):
            op.execute(statement)
        op.execute(f"GRANT {privileges} ON {table} TO {APP}")
        op.execute(rls.policy(table, f"{table}_school", role=APP, using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    for statement in rls.outbox_policies("monitoring"):
        op.execute(statement)
    for statement in rls.consumer_policies("monitoring"):
        op.execute(statement)


def downgrade() -> None:
    for table in ("failed_events", "processed_events", "outbox", "school_settings", "planned_meetings", "meetings",
                  "monitored_pairs"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
