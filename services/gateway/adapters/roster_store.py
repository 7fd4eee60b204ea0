"""Roster uploads between their preview and their confirmation, read and written with the tenant bound: the
database lets a regional operator see its own region's rosters only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session

from gateway.adapters.tables import roster_uploads
from mentorship_kit.db import bind_tenant
from mentorship_kit.errors import Conflict
from mentorship_kit.principal import Principal


@dataclass(frozen=True)
class StoredRoster:
    id: str
    region_id: str
    author_id: str
    filename: str
    rows: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    status: str
    created_at: datetime | None = None
    confirmed_at: datetime | None = None


class RosterStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, principal: Principal, roster: StoredRoster) -> None:
        with Session(self._engine) as session, session.begin():
            bind_tenant(session, principal)
            session.execute(insert(roster_uploads).values(
                id=roster.id, region_id=roster.region_id, author_id=roster.author_id, filename=roster.filename,
                rows=roster.rows, problems=roster.problems, status=roster.status))

    def get(self, principal: Principal, roster_id: str) -> StoredRoster | None:
        with Session(self._engine) as session, session.begin():
            bind_tenant(session, principal)
            row = session.execute(select(roster_uploads).where(roster_uploads.c.id == roster_id)).first()
        if row is None:
            return None
        return StoredRoster(str(row.id), str(row.region_id), row.author_id, row.filename, row.rows, row.problems,
                            row.status, row.created_at, row.confirmed_at)

    def claim(self, principal: Principal, roster_id: str) -> None:
        """Once only: a second confirmation of the same upload (a double click, a second tab) is a conflict."""
        self._set(principal, roster_id, "preview", status="confirmed", confirmed_at=datetime.now().astimezone())

    def release(self, principal: Principal, roster_id: str) -> None:
        """The writes failed: the upload may be confirmed again."""
        self._set(principal, roster_id, "confirmed", status="preview", confirmed_at=None)

    def record(self, principal: Principal, roster_id: str, rows: list[dict[str, Any]]) -> None:
        self._set(principal, roster_id, "confirmed", rows=rows)

    def _set(self, principal: Principal, roster_id: str, current: str, **values: Any) -> None:
        with Session(self._engine) as session, session.begin():
            bind_tenant(session, principal)
            done = session.execute(update(roster_uploads).where(
                roster_uploads.c.id == roster_id, roster_uploads.c.status == current).values(**values))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise Conflict("Реестр уже подтверждён")
