"""Where staff logins are created and disabled: the port and its two adapters.

In Keycloak mode python-keycloak's ``KeycloakAdmin`` (service account of the provisioning client) creates
the user with the tenant attributes and realm role and e-mails the required action to set a password.
In local mode the gateway's own account store does the same with a one-time password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol

from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakError

from gateway.domain.accounts import Account
from mentorship_kit.errors import Conflict, Unavailable
from mentorship_kit.principal import Role


@dataclass(frozen=True)
class StaffLogin:
    username: str
    display_name: str
    email: str
    role: Role
    org_id: str
    municipality_id: str
    region_id: str
    participant_id: str = ""  # a mentor's or a teacher mentee's login (ADR 010): the card it belongs to


@dataclass(frozen=True)
class ProvisionedLogin:
    idp: str
    external_id: str | None
    one_time_password: str | None


class IdentityAdmin(Protocol):
    def create(self, login: StaffLogin) -> ProvisionedLogin: ...

    def disable(self, account: Account) -> None: ...


class KeycloakIdentityAdmin:
    def __init__(self, *, server_url: str, realm: str, client_id: str, client_secret: str) -> None:
        self._connect = lambda: KeycloakAdmin(server_url=server_url, realm_name=realm, client_id=client_id,
                                              client_secret_key=client_secret, user_realm_name=realm, timeout=10)
        self._admin: KeycloakAdmin | None = None

    @property
    def admin(self) -> KeycloakAdmin:
        if self._admin is None:  # created on first use: no connection at import or start-up
            self._admin = self._connect()
        return self._admin

    def create(self, login: StaffLogin) -> ProvisionedLogin:
        last, _, first = login.display_name.partition(" ")  # ФИО: фамилия first, then имя and отчество
        payload = {
            "username": login.username, "email": login.email, "enabled": True, "emailVerified": False,
            "firstName": first, "lastName": last,
            # A municipal curator has no organisation, a regional operator neither: only the tenant it has.
            "attributes": {name: [value] for name, value in (
                ("org_id", login.org_id), ("municipality_id", login.municipality_id),
                ("region_id", login.region_id), ("participant_id", login.participant_id)) if value},
            "requiredActions": ["UPDATE_PASSWORD"],
        }
        try:
            user_id = self.admin.create_user(payload)
            self.admin.assign_realm_roles(user_id, [self.admin.get_realm_role(login.role.value)])
            self.admin.send_update_account(user_id, ["UPDATE_PASSWORD"], lifespan=72 * 3600)
        except KeycloakError as exc:
            if getattr(exc, "response_code", None) == 409:
                raise Conflict(f"Логин «{login.username}» уже занят") from exc
            raise Unavailable("Сервер единого входа не создал учётную запись: повторите позже") from exc
        return ProvisionedLogin("keycloak", user_id, None)

    def disable(self, account: Account) -> None:
        if not account.external_id:
            return
        try:
            self.admin.update_user(account.external_id, {"enabled": False})
        except KeycloakError as exc:
            raise Unavailable("Сервер единого входа не отключил учётную запись: повторите позже") from exc


class LocalIdentityAdmin:
    """The gateway's own accounts are the identity store: the login gets a one-time password."""

    def create(self, login: StaffLogin) -> ProvisionedLogin:
        return ProvisionedLogin("local", None, secrets.token_urlsafe(12))

    def disable(self, account: Account) -> None:
        """The use case switches the account row off; nothing else holds the login."""
