"""Persons: when pedagogical service began (staff) and the course of a college's student (issue 10, items 16–17).

«Молодой специалист» follows the length of pedagogical service, not the hire at this school; the column starts
as the hire date of the staff already recorded (the only date known of them, so nobody's category changes
until the curator corrects it). A college (СПО) records its students by course 1–5 instead of a class.

Revision ID: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE persons ADD COLUMN pedagogical_since date")
    # Every school's rows at once: the owner is exempt from RLS only while it is not forced (restored below,
    # inside the same transaction, so no moment without it is ever visible).
    op.execute("ALTER TABLE persons NO FORCE ROW LEVEL SECURITY")
    op.execute("UPDATE persons SET pedagogical_since = hired_on WHERE kind = 'staff'")
    op.execute("ALTER TABLE persons FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE persons ADD COLUMN course_year integer CHECK (course_year BETWEEN 1 AND 5)")


def downgrade() -> None:
    op.execute("ALTER TABLE persons DROP COLUMN IF EXISTS course_year")
    op.execute("ALTER TABLE persons DROP COLUMN IF EXISTS pedagogical_since")
