"""Sessions for both identity providers, and the local login.

Local login: argon2 check; failures say the same thing whether the login exists or not, and take the
same time (a dummy hash is verified for unknown names), so the form does not reveal who has an
account; repeated failures per login and per address are throttled.
SSO sessions keep the IdP's tokens server-side: an expired access token is refreshed on the next
request, and a refresh the IdP refuses (revoked, logged out elsewhere) ends the session.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gateway.adapters.account_store import AccountStore
from gateway.adapters.keycloak_oidc import KeycloakOidc, needs_refresh
from gateway.adapters.session_store import IdpTokens, LoginFailureStore, SessionStore, StoredSession, digest
from gateway.domain.accounts import Account
from mentorship_kit.errors import DomainError, Unauthenticated
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import InconsistentPrincipal, Principal, Role

LOGIN_FAILED = "Неверное имя пользователя или пароль"


def login_throttle_key(username: str) -> str:
    return f"login:{username.strip().lower()}"


class TooManyAttempts(DomainError):
    """Answered with HTTP 429."""


@dataclass(frozen=True)
class AuthenticatedSession:
    token: str
    principal: Principal
    username: str
    csrf_token: str
    idp: str
    id_token: str = ""
    low_vision: bool | None = None
    """The person's own choice of the «версия для слабовидящих», read with the session (None: never made)."""

    @property
    def display_name(self) -> str:
        return self.principal.display_name


@dataclass(frozen=True)
class Throttle:
    per_login: int = 5
    per_address: int = 100
    window: timedelta = timedelta(minutes=15)


_GENERATED_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


class AuthService:
    def __init__(self, accounts: AccountStore, sessions: SessionStore, failures: LoginFailureStore, *,
                 session_ttl: timedelta, throttle: Throttle | None = None, oidc: KeycloakOidc | None = None,
                 hasher: PasswordHasher | None = None) -> None:
        self._accounts = accounts
        self._sessions = sessions
        self._failures = failures
        self._ttl = session_ttl
        self._throttle = throttle or Throttle()
        self._oidc = oidc
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash = self._hasher.hash(secrets.token_hex(16))

    # -- local accounts --------------------------------------------------------------------------
    def create_account(self, *, username: str, password: str, display_name: str, role: Role,
                       org_id: str | None = None, municipality_id: str | None = None,
                       region_id: str | None = None, participant_id: str | None = None) -> Account:
        """Create or update a local account (demo data, tests); refuses a role whose tenant attributes are missing."""
        existing = self._accounts.by_username(username)
        account = Account(id=existing.id if existing else str(uuid.uuid4()), username=username.lower(),
                          display_name=display_name, role=role, org_id=org_id, municipality_id=municipality_id,
                          region_id=region_id, password_hash=self._hasher.hash(password),
                          participant_id=participant_id)
        account.principal()
        self._accounts.save(account)
        return account

    def login(self, username: str, password: str, *, client_ip: str) -> AuthenticatedSession:
        login_key, address_key = login_throttle_key(username), f"ip:{client_ip}"
        now = datetime.now(UTC)
        # The failure is counted before the password is checked (under a row lock): parallel attempts cannot all
        # pass the limit; a success gives it back.
        if not self._failures.reserve({login_key: self._throttle.per_login, address_key: self._throttle.per_address},
                                      since=now - self._throttle.window, now=now):
            minutes = int(self._throttle.window.total_seconds() // 60)
            raise TooManyAttempts(f"Слишком много неудачных попыток входа. Повторите через {minutes} минут.")
        account = self._accounts.by_username(username) if username else None
        if account is None or not account.active or account.idp != "local" or not account.password_hash:
            self._verify(self._dummy_hash, password)
            raise Unauthenticated(LOGIN_FAILED)
        if not self._verify(account.password_hash, password):
            raise Unauthenticated(LOGIN_FAILED)
        self._failures.clear(login_key)
        self._failures.release(address_key)
        try:
            principal = account.principal()
        except InconsistentPrincipal as exc:
            raise Unauthenticated("Учётная запись настроена неверно: обратитесь к администратору") from exc
        return self.open(principal, username=account.username, idp="local", account_id=account.id)

    def lift_login_lock(self, principal: Principal, username: str) -> bool:
        """An administrator lets a locked login try again at once; whether it had failures."""
        require(principal, Action.LOGIN_LOCK_LIFT)
        return self._failures.clear(login_throttle_key(username))

    # -- sessions --------------------------------------------------------------------------------
    def open(self, principal: Principal, *, username: str, idp: str, account_id: str | None = None,
             tokens: IdpTokens | None = None) -> AuthenticatedSession:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self._sessions.open(token, principal=principal, username=username, csrf_token=csrf, idp=idp,
                            account_id=account_id, expires_at=datetime.now(UTC) + self._ttl, tokens=tokens)
        return AuthenticatedSession(token, principal, username, csrf, idp, tokens.id_token if tokens else "")

    def resolve(self, token: str) -> AuthenticatedSession | None:
        if not token or len(token) > 200:
            return None
        now = datetime.now(UTC)
        stored = self._sessions.get(token, now=now)
        if stored is None:
            return None
        expired = stored.tokens is not None and needs_refresh(stored.tokens, now=now)
        if expired and not self._refresh(stored):
            return None
        id_token = stored.tokens.id_token if stored.tokens else ""
        return AuthenticatedSession(token, stored.principal, stored.username, stored.csrf_token, stored.idp, id_token,
                                    stored.low_vision)

    def _refresh(self, stored: StoredSession) -> bool:
        assert stored.tokens is not None and self._oidc is not None
        try:
            tokens, _ = self._oidc.refresh(stored.tokens.refresh_token, previous_id_token=stored.tokens.id_token)
        except Unauthenticated:
            self._sessions.close(stored.token_hash)
            return False
        self._sessions.replace_tokens(stored.token_hash, tokens)
        return True

    def logout(self, session: AuthenticatedSession) -> None:
        stored = self._sessions.get(session.token, now=datetime.now(UTC))
        if stored is not None and stored.tokens is not None and self._oidc is not None:
            self._oidc.revoke(stored.tokens.refresh_token)
        self._sessions.close(digest(session.token))

    def end_sessions_of(self, account: Account) -> None:
        self._sessions.close_for_account(account.id)
        if account.external_id:
            self._sessions.close_for_subject(f"kc:{account.external_id}")

    def hash_password(self, password: str) -> str:
        return self._hasher.hash(password)

    def hash_generated_secret(self, secret: str) -> str:
        """A one-time password the platform generated (96 random bits), not one a person chose: guessing it is
        hopeless whatever the hash's cost, so a light argon2 profile is enough — and a region's roster of 300
        curators is hashed in seconds, not minutes. ``verify`` reads the profile from the hash itself."""
        return _GENERATED_HASHER.hash(secret)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
