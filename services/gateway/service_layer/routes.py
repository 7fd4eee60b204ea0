"""The gateway's part of the individual routes (ИОМ, ADR 011): what only the gateway knows — the school's people
(the registry, as the curator), the organisation's name and the region's ЦНППМ tutors (its accounts) — checked and
copied here; the route's own rules are monitoring's.

A tutor is named in the route by the user id the internal token carries for that account: the account's id for a
local login, ``kc:<subject>`` for a Keycloak one; the routes' row-level security compares it with ``app.user_id``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from gateway.adapters.account_store import AccountStore
from gateway.adapters.participant_client import ParticipantClient
from gateway.adapters.route_client import RouteClient
from gateway.adapters.route_reads import RouteRead
from gateway.adapters.service_clients import RegistryClient
from gateway.domain.accounts import Account
from mentorship_kit.errors import FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Principal, Role

TEACHERS_LISTED = 200
CHOOSE_TEACHER = "Выберите педагога — сотрудника школы"


@dataclass(frozen=True)
class Tutor:
    user_id: str
    name: str


@dataclass(frozen=True)
class Teacher:
    person_id: str
    name: str
    position: str


def tutor_user_id(account: Account) -> str:
    """The id the tutor's internal token carries (``Account.principal`` locally, ``claims`` for Keycloak)."""
    return f"kc:{account.external_id}" if account.idp == "keycloak" and account.external_id else account.id


class RouteDesk:
    def __init__(self, routes: RouteClient, registry: RegistryClient, participants: ParticipantClient,
                 accounts: AccountStore) -> None:
        self.routes = routes
        self._registry = registry
        self._participants = participants
        self._accounts = accounts

    def tutors(self, principal: Principal) -> list[Tutor]:
        """The ЦНППМ tutors of the school's region: the assignment form's choices."""
        require(principal, Action.ROUTE_MANAGE)
        return [Tutor(tutor_user_id(a), a.display_name)
                for a in self._accounts.in_region_with_role(principal.region_id or "", Role.TUTOR)]

    def teachers(self, principal: Principal) -> list[Teacher]:
        """The school's employees (persons of kind «сотрудник»): whom a route may be opened for."""
        require(principal, Action.ROUTE_MANAGE)
        page = self._participants.list_persons(principal, kind="staff", page_size=TEACHERS_LISTED)
        return [Teacher(p.id, p.full_name, p.data.position) for p in page.persons]

    def _teacher(self, principal: Principal, person_id: str) -> Teacher:
        try:
            uuid.UUID(person_id)
        except ValueError:
            raise ValidationFailed([FieldProblem("teacher_person_id", CHOOSE_TEACHER)]) from None
        try:
            card = self._participants.person_card(principal, person_id)
        except NotFound:
            raise ValidationFailed([FieldProblem("teacher_person_id", "Педагог не найден среди сотрудников школы")]) \
                from None
        person = card.person
        if person is None or person.data.kind != "staff":
            raise ValidationFailed([FieldProblem("teacher_person_id",
                                                 "ИОМ открывают для педагога — сотрудника школы")])
        return Teacher(person.id, person.full_name, person.data.position)

    def create(self, principal: Principal, *, teacher_person_id: str, years: int, starts_on: str,
               ideal_image: str = "") -> RouteRead:
        require(principal, Action.ROUTE_MANAGE)
        teacher = self._teacher(principal, teacher_person_id)
        return self.routes.create_route(principal, teacher_person_id=teacher.person_id, teacher_name=teacher.name,
                                        years=years, starts_on=starts_on, ideal_image=ideal_image)

    def assign(self, principal: Principal, route_id: str, *, tutor_user_id: str) -> RouteRead:
        """Only a tutor of the school's region; the teacher's and the school's names are copied now."""
        require(principal, Action.ROUTE_MANAGE)
        tutor = next((t for t in self.tutors(principal) if t.user_id == tutor_user_id), None)
        if tutor is None:
            raise ValidationFailed([FieldProblem("tutor_user_id", "Выберите тьютора ЦНППМ своего региона")])
        route = self.routes.get_route(principal, route_id)
        teacher = self._teacher(principal, route.teacher_person_id)
        school = next((o.name for o in self._registry.list_organisations(principal) if o.id == principal.org_id), "")
        return self.routes.assign_tutor(principal, route_id, tutor_user_id=tutor.user_id, tutor_name=tutor.name,
                                        teacher_name=teacher.name, school_name=school)
