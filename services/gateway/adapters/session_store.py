"""Server-side sessions (the cookie holds only a random id), SSO login flows and login failures.

Session ids and flow states are stored as SHA-256 hashes: a leaked table does not yield live cookies; the IdP's
tokens are sealed with ``SESSION_TOKEN_KEY`` (:mod:`gateway.adapters.token_cipher`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert

from gateway.adapters.tables import accounts, login_flows, login_throttle, sessions, user_preferences
from gateway.adapters.token_cipher import SealedValueBroken, TokenCipher
from mentorship_kit.db import single_statement_reads
from mentorship_kit.principal import Principal, Role, Scope


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IdpTokens:
    access_token: str
    refresh_token: str
    id_token: str
    access_expires_at: datetime


@dataclass(frozen=True)
class StoredSession:
    token_hash: str
    principal: Principal
    username: str
    display_name: str
    csrf_token: str
    idp: str
    account_id: str | None
    tokens: IdpTokens | None
    low_vision: bool | None = None
    """The person's own choice of the «версия для слабовидящих» (None: never made), read with the session: every
    page asks for it, and a query of its own cost a page as much as the session's."""


def _text(value: object) -> str | None:
    return str(value) if value else None


_TOKEN_COLUMNS = ("access_token", "refresh_token", "id_token")


class SessionStore:
    def __init__(self, engine: Engine, cipher: TokenCipher) -> None:
        self._engine = engine
        self._reads = single_statement_reads(engine)  # every request reads its session: one statement, no BEGIN
        self._cipher = cipher

    def _seal(self, token_hash: str, column: str, value: str | None) -> str | None:
        return self._cipher.seal(value, context=f"{token_hash}:{column}") if value else None

    def _stored(self, row: Any) -> StoredSession | None:
        principal = Principal(user_id=row.subject, roles=frozenset(Role(r) for r in row.roles),
                              scope=Scope(row.scope), org_id=_text(row.org_id),
                              municipality_id=_text(row.municipality_id), region_id=_text(row.region_id),
                              display_name=row.display_name, participant_id=_text(row.participant_id))
        tokens = None
        if row.refresh_token:
            try:
                access, refresh, id_token = (
                    self._cipher.open(value, context=f"{row.token_hash}:{column}") if value else ""
                    for column, value in zip(_TOKEN_COLUMNS, (row.access_token, row.refresh_token, row.id_token),
                                             strict=True))
            except SealedValueBroken:
                return None  # a row written in clear (or with another key): signed out
            tokens = IdpTokens(access, refresh, id_token, row.access_expires_at)
        return StoredSession(row.token_hash, principal, row.username, row.display_name, row.csrf_token, row.idp,
                             _text(row.account_id), tokens, None if row.low_vision is None else bool(row.low_vision))

    def open(self, token: str, *, principal: Principal, username: str, csrf_token: str, idp: str,
             account_id: str | None, expires_at: datetime, tokens: IdpTokens | None = None) -> None:
        token_hash = digest(token)
        with self._engine.begin() as conn:
            conn.execute(insert(sessions).values(
                token_hash=token_hash, account_id=account_id, csrf_token=csrf_token, expires_at=expires_at,
                idp=idp, subject=principal.user_id, username=username, display_name=principal.display_name,
                roles=sorted(r.value for r in principal.roles), scope=principal.scope.value,
                org_id=principal.org_id, municipality_id=principal.municipality_id, region_id=principal.region_id,
                participant_id=principal.participant_id,
                access_token=self._seal(token_hash, "access_token", tokens.access_token if tokens else None),
                refresh_token=self._seal(token_hash, "refresh_token", tokens.refresh_token if tokens else None),
                id_token=self._seal(token_hash, "id_token", tokens.id_token if tokens else None),
                access_expires_at=tokens.access_expires_at if tokens else None))

    def get(self, token: str, *, now: datetime) -> StoredSession | None:
        """A live session; one whose local account was disabled is not live."""
        q = (select(sessions, user_preferences.c.low_vision)
             .outerjoin(accounts, accounts.c.id == sessions.c.account_id)
             .outerjoin(user_preferences, user_preferences.c.user_id == sessions.c.subject)
             .where(sessions.c.token_hash == digest(token), sessions.c.expires_at > now,
                    or_(sessions.c.account_id.is_(None), accounts.c.active.is_(True))))
        with self._reads.connect() as conn:
            row = conn.execute(q).first()
        return self._stored(row) if row else None

    def replace_tokens(self, token_hash: str, tokens: IdpTokens) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(sessions).where(sessions.c.token_hash == token_hash).values(
                access_token=self._seal(token_hash, "access_token", tokens.access_token),
                refresh_token=self._seal(token_hash, "refresh_token", tokens.refresh_token),
                id_token=self._seal(token_hash, "id_token", tokens.id_token) or sessions.c.id_token,
                access_expires_at=tokens.access_expires_at))

    def close(self, token_hash: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    def close_for_account(self, account_id: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.account_id == account_id))

    def close_for_subject(self, subject: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.subject == subject))


