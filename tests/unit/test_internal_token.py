"""Internal tokens carry the principal faithfully and refuse anything else."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from mentorship_kit.internal_token import InvalidInternalToken, TokenIssuer, TokenVerifier, ensure_keypair
from mentorship_kit.principal import Principal, Role, Scope


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    folder: Path = tmp_path_factory.mktemp("keys")
    ensure_keypair(folder / "k", folder / "k.pub")
    return (folder / "k").read_bytes(), (folder / "k.pub").read_bytes()


CURATOR = Principal(user_id="u1", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id="o",
                    municipality_id="m", region_id="r", display_name="Куратор")


def test_round_trip(keys: tuple[bytes, bytes]) -> None:
    private, public = keys
    assert TokenVerifier(public).verify(TokenIssuer(private).issue(CURATOR)) == CURATOR


def test_expired(keys: tuple[bytes, bytes]) -> None:
    private, public = keys
    token = TokenIssuer(private, ttl_seconds=60).issue(CURATOR, now=time.time() - 120)
    with pytest.raises(InvalidInternalToken, match="expired"):
        TokenVerifier(public).verify(token)


def test_other_key_and_other_algorithm(keys: tuple[bytes, bytes], tmp_path: Path) -> None:
    _, public = keys
    ensure_keypair(tmp_path / "x", tmp_path / "x.pub")
    with pytest.raises(InvalidInternalToken):
        TokenVerifier(public).verify(TokenIssuer((tmp_path / "x").read_bytes()).issue(CURATOR))
    claims = {"sub": "u", "aud": "mentorship-services", "iss": "mentorship-gateway",
              "exp": time.time() + 60, "iat": time.time(), "scope": "platform"}
    hs256 = jwt.encode(claims, "a-guessed-shared-secret-of-32-bytes!", algorithm="HS256")
    with pytest.raises(InvalidInternalToken):
        TokenVerifier(public).verify(hs256)


def test_claims_that_contradict_the_scope_are_refused(keys: tuple[bytes, bytes]) -> None:
    private, public = keys
    key = serialization.load_pem_private_key(private, password=None)
    claims = {"sub": "u", "aud": "mentorship-services", "iss": "mentorship-gateway", "iat": int(time.time()),
              "exp": int(time.time()) + 60, "scope": "org", "roles": ["school_curator"], "org_id": None}
    with pytest.raises(InvalidInternalToken):
        TokenVerifier(public).verify(jwt.encode(claims, key, algorithm="EdDSA"))
