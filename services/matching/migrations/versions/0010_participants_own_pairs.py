"""Mentors and teacher mentees sign in (ADR 010): a participant's login sees only its own pairs and groups.

The unit of work binds ``app.participant_role`` / ``app.participant_id`` (the mentor card or the mentee's id) for
such a login; *restrictive* policies, ANDed with the tenant policies, keep the rows of its own pairs and groups and
nothing of matching runs, proposals, compatibility marks or virtual offers. Staff (no participant) pass unchanged;
the consumer's system role is not concerned.

Revision ID: 0010
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None

APP = rls.app_role("matching")
OWN = {
    "pairs": rls.own_rows(mentor="mentor_id = app_participant_id()", mentee="mentee_id = app_participant_id()"),
    "pair_history": rls.own_rows(mentor="pair_id IN (SELECT id FROM pairs)",
                                 mentee="pair_id IN (SELECT id FROM pairs)"),
    # A mentor sees the members on his own seats; pair_groups reads group_members for a mentee (no cycle).
    "group_members": rls.own_rows(mentor="mentor_id = app_participant_id()",
                                  mentee="mentee_id = app_participant_id()"),
    "pair_groups": rls.own_rows(mentor="app_participant_id() = ANY (mentor_ids)",
                                mentee="id IN (SELECT group_id FROM group_members)"),
    "group_history": rls.own_rows(mentor="group_id IN (SELECT id FROM pair_groups)",
                                  mentee="group_id IN (SELECT id FROM pair_groups)"),
}
NOTHING = ("matching_runs", "run_proposals", "compatibility_marks", "regional_runs", "regional_offers",
           "regional_offer_items")


def upgrade() -> None:
    for statement in rls.PARTICIPANT_FUNCTIONS:
        op.execute(statement)
    for table, using in OWN.items():
        op.execute(rls.own_policy(table, role=APP, using=using))
    for table in NOTHING:
        op.execute(rls.own_policy(table, role=APP, using="app_participant_role() IS NULL"))


def downgrade() -> None:
    for table in (*OWN, *NOTHING):
        op.execute(f"DROP POLICY {table}_own ON {table}")
    op.execute("DROP FUNCTION app_participant_id()")
    op.execute("DROP FUNCTION app_participant_role()")
