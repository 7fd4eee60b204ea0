"""The first logins of a new region: the first curator or director of an organisation, the municipal curator, the
regional operator — one at a time, or a whole region's organisations with their first curators from a roster.

The platform administrator reaches every region; the regional operator its own only (``Action.ONBOARDING``). A
roster is checked whole and kept as a preview; nothing is written until it is confirmed, and then the structure
is written in one registry transaction and the local logins in one gateway transaction. Existing organisations
(by name, in their municipality) and organisations that already have a curator are left as they are, so the
same file twice changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from gateway.adapters.identity_admin import StaffLogin
from gateway.adapters.roster_file import read_rows
from gateway.adapters.roster_store import RosterStore, StoredRoster
from gateway.adapters.service_clients import RegistryClient
from gateway.domain import roster
from gateway.service_layer.staff import CreatedLogin, StaffService, login_field_problems
from mentorship_kit.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from mentorship_kit.policy import Action, Reach, require, within_reach
from mentorship_kit.principal import Principal, Role

# Whom a first login may be, and what it belongs to.
FIRST_LOGIN_ROLES = {Role.SCHOOL_CURATOR: "org", Role.SCHOOL_DIRECTOR: "org",
                     Role.MUNICIPAL_CURATOR: "municipality", Role.REGIONAL_OPERATOR: "region",
                     # the ЦНППМ's tutors: the regional operator issues their logins (ADR 011)
                     Role.TUTOR: "region",
                     # the contests' jurors: of the region, reaching only the contests they judge (ADR 023)
                     Role.JURY: "region"}
FIRST_STAFF = (Role.SCHOOL_CURATOR, Role.SCHOOL_DIRECTOR)
_OUTSIDE = "Учётные записи можно создавать только в своём регионе"


@dataclass(frozen=True)
class RosterView:
    """A roster as its preview or its result shows it; ``passwords`` only in the answer to the confirmation."""

    id: str
    region_id: str
    filename: str
    status: str
    rows: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    passwords: dict[int, str]

    @property
    def organisations_new(self) -> int:
        return sum(1 for r in self.rows if r.get("organisation_created"))

    @property
    def municipalities_new(self) -> int:
        return sum(1 for r in self.rows if r.get("municipality_created"))

    @property
    def curators_new(self) -> int:
        return sum(1 for r in self.rows if r.get("curator_created"))

    @property
    def problem_rows(self) -> int:
        return len({p["row"] for p in self.problems})


class OnboardingService:
    def __init__(self, registry: RegistryClient, staff: StaffService, rosters: RosterStore) -> None:
        self._registry = registry
        self._staff = staff
        self._rosters = rosters

    # -- one login at a time ------------------------------------------------------------------------------------

    def create_first_login(self, principal: Principal, *, role: str, target_id: str, display_name: str,
                           email: str, username: str = "") -> CreatedLogin:
        granted = require(principal, Action.ONBOARDING)
        display_name, email = " ".join(display_name.split()), email.strip()
        username = username.strip().lower() or self._staff.free_username(email)
        problems = login_field_problems(username, display_name, email)
        tier = FIRST_LOGIN_ROLES.get(Role(role)) if role in set(Role) else None
        if tier is None:
            problems.append(FieldProblem("role", "Первая учётная запись: куратор или руководитель организации, "
                                                 "муниципальный куратор, региональный оператор или тьютор ЦНППМ"))
        try:
            uuid.UUID(target_id)
        except ValueError:
            problems.append(FieldProblem("target_id", "Выберите организацию, муниципалитет или регион"))
        if problems:
            raise ValidationFailed(problems)
        assert tier is not None
        org_id, municipality_id, region_id = self._tenant(principal, granted, tier, target_id)
        login = StaffLogin(username, display_name, email, Role(role), org_id, municipality_id, region_id)
        return self._staff.provision([login])[0]

    def _tenant(self, principal: Principal, granted: Reach, tier: str, target_id: str) -> tuple[str, str, str]:
        """The target's tenant ids; outside the caller's reach is refused, whether or not it exists there."""
        if tier == "region":
            if not within_reach(principal, granted, region_id=target_id):
                raise Forbidden(_OUTSIDE)
            if not any(r.id == target_id for r in self._registry.list_regions(principal)):
                raise NotFound("Регион не найден")
            return "", "", target_id
        if tier == "municipality":
            found = next((m for m in self._registry.list_municipalities(principal) if m.id == target_id), None)
            if found is not None and not within_reach(principal, granted, region_id=found.region_id):
                raise Forbidden(_OUTSIDE)
            if found is None:
                raise NotFound("Муниципалитет не найден")
            return "", found.id, found.region_id
        # The registry shows a regional operator its own region's organisations only.
        org = next((o for o in self._registry.list_organisations(principal) if o.id == target_id), None)
        if org is None and granted is not Reach.PLATFORM:
            raise Forbidden(_OUTSIDE)
        if org is None:
            raise NotFound("Организация не найдена")
        if not within_reach(principal, granted, region_id=org.region_id):
            raise Forbidden(_OUTSIDE)
        return org.id, org.municipality_id, org.region_id

    # -- a region's roster --------------------------------------------------------------------------------------

    def preview_roster(self, principal: Principal, *, region_id: str, filename: str, content: bytes) -> RosterView:
        """Checks every row and asks the registry what would be created; keeps the preview, writes nothing else."""
        granted = require(principal, Action.ONBOARDING)
        region_id = region_id or principal.region_id or ""
        try:
            uuid.UUID(region_id)
        except ValueError:
            raise ValidationFailed([FieldProblem("region_id", "Выберите регион")]) from None
        if not within_reach(principal, granted, region_id=region_id):
            raise Forbidden("Реестр можно загрузить только для своего региона")
        rows, problems = roster.check_rows(read_rows(content))
        planned = self._plan(principal, region_id, rows, dry_run=True) if not problems else \
            [r.as_dict() for r in rows]
        stored = StoredRoster(str(uuid.uuid4()), region_id, principal.user_id, filename[:255] or "реестр.xlsx",
                              planned, [p.as_dict() for p in problems], "preview")
        self._rosters.add(principal, stored)
        return _view(stored)

    def get_roster(self, principal: Principal, roster_id: str) -> RosterView:
        require(principal, Action.ONBOARDING)
        return _view(self._found(principal, roster_id))

    def confirm_roster(self, principal: Principal, roster_id: str) -> RosterView:
        """All or nothing: a roster with any invalid row is refused whole; otherwise the structure in one registry
        transaction, then the first curators' logins (locally: one transaction)."""
        require(principal, Action.ONBOARDING)
        stored = self._found(principal, roster_id)
        if stored.status != "preview":
            raise Conflict("Реестр уже подтверждён")
        if stored.problems:
            raise ValidationFailed([FieldProblem("file", "В реестре есть строки с ошибками: исправьте файл и "
                                                         "загрузите его заново. Ничего не записано.")])
        self._rosters.claim(principal, roster_id)
        try:
            rows = [roster.RosterRow(**{k: r[k] for k in ("row", "organisation", "kind", "municipality",
                                                          "curator_name", "email")}) for r in stored.rows]
            planned = self._plan(principal, stored.region_id, rows, dry_run=False)
            created = self._create_curators(planned)
        except Exception:
            self._rosters.release(principal, roster_id)
            raise
        passwords = {c[0]: c[1].one_time_password for c in created if c[1].one_time_password}
        self._rosters.record(principal, roster_id, planned)
        return _view(StoredRoster(stored.id, stored.region_id, stored.author_id, stored.filename, planned, [],
                                  "confirmed"), passwords)

    def _found(self, principal: Principal, roster_id: str) -> StoredRoster:
        try:
            uuid.UUID(roster_id)
        except ValueError:
            raise NotFound("Реестр не найден") from None
        stored = self._rosters.get(principal, roster_id)
        if stored is None:
            raise NotFound("Реестр не найден")
        return stored

    def _plan(self, principal: Principal, region_id: str, rows: list[roster.RosterRow], *,
              dry_run: bool) -> list[dict[str, Any]]:
        """Each row with what the registry has or makes of it, and whether its organisation still needs a curator."""
        outcomes = self._registry.onboard_roster(principal, region_id=region_id, dry_run=dry_run, entries=[
            (r.municipality, r.organisation, r.kind) for r in rows])
        staffed = self._staff.organisations_with_staff([o.organisation.id for o in outcomes if o.organisation.id],
                                                 FIRST_STAFF)
        planned = []
        for row, outcome in zip(rows, outcomes, strict=True):
            org = outcome.organisation
            planned.append({**row.as_dict(), "org_id": org.id, "municipality_id": org.municipality_id,
                            "region_id": region_id,
                            "organisation_created": outcome.organisation_created,
                            "municipality_created": outcome.municipality_created,
                            "curator_created": org.id not in staffed, "username": ""})
        return planned

    def _create_curators(self, planned: list[dict[str, Any]]) -> list[tuple[int, CreatedLogin]]:
        logins: list[tuple[dict[str, Any], StaffLogin]] = []
        taken: set[str] = set()
        for row in planned:
            if not row["curator_created"]:
                continue
            username = self._staff.free_username(row["email"], also_taken=taken)
            taken.add(username)
            row["username"] = username
            logins.append((row, StaffLogin(username, row["curator_name"], row["email"], Role.SCHOOL_CURATOR,
                                           row["org_id"], row["municipality_id"], row["region_id"])))
        created = self._staff.provision([login for _, login in logins])
        return [(row["row"], c) for (row, _), c in zip(logins, created, strict=True)]


def _view(stored: StoredRoster, passwords: dict[int, str] | None = None) -> RosterView:
    return RosterView(stored.id, stored.region_id, stored.filename, stored.status, stored.rows, stored.problems,
                      passwords or {})
