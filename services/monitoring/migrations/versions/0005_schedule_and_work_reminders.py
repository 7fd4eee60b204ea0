"""The pair's reporting schedule and the day it ended early (learnt from matching's events); the other reminders of
issue 12 item 6 — reports due and plans awaiting agreement — claimed once per condition; groups learnt from
matching's group events and their meetings with attendance per mentee (item 1).

Revision ID: 0005
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0005"
down_revision = "0006"
branch_labels = None
depends_on = None

APP, SYSTEM = rls.app_role("monitoring"), rls.system_role("monitoring")
KINDS = "('acquaintance', 'trial', 'planning', 'regular', 'final')"
TENANT = "org_id uuid NOT NULL, municipality_id uuid NOT NULL, region_id uuid NOT NULL"


def upgrade() -> None:
    # Pairs announced before the field existed keep matching's default schedule (monthly).
    op.execute("ALTER TABLE monitored_pairs ADD COLUMN reporting text NOT NULL DEFAULT 'monthly' "
               "CHECK (reporting IN ('monthly', 'quarterly', 'final'))")
    op.execute("ALTER TABLE monitored_pairs ADD COLUMN ended_on date")
    op.execute(f"""
        CREATE TABLE sent_work_reminders (
            {TENANT},
            kind text NOT NULL CHECK (kind IN ('report_due', 'plan_unagreed')),
            pair_id uuid NOT NULL REFERENCES monitored_pairs(id),
            condition text NOT NULL CHECK (char_length(condition) <= 40),
            sent_at timestamptz NOT NULL,
            PRIMARY KEY (pair_id, kind, condition)
        )""")
    for statement in rls.enable("sent_work_reminders"):
        op.execute(statement)
    # As sent_reminders: the school reads and claims its own conditions; a claim is never undone.
    op.execute(f"GRANT SELECT, INSERT ON sent_work_reminders TO {APP}")
    op.execute(rls.policy("sent_work_reminders", "sent_work_reminders_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))

    op.execute(f"""
        CREATE TABLE monitored_groups (
            id uuid PRIMARY KEY,
            {TENANT},
            form text NOT NULL,
            kind text NOT NULL,
            term_start date NOT NULL,
            term_end date NOT NULL,
            reporting text NOT NULL CHECK (reporting IN ('monthly', 'quarterly', 'final')),
            status text NOT NULL CHECK (status IN ('active', 'completed', 'closed')),
            ended_on date,
            mentor_ids jsonb NOT NULL,
            members jsonb NOT NULL,
            version bigint NOT NULL
        )""")
    op.execute(f"""
        CREATE TABLE group_meetings (
            id uuid PRIMARY KEY,
            {TENANT},
            group_id uuid NOT NULL REFERENCES monitored_groups(id),
            kind text NOT NULL CHECK (kind IN {KINDS}),
            held_on date NOT NULL,
            format text NOT NULL CHECK (format IN ('in_person', 'remote')),
            topic text NOT NULL CHECK (char_length(topic) BETWEEN 1 AND 300),
            duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 480),
            outcome text NOT NULL CHECK (char_length(outcome) <= 2000),
            next_step text NOT NULL CHECK (char_length(next_step) <= 1000),
            diary text NOT NULL CHECK (char_length(diary) <= 4000),
            attendance jsonb NOT NULL,
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX group_meetings_by_group ON group_meetings (group_id, held_on DESC)")
    # As monitored_pairs (0001): the consumer writes the projection inside the event's school; the school reads it.
    for statement in rls.enable("monitored_groups"):
        op.execute(statement)
    op.execute(f"GRANT SELECT ON monitored_groups TO {APP}")
    op.execute(rls.policy("monitored_groups", "monitored_groups_school", role=APP, command="SELECT",
                          using=rls.ORG_ONLY))
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON monitored_groups TO {SYSTEM}")
    op.execute(rls.policy("monitored_groups", "monitored_groups_event_school", role=SYSTEM, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))
    # A group's meetings and attendance are personal data of the school's inner contour; never edited here.
    for statement in rls.enable("group_meetings"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT ON group_meetings TO {APP}")
    op.execute(rls.policy("group_meetings", "group_meetings_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))


def downgrade() -> None:
    for table in ("group_meetings", "monitored_groups", "sent_work_reminders"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute("ALTER TABLE monitored_pairs DROP COLUMN IF EXISTS ended_on")
    op.execute("ALTER TABLE monitored_pairs DROP COLUMN IF EXISTS reporting")
