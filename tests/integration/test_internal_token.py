"""Services trust only internal tokens signed by the gateway's key, and only while they are fresh."""

from __future__ import annotations

import time

import grpc
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mentorship.registry.v1 import participants_pb2, participants_pb2_grpc
from mentorship_kit.grpc_client import bearer
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal, Role, Scope


@pytest.fixture
def stub(stack):  # type: ignore[no-untyped-def]
    channel = grpc.insecure_channel(stack.grpc_target("registry"))
    yield participants_pb2_grpc.ParticipantServiceStub(channel)
    channel.close()


@pytest.fixture
def curator_a(tenants) -> Principal:  # type: ignore[no-untyped-def]
    return Principal(user_id="t", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, org_id=tenants.school_a,
                     municipality_id=tenants.m1_id, region_id=tenants.region_id)


def _foreign_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _call(stub, token: str | None) -> grpc.StatusCode:  # type: ignore[no-untyped-def]
    try:
        stub.ListMentors(participants_pb2.ListMentorsRequest(), metadata=bearer(token) if token else None, timeout=5)
    except grpc.RpcError as err:
        return err.code()  # type: ignore[no-any-return]
    return grpc.StatusCode.OK


def test_valid_token_is_accepted(stack, stub, curator_a) -> None:
    token = TokenIssuer(stack.private_key.read_bytes()).issue(curator_a)
    assert _call(stub, token) is grpc.StatusCode.OK


def test_forged_expired_tampered_and_missing_tokens_are_rejected(stack, stub, curator_a) -> None:
    genuine = TokenIssuer(stack.private_key.read_bytes())
    forged = TokenIssuer(_foreign_key()).issue(curator_a)
    expired = genuine.issue(curator_a, now=time.time() - 3600)
    header, payload, signature = genuine.issue(curator_a).split(".")
    tampered = f"{header}.{payload[:-4]}AAAA.{signature}"
    for token in (forged, expired, tampered, "not-a-jwt", None):
        assert _call(stub, token) is grpc.StatusCode.UNAUTHENTICATED, token


def test_health_is_open_without_a_token(stack) -> None:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    for service in ("registry", "reporting", "matching", "monitoring"):
        with grpc.insecure_channel(stack.grpc_target(service)) as channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
