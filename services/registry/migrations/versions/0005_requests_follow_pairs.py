"""Requests follow matching's pairs (ADR 007): the pair id on a request; the consumer's tables; the grants of
``registry_system`` for the consumer of ``matching.events`` — columns it needs, no names, bound to one school.

Revision ID: 0005
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SYSTEM = rls.system_role("registry")
REQUEST_READ = ("id, org_id, municipality_id, region_id, mentee_id, desired_form, source, status, status_reason, "
                "submitted_at, status_changed_at, version, pair_id")
REQUEST_WRITE = "status, status_reason, status_changed_at, version, pair_id"
MENTEE_READ = "id, org_id, municipality_id, region_id, person_kind, active"


def upgrade() -> None:
    op.execute("ALTER TABLE mentoring_requests ADD COLUMN pair_id uuid")
    op.execute("CREATE INDEX requests_by_pair ON mentoring_requests (org_id, pair_id) WHERE pair_id IS NOT NULL")
    for statement in rls.CONSUMER_TABLES_V1:
        op.execute(statement)
    for statement in rls.consumer_policies("registry"):
        op.execute(statement)
    # The consumer (a named system job) changes a request's status only after binding the event's school with
    # SET LOCAL: org-only policies like the application's, one school per event. Names, topics and goals of
    # requests and everything of persons stay out of its reach.
    op.execute(f"GRANT SELECT ({REQUEST_READ}), UPDATE ({REQUEST_WRITE}) ON mentoring_requests TO {SYSTEM}")
    op.execute(rls.policy("mentoring_requests", "mentoring_requests_event_school", role=SYSTEM,
                          using=rls.ORG_ONLY, check=rls.ORG_ONLY))
    op.execute(f"GRANT SELECT ({MENTEE_READ}) ON mentees TO {SYSTEM}")
    op.execute(rls.policy("mentees", "mentees_event_school", role=SYSTEM, command="SELECT", using=rls.ORG_ONLY))
    op.execute(f"GRANT INSERT ON outbox TO {SYSTEM}")  # MentoringRequestStatusChanged, in the consumer's transaction


def downgrade() -> None:
    op.execute(f"REVOKE INSERT ON outbox FROM {SYSTEM}")
    op.execute("DROP POLICY IF EXISTS mentees_event_school ON mentees")
    op.execute(f"REVOKE SELECT ON mentees FROM {SYSTEM}")
    op.execute("DROP POLICY IF EXISTS mentoring_requests_event_school ON mentoring_requests")
    op.execute(f"REVOKE SELECT, UPDATE ON mentoring_requests FROM {SYSTEM}")
    op.execute("DROP TABLE IF EXISTS failed_events")
    op.execute("DROP TABLE IF EXISTS processed_events")
    op.execute("DROP INDEX IF EXISTS requests_by_pair")
    op.execute("ALTER TABLE mentoring_requests DROP COLUMN IF EXISTS pair_id")
