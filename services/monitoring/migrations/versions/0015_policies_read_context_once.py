"""Row-level security reads the caller's context once per statement (ADR 033): ``rls.rewrite_policies`` rewrites every
policy of this database, also those spelt by hand in earlier migrations.

Revision ID: 0015
"""

from __future__ import annotations

from mentorship_kit.migrations import policies_read_context_once as upgrade
from mentorship_kit.migrations import policies_read_context_per_row as downgrade

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None
__all__ = ["downgrade", "upgrade"]
