"""Logins for the school's staff: created in the identity provider with the school as their tenant."""

from __future__ import annotations

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

STAFF_ROLES = (Role.SCHOOL_DIRECTOR, Role.SCHOOL_CURATOR, Role.SCHOOL_PSYCHOLOGIST, Role.MENTOR)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class CreatedLogin:
    account: Account
    one_time_password: str | None


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
        problems = []
        if not _USERNAME.match(username):
            problems.append(FieldProblem("username", "Логин: 3–64 символа, латинские буквы, цифры, «.», «_», «-»"))
        if not display_name or len(display_name) > 200:
            problems.append(FieldProblem("display_name", "Заполните ФИО (не длиннее 200 символов)"))
        if not _EMAIL.match(email) or len(email) > 254:
            problems.append(FieldProblem("email", "Укажите адрес электронной почты: на него придёт ссылка"))
        if role not in {r.value for r in STAFF_ROLES}:
            problems.append(FieldProblem("role", "Роль сотрудника: руководитель, куратор, психолог или наставник"))
        if problems:
            raise ValidationFailed(problems)
        if self._accounts.by_username(username) is not None:
            raise Conflict(f"Логин «{username}» уже занят")
        login = StaffLogin(username, display_name, email, Role(role), principal.org_id or "",
                           principal.municipality_id or "", principal.region_id or "")
        provisioned = self._admin.create(login)
        account = Account(
            id=str(uuid.uuid4()), username=username, display_name=display_name, role=login.role,
            org_id=login.org_id, municipality_id=login.municipality_id, region_id=login.region_id,
            password_hash=self._auth.hash_password(provisioned.one_time_password)
            if provisioned.one_time_password else "",
            idp=provisioned.idp, external_id=provisioned.external_id)
        self._accounts.add(account)
        return CreatedLogin(account, provisioned.one_time_password)

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
