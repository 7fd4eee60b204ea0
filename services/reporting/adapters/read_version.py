"""The projections' version a reader sees: the sum of ``read_versions`` (migration 0019, ADR 029)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_SUM = text("SELECT coalesce(sum(version), 0) FROM read_versions")


def projections_version(session: Session) -> int:
    return int(session.execute(_SUM).scalar_one())
