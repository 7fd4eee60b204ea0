"""A participant's login keeps to its own rows in the tables that came beside its pairs (ADR 010 with 011-013, 017).

Groups and their meetings, the outcomes and the work reminders of pairs follow the rule of 0009: a mentor or a
teacher mentee sees only his or her own. What is the school's alone — its program evaluation, the teachers' ИОМ and
the questionnaires with their answers — admits no participant's login at all; the public link of a questionnaire is
answered as a system caller, not as a participant.

Revision ID: 0010
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")
OF_OWN_PAIR = rls.own_rows(mentor="pair_id IN (SELECT id FROM monitored_pairs)",
                           mentee="pair_id IN (SELECT id FROM monitored_pairs)")
STAFF_ONLY = "app_participant_role() IS NULL"
OWN = {
    "pair_outcomes": OF_OWN_PAIR,
    "sent_work_reminders": OF_OWN_PAIR,
    "monitored_groups": rls.own_rows(mentor="mentor_ids ? app_participant_id()::text",
                                     mentee="members ? app_participant_id()::text"),
    "group_meetings": rls.own_rows(mentor="group_id IN (SELECT id FROM monitored_groups)",
                                   mentee="group_id IN (SELECT id FROM monitored_groups)"),
    "program_evaluations": STAFF_ONLY,
    "individual_routes": STAFF_ONLY,
    "questionnaires": STAFF_ONLY,
    "questionnaire_invitations": STAFF_ONLY,
    "questionnaire_responses": STAFF_ONLY,
    "response_respondents": STAFF_ONLY,
}


def upgrade() -> None:
    for table, using in OWN.items():
        op.execute(rls.own_policy(table, role=APP, using=using))


def downgrade() -> None:
    for table in OWN:
        op.execute(f"DROP POLICY {table}_own ON {table}")
