"""Mentors and teacher mentees sign in (ADR 010): a participant's login sees only its own pairs' work.

The unit of work binds ``app.participant_role`` / ``app.participant_id`` (the mentor card or the mentee's id) for such
a login; *restrictive* policies, ANDed with the tenant policies, keep the rows of its own pairs — meetings, the
calendar plan, the plan document, the reports, the reminders sent — and none of the school's reminder addresses.
Staff (no participant) pass unchanged; the consumer's and the reminder job's system role is not concerned.

Revision ID: 0009
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0009"
down_revision = "0005"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")
OF_OWN_PAIR = rls.own_rows(mentor="pair_id IN (SELECT id FROM monitored_pairs)",
                           mentee="pair_id IN (SELECT id FROM monitored_pairs)")
OWN = {
    "monitored_pairs": rls.own_rows(mentor="mentor_id = app_participant_id()",
                                    mentee="mentee_id = app_participant_id()"),
    "meetings": OF_OWN_PAIR, "planned_meetings": OF_OWN_PAIR, "plan_documents": OF_OWN_PAIR,
    "mentor_reports": OF_OWN_PAIR, "sent_reminders": OF_OWN_PAIR,
    "reminder_recipients": "app_participant_role() IS NULL",
}


def upgrade() -> None:
    for statement in rls.PARTICIPANT_FUNCTIONS:
        op.execute(statement)
    for table, using in OWN.items():
        op.execute(rls.own_policy(table, role=APP, using=using))


def downgrade() -> None:
    for table in OWN:
        op.execute(f"DROP POLICY {table}_own ON {table}")
    op.execute("DROP FUNCTION app_participant_id()")
    op.execute("DROP FUNCTION app_participant_role()")
