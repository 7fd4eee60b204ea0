"""Short-lived internal JWTs: the gateway signs the principal, services verify it.

EdDSA keys rather than a shared secret, so that a compromised service can verify but never mint a
token for another tenant.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mentorship_kit.principal import InconsistentPrincipal, Principal, Role, Scope

ISSUER = "mentorship-gateway"
AUDIENCE = "mentorship-services"
ALGORITHM = "EdDSA"
DEFAULT_TTL_SECONDS = 60


class InvalidInternalToken(Exception):
    """The token is missing, forged, expired or describes an impossible principal."""


def ensure_keypair(private_path: Path, public_path: Path) -> None:
    """Create the gateway's signing key pair once; later starts reuse it."""
    if private_path.exists() and public_path.exists():
        return
    private_path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    private_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    private_path.chmod(0o600)
    public_path.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


class TokenIssuer:
    def __init__(self, private_key_pem: bytes, *, ttl_seconds: int = DEFAULT_TTL_SECONDS) -> None:
        self._key = serialization.load_pem_private_key(private_key_pem, password=None)
        self._ttl = ttl_seconds

    def issue(self, principal: Principal, *, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": principal.user_id,
            "iat": issued,
            "exp": issued + self._ttl,
            "jti": str(uuid.uuid4()),
            "scope": principal.scope.value,
            "roles": sorted(r.value for r in principal.roles),
            "org_id": principal.org_id,
            "municipality_id": principal.municipality_id,
            "region_id": principal.region_id,
            "name": principal.display_name,
            "participant_id": principal.participant_id,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)  # type: ignore[arg-type]


class TokenVerifier:
    def __init__(self, public_key_pem: bytes, *, leeway_seconds: int = 5) -> None:
        self._key = serialization.load_pem_public_key(public_key_pem)
        self._leeway = leeway_seconds

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token, self._key, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=ISSUER,  # type: ignore[arg-type]
                leeway=self._leeway, options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
            return Principal(
                user_id=claims["sub"],
                roles=frozenset(Role(r) for r in claims.get("roles", [])),
                scope=Scope(claims["scope"]),
                org_id=claims.get("org_id"),
                municipality_id=claims.get("municipality_id"),
                region_id=claims.get("region_id"),
                display_name=claims.get("name") or "",
                participant_id=claims.get("participant_id") or None,
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidInternalToken("token expired") from exc
        except (jwt.PyJWTError, KeyError, ValueError, InconsistentPrincipal) as exc:
            raise InvalidInternalToken(f"token rejected: {exc}") from exc
