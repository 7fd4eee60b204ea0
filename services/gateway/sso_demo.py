"""``python -m gateway provision-sso-demo``: point the Keycloak realm's demo users at the demo region.

The realm file (deploy/keycloak/realm-mentorship.json) cannot know the ids the registry gives the demo region,
so its ``demo-<role>`` users carry placeholder tenant ids. After ``seed-demo`` this step, run once by the
deployment (compose: ``keycloak-provision``), writes the real ids: an organisation-scoped demo user gets the first
demo school, a municipal one its municipality, a regional one the region; the platform administrator none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from gateway.container import Container
from gateway.demo import MUNICIPALITIES, REGION, SCHOOLS
from mentorship_kit.principal import ROLE_SCOPE, Principal, Role, Scope

TENANT_ATTRIBUTES = ("org_id", "municipality_id", "region_id")


class UserAdmin(Protocol):
    """The two calls of python-keycloak's ``KeycloakAdmin`` this step needs."""

    def get_user_id(self, username: str) -> str | None: ...

    def update_user(self, user_id: str, payload: dict[str, Any]) -> Any: ...


@dataclass(frozen=True)
class DemoHomes:
    region_id: str
    municipality_id: str
    org_id: str

    def attributes(self, role: Role) -> dict[str, list[str]]:
        scope = ROLE_SCOPE[role]
        ids = {Scope.ORG: {"org_id": self.org_id, "municipality_id": self.municipality_id,
                           "region_id": self.region_id},
               Scope.MUNICIPALITY: {"municipality_id": self.municipality_id, "region_id": self.region_id},
               Scope.REGION: {"region_id": self.region_id}, Scope.PLATFORM: {}}[scope]
        return {name: [ids[name]] if name in ids else [] for name in TENANT_ATTRIBUTES}


def demo_homes(container: Container) -> DemoHomes:
    admin = Principal(user_id="system:sso-demo", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry = container.registry
    region = next((r for r in registry.list_regions(admin) if r.code == REGION[1]), None)
    if region is None:
        raise LookupError("демо-регион не найден: сначала выполните seed-demo")
    first_municipality = MUNICIPALITIES[0][1]
    municipality = next(m for m in registry.list_municipalities(admin, region_id=region.id)
                        if m.code == first_municipality)
    school_code = next(code for _, code, m_code, _ in SCHOOLS if m_code == first_municipality)
    school = next(o for o in registry.list_organisations(admin, municipality_id=municipality.id)
                  if o.code == school_code)
    return DemoHomes(region_id=region.id, municipality_id=municipality.id, org_id=school.id)


def point_demo_users(admin: UserAdmin, homes: DemoHomes) -> list[str]:
    """Writes the tenant attributes of every ``demo-<role>`` user the realm has; returns the usernames done."""
    done = []
    for role in Role:
        username = f"demo-{role.value.replace('_', '-')}"
        user_id = admin.get_user_id(username)
        if user_id is None:
            continue
        admin.update_user(user_id, {"attributes": homes.attributes(role)})
        done.append(username)
    return done


def provision(container: Container) -> list[str]:
    from keycloak import KeycloakAdmin

    settings = container.settings
    admin = KeycloakAdmin(server_url=settings.keycloak_server_url, realm_name=settings.keycloak_realm,
                          client_id=settings.keycloak_admin_client_id,
                          client_secret_key=settings.keycloak_admin_client_secret,
                          user_realm_name=settings.keycloak_realm, timeout=10)
    return point_demo_users(admin, demo_homes(container))
