"""The projections' version a reader sees: the sum of ``read_versions`` (migration 0019, ADR 029)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from mentorship_kit.db import single_statement_reads
from reporting.adapters.tables import read_versions

_SUM = select(func.coalesce(func.sum(read_versions.c.version), 0))


class ProjectionsVersion:
    """The sum, read on its own: ``read_versions`` is nobody's rows (its policy admits every role), so the read binds
    no tenant and needs no transaction — one statement in autocommit, asked before every page (ADR 029, 035)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = single_statement_reads(engine)

    def __call__(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(_SUM).scalar_one())
