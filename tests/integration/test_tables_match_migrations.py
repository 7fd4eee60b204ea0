"""Each service writes its schema twice: SQLAlchemy tables (what the code reads and writes) and Alembic
migrations (what the database is). This compares the migrated database of the test stack with the tables.

Checked: every table and column on both sides, nullability, compatible types (alembic's ``compare_metadata``)
and primary keys. What is left alone by design is listed in ``IGNORED_KINDS``.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, inspect

IGNORED_KINDS = {
    "remove_index",  # indexes for queries (partial, unique) exist in the migrations only: the code never names them
    "remove_constraint",  # unique constraints the database enforces; the code relies on them only through errors
    "remove_fk",  # foreign keys: declared in SQL, never needed by the code's queries
}
"""Kinds of difference not reported: all three are things the database has and the tables do not declare. The
opposite (declared in the tables, missing in the database) is reported. Server defaults are not compared
(alembic's default); row-level security, policies, grants and roles are invisible to alembic and are checked by
tests/integration/test_row_level_security.py."""

TABLE_MODULES = {
    "registry": ["registry.adapters.tables", "registry.adapters.participant_tables", "registry.adapters.outer_tables",
                 "registry.adapters.contest_tables",
                 "registry.adapters.register_tables",
                 "mentorship_kit.outbox",
                 "mentorship_kit.consumer"],
    "reporting": ["reporting.adapters.tables", "mentorship_kit.consumer"],
    "gateway": ["gateway.adapters.tables"],
    "matching": ["matching.adapters.tables", "mentorship_kit.outbox", "mentorship_kit.consumer"],
    "monitoring": ["monitoring.adapters.tables", "mentorship_kit.outbox", "mentorship_kit.consumer"],
}
"""The modules whose ``metadata`` holds a service's tables (the kit's outbox and consumer tables included)."""


def _metadata(service: str) -> MetaData:
    merged = MetaData()
    for name in TABLE_MODULES[service]:
        module = importlib.import_module(name)
        for table in module.metadata.tables.values():
            if table.name not in merged.tables:
                table.to_metadata(merged)
    return merged


def _flatten(diffs: list[Any]) -> list[tuple[Any, ...]]:
    """compare_metadata nests column modifications in lists; one tuple per difference."""
    return [d for group in diffs for d in (group if isinstance(group, list) else [group])]


@pytest.mark.parametrize("service", sorted(TABLE_MODULES))
def test_tables_match_the_migrated_database(stack, service: str) -> None:  # type: ignore[no-untyped-def]
    metadata = _metadata(service)
    engine = create_engine(stack.databases[service].admin_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            found = _flatten(compare_metadata(context, metadata))
            inspector = inspect(conn)
            keys = {name: inspector.get_pk_constraint(name)["constrained_columns"]
                    for name in inspector.get_table_names() if name in metadata.tables}
    finally:
        engine.dispose()
    reported = [d for d in found if d[0] not in IGNORED_KINDS
                and not (d[0] == "remove_table" and d[1].name == "alembic_version")]
    assert not reported, "\n".join(_describe(d) for d in reported)
    assert {name: [c.name for c in table.primary_key.columns] for name, table in metadata.tables.items()} == keys


def _describe(diff: tuple[Any, ...]) -> str:
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return f"{kind} {diff[1].name}"
    if kind in ("add_column", "remove_column"):
        return f"{kind} {diff[2]}.{diff[3].name}"
    if kind in ("modify_nullable", "modify_type"):
        _, _, table, column, _info, before, after = diff
        return f"{kind} {table}.{column}: database {before!r}, tables {after!r}"
    return repr(diff)
