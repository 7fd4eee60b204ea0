"""Local and provisioned accounts in the gateway's database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from gateway.adapters.tables import accounts
from gateway.domain.accounts import Account
from mentorship_kit.errors import Conflict
from mentorship_kit.principal import Role


def _text(value: object) -> str | None:
    return str(value) if value else None


def _account(row: Any) -> Account:
    return Account(id=str(row.id), username=row.username, display_name=row.display_name, role=Role(row.role),
                   org_id=_text(row.org_id), municipality_id=_text(row.municipality_id),
                   region_id=_text(row.region_id), password_hash=row.password_hash or "", active=row.active,
                   idp=row.idp, external_id=row.external_id, participant_id=_text(row.participant_id))


class AccountStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def by_username(self, username: str) -> Account | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.username == username.strip().lower())).first()
        return _account(row) if row else None

    def by_id(self, account_id: str) -> Account | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
        return _account(row) if row else None

    def in_organisation(self, org_id: str) -> list[Account]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(accounts).where(accounts.c.org_id == org_id)
                                .order_by(accounts.c.display_name)).all()
        return [_account(r) for r in rows]

    def in_region_with_role(self, region_id: str, role: Role) -> list[Account]:
        """Active accounts of a role in a region (the region's ЦНППМ tutors for the assignment form)."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(accounts).where(accounts.c.region_id == region_id, accounts.c.role == role.value,
                                                       accounts.c.active.is_(True))
                                .order_by(accounts.c.display_name)).all()
        return [_account(r) for r in rows]

    def of_participant(self, org_id: str, participant_id: str) -> list[Account]:
        """The logins issued to a mentor card or a mentee (active first), in the school."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(accounts).where(accounts.c.org_id == org_id,
                                                       accounts.c.participant_id == participant_id)
                                .order_by(accounts.c.active.desc(), accounts.c.created_at.desc())).all()
        return [_account(r) for r in rows]

    def save(self, account: Account) -> None:
        """Create or update by login (demo data and tests; staff logins use ``add``)."""
        values = self._values(account)
        changed = {k: v for k, v in values.items() if k not in ("id", "username")}
        with self._engine.begin() as conn:
            conn.execute(insert(accounts).values(**values)
                         .on_conflict_do_update(index_elements=["username"], set_=changed))

    @staticmethod
    def _values(account: Account) -> dict[str, object]:
        return {
            "id": account.id, "username": account.username.lower(), "display_name": account.display_name,
            "role": account.role.value, "org_id": account.org_id, "municipality_id": account.municipality_id,
            "region_id": account.region_id, "password_hash": account.password_hash or None,
            "active": account.active, "idp": account.idp, "external_id": account.external_id,
            "participant_id": account.participant_id,
        }

    def add(self, account: Account) -> None:
        """Insert a new account; a taken login is a conflict, never an overwrite of someone else's."""
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(accounts).values(**self._values(account)))
        except IntegrityError as exc:
            raise Conflict(f"Логин «{account.username}» уже занят") from exc

    def add_many(self, found: list[Account]) -> None:
        """Insert new accounts all at once (one transaction): any taken login refuses them all."""
        if not found:
            return
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(accounts), [self._values(a) for a in found])
        except IntegrityError as exc:
            raise Conflict("Один из логинов уже занят: загрузите реестр ещё раз") from exc

    def organisations_with(self, org_ids: list[str], roles: tuple[Role, ...]) -> set[str]:
        """Which of these organisations already have an account in one of the roles (a first login exists)."""
        if not org_ids:
            return set()
        with self._engine.connect() as conn:
            rows = conn.execute(select(accounts.c.org_id).distinct().where(
                accounts.c.org_id.in_(org_ids), accounts.c.role.in_([r.value for r in roles]))).all()
        return {str(r.org_id) for r in rows}

    def usernames_like(self, prefix: str) -> set[str]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(accounts.c.username).where(accounts.c.username.startswith(prefix,
                                                                                                 autoescape=True)))
        return {r.username for r in rows}

    def set_active(self, account_id: str, active: bool) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == account_id).values(active=active))
