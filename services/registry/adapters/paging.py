"""Keyset pagination by (lower(name), id): stable under inserts, cheap at any depth, opaque to clients."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from sqlalchemy import Select, Text, func, literal, select, tuple_
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from mentorship_kit.errors import FieldProblem, ValidationFailed


def encode_token(name: str, row_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([name, row_id]).encode()).decode()


def decode_token(token: str) -> tuple[str, str]:
    try:
        name, row_id = json.loads(base64.urlsafe_b64decode(token.encode()))
        uuid.UUID(str(row_id))
        if "\x00" in str(name):
            raise ValueError("NUL in a page token")
        return str(name), str(row_id)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed([FieldProblem("page_token", "Неверная ссылка на страницу списка")]) from exc


def keyset_page(session: Session, query: Select[Any], *, name: ColumnElement[Any], row_id: ColumnElement[Any],
                size: int, after: str) -> tuple[list[Any], str, int]:
    """Rows of ``query`` after the token, ordered by name; returns (rows, next token, total matching)."""
    total = session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    sort_key = func.lower(name)
    paged = query.order_by(sort_key, row_id).limit(size + 1)
    if after:
        last_name, last_id = decode_token(after)
        paged = paged.where(tuple_(sort_key, row_id) > tuple_(literal(last_name, Text),
                                                              literal(last_id, UUID(as_uuid=False))))
    rows = list(session.execute(paged).all())
    page = rows[:size]
    token = encode_token(str(page[-1]._mapping[name]).lower(), str(page[-1]._mapping[row_id])) \
        if len(rows) > size and page else ""
    return page, token, int(total)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
