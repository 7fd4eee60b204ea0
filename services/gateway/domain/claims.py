"""Token claims → principal. Roles come from ``realm_access.roles``; the tenant from mapped attributes.

Claims that contradict each other are refused with a sentence a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorship_kit.principal import ROLE_SCOPE, InconsistentPrincipal, Principal, Role, Scope

_TENANT_WORDS = {Scope.ORG: "организация (org_id)", Scope.MUNICIPALITY: "муниципалитет (municipality_id)",
                 Scope.REGION: "регион (region_id)"}


@dataclass(frozen=True)
class Identity:
    principal: Principal
    username: str


def principal_is_participant(roles: set[Role]) -> bool:
    """A mentor's or a mentee's login carries the participant it belongs to (the realm's ``participant_id``
    attribute, ADR 010); a staff login's attribute, if any, is ignored."""
    return bool(roles & {Role.MENTOR, Role.MENTEE})


def identity_from_claims(claims: dict[str, Any]) -> Identity:
    realm_roles = (claims.get("realm_access") or {}).get("roles") or []
    roles = {Role(r) for r in realm_roles if r in Role.__members__.values()}
    if not roles:
        raise InconsistentPrincipal("У учётной записи нет ни одной роли платформы: обратитесь к администратору")
    scopes = {ROLE_SCOPE[r] for r in roles}
    if len(scopes) > 1:
        raise InconsistentPrincipal("Роли учётной записи относятся к разным уровням (школа, муниципалитет, регион)")
    scope = scopes.pop()

    def attribute(name: str) -> str | None:
        value = claims.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        return str(value) if value else None

    subject = str(claims.get("sub") or "")
    if not subject:
        raise InconsistentPrincipal("В токене нет идентификатора пользователя")
    try:
        principal = Principal(user_id=f"kc:{subject}", roles=frozenset(roles), scope=scope,
                              org_id=attribute("org_id"), municipality_id=attribute("municipality_id"),
                              region_id=attribute("region_id"),
                              participant_id=attribute("participant_id") if principal_is_participant(roles) else None,
                              display_name=str(claims.get("name") or claims.get("preferred_username") or subject))
    except InconsistentPrincipal as exc:
        raise InconsistentPrincipal(
            f"Для роли не указана {_TENANT_WORDS.get(scope, 'принадлежность')}: обратитесь к администратору") from exc
    return Identity(principal, str(claims.get("preferred_username") or subject))
