"""Requests are also brought by a staff member and by the social pedagogue (seed 001 §9 п.6).

Revision ID: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OLD = "'self', 'classroom_teacher', 'psychologist', 'parents'"
_NEW = f"{_OLD}, 'staff', 'social_pedagogue'"


def upgrade() -> None:
    op.execute(f"""
        ALTER TABLE mentoring_requests
            DROP CONSTRAINT mentoring_requests_source_check,
            ADD CONSTRAINT mentoring_requests_source_check CHECK (source IN ({_NEW}))""")


def downgrade() -> None:
    op.execute(f"""
        ALTER TABLE mentoring_requests
            DROP CONSTRAINT mentoring_requests_source_check,
            ADD CONSTRAINT mentoring_requests_source_check CHECK (source IN ({_OLD}))""")
