"""Single sign-on through Keycloak: authorization code flow with PKCE (S256), state and nonce.

``start`` remembers the flow's secrets under a random state (also set in the browser's cookie);
``finish`` accepts the IdP's answer only for that browser, only once, and only within minutes, exchanges
the code with the verifier, validates the tokens and opens a session for a principal whose tenant the
registry knows.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from keycloak.pkce_utils import generate_code_challenge, generate_code_verifier

from gateway.adapters.keycloak_oidc import KeycloakOidc
from gateway.adapters.service_clients import RegistryClient
from gateway.adapters.session_store import LoginFlowStore
from gateway.domain.claims import identity_from_claims
from gateway.service_layer.auth import AuthenticatedSession, AuthService
from mentorship_kit.errors import DomainError, Unauthenticated
from mentorship_kit.principal import InconsistentPrincipal, Principal, Scope

FLOW_TTL = timedelta(minutes=10)


class SsoRefused(Unauthenticated):
    """The IdP's answer or the account behind it cannot open a session (shown as a page, not a 500)."""


@dataclass(frozen=True)
class StartedLogin:
    redirect_to: str
    state: str


class TenantDirectory:
    """Checks a principal's tenant against the registry, which owns the structure."""

    def __init__(self, registry: RegistryClient) -> None:
        self._registry = registry

    def verify(self, principal: Principal) -> None:
        try:
            if principal.scope is Scope.ORG:
                found = [o for o in self._registry.list_organisations(principal) if o.id == principal.org_id]
                if not found:
                    raise SsoRefused("Организация учётной записи не найдена в реестре платформы")
                if (found[0].municipality_id, found[0].region_id) != (principal.municipality_id, principal.region_id):
                    raise SsoRefused("Муниципалитет или регион учётной записи не совпадает с реестром")
            elif principal.scope is Scope.MUNICIPALITY:
                known = self._registry.list_municipalities(principal, region_id=principal.region_id or "")
                if principal.municipality_id not in {m.id for m in known}:
                    raise SsoRefused("Муниципалитет учётной записи не найден в реестре платформы")
            elif principal.scope is Scope.REGION and \
                    principal.region_id not in {r.id for r in self._registry.list_regions(principal)}:
                raise SsoRefused("Регион учётной записи не найден в реестре платформы")
        except SsoRefused:
            raise
        except DomainError as exc:
            raise SsoRefused("Реестр не подтвердил принадлежность учётной записи: " + exc.message) from exc


class SsoService:
    def __init__(self, oidc: KeycloakOidc, flows: LoginFlowStore, auth: AuthService, tenants: TenantDirectory,
                 *, redirect_uri: str) -> None:
        self._oidc = oidc
        self._flows = flows
        self._auth = auth
        self._tenants = tenants
        self.redirect_uri = redirect_uri

    def start(self) -> StartedLogin:
        state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(24), generate_code_verifier(64)
        challenge, _ = generate_code_challenge(verifier, "S256")
        self._flows.put(state, code_verifier=verifier, nonce=nonce, expires_at=datetime.now(UTC) + FLOW_TTL)
        url = self._oidc.authorization_url(redirect_uri=self.redirect_uri, state=state, nonce=nonce,
                                           code_challenge=challenge)
        return StartedLogin(url, state)

    def finish(self, *, code: str, state: str, browser_state: str) -> AuthenticatedSession:
        if not code or not state or not secrets.compare_digest(state, browser_state or ""):
            raise SsoRefused("Ответ сервера единого входа не относится к этому браузеру: начните вход заново")
        flow = self._flows.take(state, now=datetime.now(UTC))
        if flow is None:
            raise SsoRefused("Вход устарел или уже завершён: начните вход заново")
        verifier, nonce = flow
        tokens, claims = self._oidc.exchange(code=code, redirect_uri=self.redirect_uri, code_verifier=verifier,
                                             nonce=nonce)
        try:
            identity = identity_from_claims(claims)
        except InconsistentPrincipal as exc:
            self._oidc.revoke(tokens.refresh_token)
            raise SsoRefused(str(exc)) from exc
        try:
            self._tenants.verify(identity.principal)
        except SsoRefused:
            self._oidc.revoke(tokens.refresh_token)
            raise
        return self._auth.open(identity.principal, username=identity.username, idp="keycloak", tokens=tokens)

    def logout_url(self, session: AuthenticatedSession, *, after: str) -> str | None:
        if session.idp != "keycloak" or not session.id_token:
            return None
        return self._oidc.end_session_url(id_token=session.id_token, post_logout_redirect_uri=after)
