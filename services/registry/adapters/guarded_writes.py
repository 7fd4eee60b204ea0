"""Writes that meet a concurrent writer: a unique violation or a stale version becomes a clear conflict."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentorship_kit.errors import Conflict


def insert_or_conflict(session: Session, statement: Any, conflict_message: str) -> None:
    """Insert inside a savepoint so a unique violation becomes a clear conflict, not a broken transaction."""
    try:
        with session.begin_nested():
            session.execute(statement)
    except IntegrityError as exc:
        raise Conflict(conflict_message) from exc


def affected(result: Any) -> int:
    """Rows an UPDATE touched (``Session.execute`` is typed as returning a plain ``Result``)."""
    return int(cast(CursorResult[Any], result).rowcount)
