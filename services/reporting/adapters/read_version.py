"""The projections' version a reader sees: the sum of ``read_versions`` (migration 0019, ADR 029)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reporting.adapters.tables import read_versions

_SUM = select(func.coalesce(func.sum(read_versions.c.version), 0))


def projections_version(session: Session) -> int:
    return int(session.execute(_SUM).scalar_one())
