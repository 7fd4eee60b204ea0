"""Local login: argon2 password check, server-side sessions, one CSRF token per session.

Failures say the same thing whether the login name exists or not, and take the same time (a dummy
hash is verified for unknown names), so the login form does not reveal who has an account.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gateway.adapters.account_store import AccountStore
from gateway.domain.accounts import Account
from mentorship_kit.errors import Unauthenticated
from mentorship_kit.principal import InconsistentPrincipal, Principal, Role

LOGIN_FAILED = "Неверное имя пользователя или пароль"


@dataclass(frozen=True)
class AuthenticatedSession:
    token: str
    account: Account
    principal: Principal
    csrf_token: str


class AuthService:
    def __init__(self, store: AccountStore, *, session_ttl: timedelta, hasher: PasswordHasher | None = None) -> None:
        self._store = store
        self._ttl = session_ttl
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash = self._hasher.hash(secrets.token_hex(16))

    def hash_password(self, password: str) -> str:
        return self._hasher.hash(password)

    def create_account(self, *, username: str, password: str, display_name: str, role: Role,
                       org_id: str | None = None, municipality_id: str | None = None,
                       region_id: str | None = None) -> Account:
        """Create or update a local account; refuses a role whose tenant attributes are missing."""
        existing = self._store.by_username(username)
        account = Account(id=existing.id if existing else str(uuid.uuid4()), username=username.lower(),
                          display_name=display_name, role=role, org_id=org_id, municipality_id=municipality_id,
                          region_id=region_id, password_hash=self.hash_password(password))
        account.principal()
        self._store.save(account)
        return account

    def login(self, username: str, password: str) -> AuthenticatedSession:
        account = self._store.by_username(username) if username else None
        if account is None or not account.active:
            self._verify(self._dummy_hash, password)
            raise Unauthenticated(LOGIN_FAILED)
        if not self._verify(account.password_hash, password):
            raise Unauthenticated(LOGIN_FAILED)
        try:
            principal = account.principal()
        except InconsistentPrincipal as exc:
            raise Unauthenticated("Учётная запись настроена неверно: обратитесь к администратору") from exc
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self._store.open_session(token, account_id=account.id, csrf_token=csrf,
                                 expires_at=datetime.now(UTC) + self._ttl)
        return AuthenticatedSession(token, account, principal, csrf)

    def resolve(self, token: str) -> AuthenticatedSession | None:
        if not token or len(token) > 200:
            return None
        found = self._store.session(token, now=datetime.now(UTC))
        if found is None:
            return None
        account, csrf = found
        try:
            return AuthenticatedSession(token, account, account.principal(), csrf)
        except InconsistentPrincipal:
            return None

    def logout(self, token: str) -> None:
        self._store.close_session(token)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
