"""Many rows into one table in one statement: the rows travel as one JSON array, unpacked by PostgreSQL.

SQLAlchemy's ``execute(insert(t), rows)`` becomes psycopg's pipelined ``executemany``: one INSERT per row, each
parsed, bound and executed by the server, its parameters adapted one by one in Python. An import of a thousand people
paid that for its people and again for its preview rows — a third of the import worker and of PostgreSQL's share of
an import (ADR 027). Here a chunk is one ``json.dumps`` (C) and one statement whose text depends only on the columns,
so its plan is cached; row-level security's WITH CHECK applies to every row as it would to a plain INSERT.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import Table, TextClause, text
from sqlalchemy.orm import Session


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot travel in a bulk insert")


@cache
def _statement(table: str, columns: tuple[str, ...]) -> TextClause:
    names = ", ".join(f'"{c}"' for c in columns)
    return text(f'INSERT INTO "{table}" ({names}) SELECT {names} '
                f'FROM jsonb_populate_recordset(NULL::"{table}", CAST(:rows AS jsonb))')


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (each with the same keys, named as the table's columns) in one statement. A JSON object or
    array value fills a jsonb column as it is; dates and times go as ISO text, which PostgreSQL reads back exactly."""
    if not rows:
        return
    columns = tuple(rows[0])
    unknown = [c for c in columns if c not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no columns {unknown}")
    session.execute(_statement(table.name, columns),
                    {"rows": json.dumps(list(rows), default=_plain, ensure_ascii=False)})


def records(**columns: Sequence[Any]) -> str:
    """Columns of equal length as one JSON array of objects, for ``jsonb_to_recordset(CAST(:rows AS jsonb)) AS
    v(name type, …)``. psycopg adapts an array parameter element by element in Python (its ``ListDumper`` quoting
    every text and uuid): a projector's thousand-entity batch in a dozen arrays was a fifth of reporting's consumer
    (ADR 031). One C ``json.dumps`` instead; PostgreSQL casts each field to the declared type."""
    names = tuple(columns)
    return json.dumps([dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)],
                      default=_plain, ensure_ascii=False)
