"""The readable policy stays true to the table; token claims map to a consistent principal or are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.domain.claims import identity_from_claims
from mentorship_kit.policy import POLICY, Action, Reach, render_markdown
from mentorship_kit.principal import InconsistentPrincipal, Role, Scope

ROOT = Path(__file__).resolve().parents[2]


def test_docs_authorization_is_rendered_from_the_table() -> None:
    assert (ROOT / "docs" / "authorization.md").read_text() == render_markdown(), \
        "run: .venv/bin/python -m mentorship_kit.policy > docs/authorization.md"


def test_contour_rule_no_outer_role_reaches_personal_lists() -> None:
    outer = {Role.MUNICIPAL_CURATOR, Role.REGIONAL_OPERATOR, Role.REGIONAL_DEPARTMENT, Role.TUTOR, Role.PLATFORM_ADMIN}
    for action in (Action.MENTOR_LIST, Action.MENTOR_REGISTER, Action.AUDIT_READ, Action.STAFF_MANAGE):
        assert outer.isdisjoint(POLICY[action]), action
    assert all(reach is Reach.OWN_ORG for reach in POLICY[Action.MENTOR_LIST].values())


def _claims(**extra: object) -> dict[str, object]:
    return {"sub": "u-1", "preferred_username": "ivanova", "name": "Иванова М. П.", **extra}


def test_school_curator_claims() -> None:
    identity = identity_from_claims(_claims(realm_access={"roles": ["school_curator", "offline_access"]},
                                            org_id="o", municipality_id="m", region_id="r"))
    p = identity.principal
    assert (p.scope, p.org_id, p.roles, identity.username) == (Scope.ORG, "o", frozenset({Role.SCHOOL_CURATOR}),
                                                               "ivanova")
    assert p.user_id == "kc:u-1"


def test_attributes_may_come_as_lists() -> None:
    identity = identity_from_claims(_claims(realm_access={"roles": ["municipal_curator"]},
                                            municipality_id=["m"], region_id=["r"]))
    assert identity.principal.municipality_id == "m"


@pytest.mark.parametrize(("claims", "message"), [
    (_claims(realm_access={"roles": ["school_curator"]}, municipality_id="m", region_id="r"), "org_id"),
    (_claims(realm_access={"roles": ["offline_access"]}), "нет ни одной роли"),
    (_claims(realm_access={"roles": ["school_curator", "regional_operator"]}, org_id="o", municipality_id="m",
             region_id="r"), "разным уровням"),
    (_claims(realm_access={"roles": ["regional_operator"]}), "region_id"),
    ({"realm_access": {"roles": ["platform_admin"]}}, "идентификатора"),
])
def test_contradictory_claims_are_refused_in_words(claims: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InconsistentPrincipal, match=message):
        identity_from_claims(claims)