class LoginFlowStore:
    """One pending SSO login per state value, usable once, for a few minutes."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def put(self, state: str, *, code_verifier: str, nonce: str, expires_at: datetime) -> None:
        with self._engine.begin() as conn:
            conn.execute(insert(login_flows).values(state_hash=digest(state), code_verifier=code_verifier,
                                                    nonce=nonce, expires_at=expires_at))

    def take(self, state: str, *, now: datetime) -> tuple[str, str] | None:
        with self._engine.begin() as conn:
            row = conn.execute(delete(login_flows).where(login_flows.c.state_hash == digest(state))
                               .returning(login_flows.c.code_verifier, login_flows.c.nonce,
                                          login_flows.c.expires_at)).first()
            conn.execute(delete(login_flows).where(login_flows.c.expires_at < now))
        if row is None or row.expires_at < now:
            return None
        return row.code_verifier, row.nonce


class LoginFailureStore:
    """Failed logins per key (``login:<name>``, ``ip:<address>``): one row each, changed only under its row lock.

    An attempt *reserves* a failure on every key before the password is checked; a key already at its limit
    refuses it. Parallel attempts queue on the rows, so no more than the limit are ever checked. A success gives
    the reservation back (:meth:`release`) or forgets the key (:meth:`clear`).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def reserve(self, limits: dict[str, int], *, since: datetime, now: datetime) -> bool:
        """One more failure on every key, unless a key has ``limit`` failures after ``since`` (then nothing)."""
        keys = sorted(limits)  # one lock order for every attempt: no deadlock between two keys
        with self._engine.begin() as conn:
            conn.execute(insert(login_throttle).on_conflict_do_nothing(index_elements=["key"]),
                         [{"key": k, "failures": 0, "last_at": now} for k in keys])
            rows = conn.execute(select(login_throttle.c.key, login_throttle.c.failures, login_throttle.c.last_at)
                                .where(login_throttle.c.key.in_(keys)).order_by(login_throttle.c.key)
                                .with_for_update()).all()
            current = {row.key: row.failures if row.last_at > since else 0 for row in rows}
            if any(current[k] >= limits[k] for k in keys):
                return False
            for key in keys:
                conn.execute(update(login_throttle).where(login_throttle.c.key == key)
                             .values(failures=current[key] + 1, last_at=now))
        return True

    def release(self, key: str) -> None:
        """Give back a reservation that turned out not to be a failure."""
        with self._engine.begin() as conn:
            conn.execute(update(login_throttle).where(login_throttle.c.key == key)
                         .values(failures=func.greatest(login_throttle.c.failures - 1, 0)))

    def clear(self, key: str) -> bool:
        """Forget the key's failures; whether there were any."""
        with self._engine.begin() as conn:
            return bool(conn.execute(delete(login_throttle).where(login_throttle.c.key == key,
                                                                  login_throttle.c.failures > 0)).rowcount)
