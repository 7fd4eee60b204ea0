"""The people ever counted as staff, found without reading every student's history (ADR 031): the retention of young
teachers reads the histories of 100,000 teachers among 1.1 M people, and finding them was a scan of every version.

Revision ID: 0021
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX count_state_history_staff ON count_state_history (entity_id)"
               " WHERE entity_kind = 'person' AND 'person.staff' = ANY (facets)")


def downgrade() -> None:
    op.drop_index("count_state_history_staff", table_name="count_state_history")
