"""Logins of a school's participants (ADR 010): a mentor and a teacher mentee sign in themselves.

The curator (or the director) issues the login from the mentor's or the mentee's card. It is created in the identity
provider exactly as a staff login is (``StaffService.provision``: a one-time password locally, Keycloak with an
e-mail otherwise) and carries the role ``mentor`` / ``mentee`` and the participant it belongs to — the mentor card's
id or the mentee's id, which pairs and groups name. Students never sign in (004 §IV; the mentor or the curator
records for them), nor do external participants: only a person who is the school's employee gets a login.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.adapters.account_store import AccountStore
from gateway.adapters.identity_admin import StaffLogin
from gateway.adapters.participant_client import ParticipantClient
from gateway.adapters.participant_reads import PersonCardRead
from gateway.domain.accounts import Account
from gateway.service_layer.staff import CreatedLogin, StaffService, login_field_problems
from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Principal, Role

PARTICIPANT_ROLES = {"mentor": Role.MENTOR, "mentee": Role.MENTEE}
ONLY_EMPLOYEES = ("Вход в систему выдаётся только наставникам и наставляемым из числа сотрудников школы: "
                  "обучающиеся в систему не входят — встречи за них вносит наставник или куратор")
NOT_IN_BASE = {"mentor": "Человек не состоит в базе наставников школы (или выведен из неё)",
               "mentee": "Человек не состоит в базе наставляемых школы (или выведен из неё)"}


@dataclass(frozen=True)
class ParticipantLogins:
    """The logins of one person's participations: role → its accounts (active first)."""

    mentor: list[Account]
    mentee: list[Account]


def refusal(card: PersonCardRead, role: str) -> str:
    """Why this person cannot get a login of the role, in Russian; empty when it can."""
    if card.person.data.kind != "staff":
        return ONLY_EMPLOYEES
    participation = card.mentor if role == "mentor" else card.mentee
    if participation is None or not participation.active:
        return NOT_IN_BASE[role]
    return ""


class ParticipantLoginService:
    def __init__(self, accounts: AccountStore, staff: StaffService, participants: ParticipantClient) -> None:
        self._accounts = accounts
        self._staff = staff
        self._participants = participants

    def of_card(self, principal: Principal, card: PersonCardRead) -> ParticipantLogins:
        require(principal, Action.PARTICIPANT_LOGIN)
        org = principal.org_id or ""
        return ParticipantLogins(
            mentor=self._accounts.of_participant(org, card.mentor.id) if card.mentor else [],
            mentee=self._accounts.of_participant(org, card.mentee.id) if card.mentee else [])

    def issue(self, principal: Principal, person_id: str, *, role: str, email: str = "",
              username: str = "") -> CreatedLogin:
        """The login of the person's mentor card or mentee record. The card is read as the caller: another school's
        person is a 404 from the registry."""
        require(principal, Action.PARTICIPANT_LOGIN)
        if role not in PARTICIPANT_ROLES:
            raise ValidationFailed([FieldProblem("role", "Вход выдаётся наставнику или наставляемому")])
        card = self._participants.person_card(principal, person_id)
        if why := refusal(card, role):
            raise ValidationFailed([FieldProblem("role", why)])
        participation = card.mentor if role == "mentor" else card.mentee
        assert participation is not None
        if any(a.active and a.role is PARTICIPANT_ROLES[role]
               for a in self._accounts.of_participant(principal.org_id or "", participation.id)):
            raise Conflict("У этого участника уже есть вход в систему: отключите прежний, чтобы выдать новый")
        email = (email or card.person.data.email).strip()
        display_name = " ".join(card.person.full_name.split())
        username = username.strip().lower() or (self._staff.free_username(email) if email else "")
        if problems := login_field_problems(username, display_name, email):
            raise ValidationFailed(problems)
        login = StaffLogin(username, display_name, email, PARTICIPANT_ROLES[role], principal.org_id or "",
                           principal.municipality_id or "", principal.region_id or "", participant_id=participation.id)
        return self._staff.provision([login])[0]
