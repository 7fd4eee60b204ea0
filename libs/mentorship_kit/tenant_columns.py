"""The three columns of every tenant table — the ones the row-level security policies of ``rls`` read.

One definition for every service, so a new table cannot spell its tenant differently: ``org_id`` (empty
for a row of a municipality or the region) and the denormalised ``municipality_id`` and ``region_id`` the
outer contour is scoped by.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column
from sqlalchemy.dialects.postgresql import UUID


def tenant_columns(*, org_required: bool = False, outer_required: bool = True) -> list[Column[Any]]:
    """``org_id``, ``municipality_id``, ``region_id`` for a SQLAlchemy ``Table``; ``org_required`` for rows that
    always belong to an organisation, ``outer_required=False`` for rows that may belong to no tenant at all
    (a platform administrator's account)."""
    return [Column("org_id", UUID(as_uuid=False), nullable=not org_required),
            Column("municipality_id", UUID(as_uuid=False), nullable=not outer_required),
            Column("region_id", UUID(as_uuid=False), nullable=not outer_required)]
