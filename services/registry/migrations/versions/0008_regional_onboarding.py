"""The regional operator onboards its own region: it may add municipalities and organisations there (and only
there); until now only the platform wrote structure.

Revision ID: 0008
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

APP = rls.app_role("registry")
OWN_REGION = "app_scope() = 'region' AND region_id = app_region_id()"


def upgrade() -> None:
    for table in ("municipalities", "organisations"):
        op.execute(rls.policy(table, f"{table}_write_own_region", role=APP, command="INSERT", check=OWN_REGION))


def downgrade() -> None:
    for table in ("municipalities", "organisations"):
        op.execute(f"DROP POLICY IF EXISTS {table}_write_own_region ON {table}")
