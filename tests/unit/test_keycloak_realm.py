"""The realm as code agrees with the gateway: its roles, its claims, its client settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gateway.domain.claims import identity_from_claims
from mentorship_kit.policy import POLICY
from mentorship_kit.principal import Role

REALM = json.loads((Path(__file__).resolve().parents[2] / "deploy" / "keycloak" / "realm-mentorship.json").read_text())
CLAIMS_THE_GATEWAY_READS = {"realm_access.roles", "org_id", "municipality_id", "region_id"}


def _client(client_id: str) -> dict:  # type: ignore[type-arg]
    return next(c for c in REALM["clients"] if c["clientId"] == client_id)


def test_every_role_of_the_policy_is_a_realm_role_and_nothing_else_is() -> None:
    realm_roles = {r["name"] for r in REALM["roles"]["realm"]}
    used = {role for entry in POLICY.values() for role in entry}
    assert used <= {Role(r) for r in realm_roles}
    assert realm_roles == {r.value for r in Role}


def test_every_claim_the_gateway_reads_is_emitted_into_the_access_token() -> None:
    gateway = _client("mentorship-gateway")
    emitted = {m["config"]["claim.name"] for m in gateway["protocolMappers"]
               if m["config"].get("access.token.claim") == "true"}
    assert emitted >= CLAIMS_THE_GATEWAY_READS
    assert "profile" in gateway["defaultClientScopes"]  # preferred_username and name
    for mapper in gateway["protocolMappers"]:
        if mapper["protocolMapper"] == "oidc-usermodel-attribute-mapper":
            assert mapper["config"]["user.attribute"] == mapper["config"]["claim.name"]


def test_gateway_is_a_confidential_code_flow_client_with_pkce() -> None:
    gateway = _client("mentorship-gateway")
    assert gateway["publicClient"] is False and gateway["clientAuthenticatorType"] == "client-secret"
    assert gateway["standardFlowEnabled"] and not gateway["implicitFlowEnabled"]
    assert not gateway["directAccessGrantsEnabled"]
    assert gateway["attributes"]["pkce.code.challenge.method"] == "S256"
    assert all(uri.endswith("/auth/sso/callback") for uri in gateway["redirectUris"])
    assert re.fullmatch(r"\$\{[A-Z_]+\}", gateway["secret"]), "no secret in the repository"


def test_provisioner_is_a_service_account_that_manages_users() -> None:
    provisioner = _client("mentorship-provisioner")
    assert provisioner["serviceAccountsEnabled"] and not provisioner["standardFlowEnabled"]
    account = next(u for u in REALM["users"] if u.get("serviceAccountClientId") == "mentorship-provisioner")
    assert "manage-users" in account["clientRoles"]["realm-management"]


def test_security_settings() -> None:
    assert REALM["bruteForceProtected"] is True and REALM["failureFactor"] <= 10
    length = int(re.search(r"length\((\d+)\)", REALM["passwordPolicy"]).group(1))  # type: ignore[union-attr]
    assert length >= 12
    assert REALM["sslRequired"] in ("external", "all") and REALM["registrationAllowed"] is False


def test_tenant_attributes_are_admin_only_in_the_user_profile() -> None:
    component = REALM["components"]["org.keycloak.userprofile.UserProfileProvider"][0]
    profile = json.loads(component["config"]["kc.user.profile.config"][0])
    declared = {a["name"]: a for a in profile["attributes"]}
    for attribute in ("org_id", "municipality_id", "region_id"):
        assert declared[attribute]["permissions"]["edit"] == ["admin"]


@pytest.mark.parametrize("user", [u for u in REALM["users"] if "realmRoles" in u], ids=lambda u: u["username"])
def test_demo_users_become_consistent_principals(user: dict) -> None:  # type: ignore[type-arg]
    claims = {"sub": user["username"], "preferred_username": user["username"],
              "realm_access": {"roles": user["realmRoles"]}, **user["attributes"]}
    identity = identity_from_claims(claims)
    assert {r.value for r in identity.principal.roles} == set(user["realmRoles"])
    assert all(c["temporary"] for c in user["credentials"])
