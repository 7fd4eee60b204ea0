"""Principals must be consistent; the policy table decides which roles may try what."""

from __future__ import annotations

import pytest

from mentorship_kit.errors import Forbidden
from mentorship_kit.policy import POLICY, Action, is_allowed, require
from mentorship_kit.principal import ROLE_SCOPE, InconsistentPrincipal, Principal, Role, Scope


def _principal(role: Role) -> Principal:
    scope = ROLE_SCOPE[role]
    ids = {Scope.ORG: ("o", "m", "r"), Scope.MUNICIPALITY: (None, "m", "r"), Scope.REGION: (None, None, "r")}
    org, municipality, region = ids.get(scope, (None, None, None))
    return Principal(user_id="u", roles=frozenset({role}), scope=scope, org_id=org, municipality_id=municipality,
                     region_id=region)


def test_school_role_without_organisation_is_inconsistent() -> None:
    with pytest.raises(InconsistentPrincipal):
        Principal(user_id="u", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG, municipality_id="m",
                  region_id="r")
    with pytest.raises(InconsistentPrincipal):
        Principal(user_id="u", roles=frozenset({Role.MUNICIPAL_CURATOR}), scope=Scope.ORG, org_id="o",
                  municipality_id="m", region_id="r")


def test_every_action_has_an_entry() -> None:
    assert set(POLICY) == set(Action)


@pytest.mark.parametrize("role", list(Role))
def test_only_school_staff_see_personal_lists(role: Role) -> None:
    allowed = is_allowed(_principal(role), Action.MENTOR_LIST)
    assert allowed == (ROLE_SCOPE[role] is Scope.ORG and role in {Role.SCHOOL_CURATOR, Role.SCHOOL_DIRECTOR,
                                                                   Role.SCHOOL_PSYCHOLOGIST})


def test_only_the_platform_manages_structure() -> None:
    require(_principal(Role.PLATFORM_ADMIN), Action.STRUCTURE_MANAGE)
    with pytest.raises(Forbidden):
        require(_principal(Role.REGIONAL_OPERATOR), Action.STRUCTURE_MANAGE)


def test_platform_admin_reads_no_indicators_and_no_people() -> None:
    admin = _principal(Role.PLATFORM_ADMIN)
    assert not is_allowed(admin, Action.MENTOR_LIST) and not is_allowed(admin, Action.INDICATORS_READ)
