"""A participant who signs in answers his or her own questionnaires in the platform (ADR 012 addendum, ADR 010).

0010 admitted no participant's login to the questionnaire tables. Now a mentor's or a teacher mentee's login sees the
invitations sent to it — ``respondent_id`` is the participant id of ADR 010 (the mentor card's id, the mentee's id)
and ``respondent_kind`` its role — and nothing else: the questionnaires themselves and every answer stay the
school's (``STAFF_ONLY``); the answer is written after the invitation was found this way, in the invitation's school,
as a link's answer is.

Revision ID: 0011
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")
TABLE = "questionnaire_invitations"
OWN_INVITATION = rls.own_rows(
    mentor="respondent_kind = 'mentor' AND respondent_id = app_participant_id()::text",
    mentee="respondent_kind = 'mentee' AND respondent_id = app_participant_id()::text")


def upgrade() -> None:
    op.execute(f"DROP POLICY {TABLE}_own ON {TABLE}")
    op.execute(rls.own_policy(TABLE, role=APP, using=OWN_INVITATION))


def downgrade() -> None:
    op.execute(f"DROP POLICY {TABLE}_own ON {TABLE}")
    op.execute(rls.own_policy(TABLE, role=APP, using="app_participant_role() IS NULL"))
