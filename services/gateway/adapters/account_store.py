"""Accounts and sessions in the gateway's database. Session tokens are stored only as hashes."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects.postgresql import insert

from gateway.adapters.tables import accounts, sessions
from gateway.domain.accounts import Account
from mentorship_kit.principal import Role


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _account(row: Any) -> Account:
    def text(value: object) -> str | None:
        return str(value) if value else None

    return Account(id=str(row.id), username=row.username, display_name=row.display_name, role=Role(row.role),
                   org_id=text(row.org_id), municipality_id=text(row.municipality_id), region_id=text(row.region_id),
                   password_hash=row.password_hash, active=row.active)


class AccountStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def by_username(self, username: str) -> Account | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.username == username.strip().lower())).first()
        return _account(row) if row else None

    def save(self, account: Account) -> None:
        values = {
            "id": account.id, "username": account.username.lower(), "display_name": account.display_name,
            "role": account.role.value, "org_id": account.org_id, "municipality_id": account.municipality_id,
            "region_id": account.region_id, "password_hash": account.password_hash, "active": account.active,
        }
        update = {k: v for k, v in values.items() if k not in ("id", "username")}
        with self._engine.begin() as conn:
            conn.execute(insert(accounts).values(**values)
                         .on_conflict_do_update(index_elements=["username"], set_=update))

    def open_session(self, token: str, *, account_id: str, csrf_token: str, expires_at: datetime) -> None:
        with self._engine.begin() as conn:
            conn.execute(insert(sessions).values(token_hash=token_hash(token), account_id=account_id,
                                                 csrf_token=csrf_token, expires_at=expires_at))

    def session(self, token: str, *, now: datetime) -> tuple[Account, str] | None:
        """The live session's account and CSRF token; expired sessions and disabled accounts give None."""
        q = (select(accounts, sessions.c.csrf_token)
             .join(sessions, sessions.c.account_id == accounts.c.id)
             .where(sessions.c.token_hash == token_hash(token), sessions.c.expires_at > now,
                    accounts.c.active.is_(True)))
        with self._engine.connect() as conn:
            row = conn.execute(q).first()
        return (_account(row), row.csrf_token) if row else None

    def close_session(self, token: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == token_hash(token)))
