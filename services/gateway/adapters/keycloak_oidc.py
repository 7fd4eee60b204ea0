"""Keycloak as the identity provider, through python-keycloak's ``KeycloakOpenID``.

Access tokens are validated against the realm's keys (cached, refetched when an unknown key id shows
up) with the issuer checked; ID tokens additionally for audience and nonce.
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from jwcrypto import jwk, jws, jwt
from keycloak import KeycloakOpenID
from keycloak.exceptions import KeycloakError

from gateway.adapters.session_store import IdpTokens
from mentorship_kit.errors import Unauthenticated, Unavailable


class KeycloakOidc:
    def __init__(self, *, server_url: str, realm: str, client_id: str, client_secret: str,
                 leeway_seconds: int = 30) -> None:
        self._kc = KeycloakOpenID(server_url=server_url, realm_name=realm, client_id=client_id,
                                  client_secret_key=client_secret, timeout=10)
        self._client_id = client_id
        self._leeway = leeway_seconds
        self._keys: jwk.JWKSet | None = None
        self._well_known: dict[str, Any] | None = None
        self._lock = threading.Lock()

    # -- discovery -------------------------------------------------------------------------------
    def _discovery(self) -> dict[str, Any]:
        if self._well_known is None:
            try:
                self._well_known = self._kc.well_known()
            except (KeycloakError, OSError) as exc:
                raise Unavailable("Сервер единого входа недоступен") from exc
        return self._well_known

    @property
    def issuer(self) -> str:
        return str(self._discovery()["issuer"])

    def _key_set(self, *, refresh: bool = False) -> jwk.JWKSet:
        with self._lock:
            if self._keys is None or refresh:
                keys = jwk.JWKSet()
                for cert in self._kc.certs()["keys"]:
                    keys.add(jwk.JWK(**cert))
                self._keys = keys
            return self._keys

    # -- the code flow ---------------------------------------------------------------------------
    def authorization_url(self, *, redirect_uri: str, state: str, nonce: str, code_challenge: str) -> str:
        self._discovery()
        return self._kc.auth_url(redirect_uri=redirect_uri, scope="openid profile", state=state, nonce=nonce,
                                 code_challenge=code_challenge, code_challenge_method="S256")

    def exchange(self, *, code: str, redirect_uri: str, code_verifier: str,
                 nonce: str) -> tuple[IdpTokens, dict[str, Any]]:
        try:
            response = self._kc.token(grant_type="authorization_code", code=code, redirect_uri=redirect_uri,
                                      code_verifier=code_verifier)
        except KeycloakError as exc:
            raise Unauthenticated("Сервер единого входа отклонил код входа: начните вход заново") from exc
        tokens, claims = self._accept(response)
        id_claims = self.validate(tokens.id_token, audience=self._client_id)
        if id_claims.get("nonce") != nonce:
            raise Unauthenticated("Ответ сервера единого входа не относится к этому входу")
        return tokens, claims

    def refresh(self, refresh_token: str, *, previous_id_token: str) -> tuple[IdpTokens, dict[str, Any]]:
        try:
            response = self._kc.refresh_token(refresh_token)
        except KeycloakError as exc:
            raise Unauthenticated("Сеанс единого входа завершён") from exc
        response.setdefault("id_token", previous_id_token)
        return self._accept(response)

    def revoke(self, refresh_token: str) -> None:
        with contextlib.suppress(KeycloakError):  # already revoked or expired: the goal is reached anyway
            self._kc.logout(refresh_token)

    def end_session_url(self, *, id_token: str, post_logout_redirect_uri: str) -> str:
        query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri,
                           "client_id": self._client_id})
        return f"{self._discovery()['end_session_endpoint']}?{query}"

    # -- validation ------------------------------------------------------------------------------
    def validate(self, token: str, *, audience: str | None = None) -> dict[str, Any]:
        """Signature, expiry and issuer (and audience when given); raises Unauthenticated otherwise."""
        check: dict[str, Any] = {"iss": self.issuer, "exp": None}
        if audience:
            check["aud"] = audience
        keys = self._key_set()
        if self._key_id(token) not in {k.get("kid") for k in keys["keys"]}:
            keys = self._key_set(refresh=True)  # the realm may have rotated its keys: fetch them once
        try:
            decoded = jwt.JWT(jwt=token, check_claims=check, expected_type="JWS",
                              algs=["RS256", "PS256", "ES256", "EdDSA"])
            decoded.leeway = self._leeway
            decoded.validate(keys)
            return dict(json.loads(decoded.claims))
        except (jwt.JWTExpired, jwt.JWTNotYetValid) as exc:
            raise Unauthenticated("Срок действия токена истёк") from exc
        except (jwt.JWException, jws.InvalidJWSSignature, jws.InvalidJWSObject, ValueError) as exc:
            raise Unauthenticated("Токен единого входа не прошёл проверку") from exc

    @staticmethod
    def _key_id(token: str) -> str | None:
        try:
            header = token.split(".", 1)[0]
            return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))).get("kid")
        except (ValueError, AttributeError):
            return None

    def _accept(self, response: dict[str, Any]) -> tuple[IdpTokens, dict[str, Any]]:
        access = str(response.get("access_token", ""))
        claims = self.validate(access)
        expires = datetime.fromtimestamp(int(claims.get("exp", time.time())), UTC)
        tokens = IdpTokens(access_token=access, refresh_token=str(response.get("refresh_token", "")),
                           id_token=str(response.get("id_token", "")), access_expires_at=expires)
        return tokens, claims


def needs_refresh(tokens: IdpTokens, *, now: datetime, margin_seconds: int = 5) -> bool:
    return tokens.access_expires_at <= now + timedelta(seconds=margin_seconds)
