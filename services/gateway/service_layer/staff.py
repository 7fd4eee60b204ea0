"""Logins for the school's staff: created in the identity provider with the school as their tenant."""

from __future__ import annotations

import builtins
import re
import uuid
from dataclasses import dataclass

from gateway.adapters.account_store import AccountStore
from gateway.adapters.identity_admin import IdentityAdmin, StaffLogin
from gateway.domain.accounts import Account
from gateway.service_layer.auth import AuthService
from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Principal, Role

STAFF_ROLES = (Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.SCHOOL_PSYCHOLOGIST)
"""Mentors and teacher mentees get their logins from their cards instead (``participant_logins``, ADR 010): a login
must name the participant it belongs to, or it would reach no pair."""
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class CreatedLogin:
    account: Account
    one_time_password: str | None


def login_field_problems(username: str, display_name: str, email: str) -> list[FieldProblem]:
    problems = []
    if not _USERNAME.match(username):
        problems.append(FieldProblem("username", "Логин: 3–64 символа, латинские буквы, цифры, «.», «_», «-»"))
    if not display_name or len(display_name) > 200:
        problems.append(FieldProblem("display_name", "Заполните ФИО (не длиннее 200 символов)"))
    if not _EMAIL.match(email) or len(email) > 254:
        problems.append(FieldProblem("email", "Укажите адрес электронной почты: на него придёт ссылка"))
    return problems


class StaffService:
    def __init__(self, accounts: AccountStore, admin: IdentityAdmin, auth: AuthService) -> None:
        self._accounts = accounts
        self._admin = admin
        self._auth = auth

    def list(self, principal: Principal) -> list[Account]:
        require(principal, Action.STAFF_MANAGE)
        return self._accounts.in_organisation(principal.org_id or "")

    def display_names(self, principal: Principal) -> dict[str, str]:
        """Who is who in the caller's own school (a run's or a pair's author on a page): account id → name."""
        if not principal.org_id:
            return {}
        return {a.id: a.display_name for a in self._accounts.in_organisation(principal.org_id)}

    def create(self, principal: Principal, *, username: str, display_name: str, email: str,
               role: str) -> CreatedLogin:
        require(principal, Action.STAFF_MANAGE)
        username, display_name, email = username.strip().lower(), " ".join(display_name.split()), email.strip()
        problems = login_field_problems(username, display_name, email)
        if role not in {r.value for r in STAFF_ROLES}:
            problems.append(FieldProblem(
                "role", "Роль сотрудника: руководитель, куратор или психолог (наставнику — вход из его карточки)"))
        if problems:
            raise ValidationFailed(problems)
        login = StaffLogin(username, display_name, email, Role(role), principal.org_id or "",
                           principal.municipality_id or "", principal.region_id or "")
        return self.provision([login])[0]

    def provision(self, logins: builtins.list[StaffLogin]) -> builtins.list[CreatedLogin]:
        """Create the logins in the identity provider, then keep them: a local provider's all at once (one
        transaction); a Keycloak login is kept as soon as Keycloak has it, so a repeat after a failure
        skips it instead of colliding with it."""
        taken = [login.username for login in logins if self._accounts.by_username(login.username) is not None]
        if taken:
            raise Conflict(f"Логин «{taken[0]}» уже занят")
        created: builtins.list[CreatedLogin] = []
        for login in logins:
            provisioned = self._admin.create(login)
            account = Account(
                id=str(uuid.uuid4()), username=login.username, display_name=login.display_name, role=login.role,
                org_id=login.org_id or None, municipality_id=login.municipality_id or None,
                region_id=login.region_id or None,
                password_hash=self._auth.hash_generated_secret(provisioned.one_time_password)
                if provisioned.one_time_password else "",
                idp=provisioned.idp, external_id=provisioned.external_id,
                participant_id=login.participant_id or None)
            if provisioned.idp != "local":
                self._accounts.add(account)
            created.append(CreatedLogin(account, provisioned.one_time_password))
        self._accounts.add_many([c.account for c in created if c.account.idp == "local"])
        return created

    def organisations_with_staff(self, org_ids: builtins.list[str], roles: tuple[Role, ...]) -> set[str]:
        return self._accounts.organisations_with(org_ids, roles)

    def free_username(self, email: str, *, also_taken: set[str] | None = None) -> str:
        """A login made from the e-mail's local part, with a number when it is taken (ivanova, ivanova-2, …);
        ``also_taken``: logins given out in the same batch, not stored yet."""
        base = re.sub(r"[^a-z0-9._-]+", "", email.split("@", 1)[0].lower()).strip("._-")[:56] or "user"
        base = base if len(base) >= 3 else f"{base}-user"
        taken = self._accounts.usernames_like(base) | (also_taken or set())
        if base not in taken:
            return base
        return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)

    def disable(self, principal: Principal, account_id: str) -> Account:
        require(principal, Action.STAFF_MANAGE)
        try:
            uuid.UUID(account_id)
        except ValueError:
            raise NotFound("Сотрудник не найден") from None
        account = self._accounts.by_id(account_id)
        if account is None or account.org_id != principal.org_id:
            raise NotFound("Сотрудник не найден")  # another school's staff does not exist for this caller
        self._admin.disable(account)
        self._accounts.set_active(account.id, False)
        self._auth.end_sessions_of(account)
        return account
