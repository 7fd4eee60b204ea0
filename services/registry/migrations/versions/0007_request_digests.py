"""Request digests for municipality-wide and region-wide matching runs (ADR 009): ``registry_system`` may read,
bound to a municipality or a region, the columns of open requests and mentees that name nobody.

Revision ID: 0007
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SYSTEM = rls.system_role("registry")
OUTER_TIER = f"app_scope() IN ('municipality', 'region') AND {rls.TIERED_VISIBILITY}"


def upgrade() -> None:
    # Column grants are the privacy boundary: id (hashed into a token before it leaves), tenant, status, form,
    # topics of requests; person kind and activity of mentees. No name, goal, mentee's person or notes.
    op.execute(f"GRANT SELECT (topics) ON mentoring_requests TO {SYSTEM}")
    op.execute(rls.policy("mentoring_requests", "mentoring_requests_digest", role=SYSTEM, command="SELECT",
                          using=OUTER_TIER))
    op.execute(rls.policy("mentees", "mentees_digest", role=SYSTEM, command="SELECT", using=OUTER_TIER))


def downgrade() -> None:
    op.execute("DROP POLICY IF EXISTS mentees_digest ON mentees")
    op.execute("DROP POLICY IF EXISTS mentoring_requests_digest ON mentoring_requests")
    op.execute(f"REVOKE SELECT (topics) ON mentoring_requests FROM {SYSTEM}")
