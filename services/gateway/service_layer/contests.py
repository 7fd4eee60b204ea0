"""The gateway's part of the contests (ADR 023): what only the gateway knows — the region's jury logins (its
accounts) and the school's pairs (matching) — checked here; the contest's own rules are the registry's.

A juror is named by the user id the internal token carries for that account (as a tutor is, ADR 011): the contests'
row-level security compares it with ``app.user_id``."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.adapters.account_store import AccountStore
from gateway.adapters.contest_client import ContestClient
from gateway.adapters.contest_reads import ApplicationRead, ContestCardRead
from gateway.adapters.matching_client import MatchingClient
from gateway.adapters.participant_client import ParticipantClient
from gateway.service_layer.routes import tutor_user_id
from mentorship_kit.errors import FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, is_allowed, require
from mentorship_kit.principal import Principal, Role, Scope

LISTED = 200


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    mentor_id: str = ""


@dataclass(frozen=True)
class Candidates:
    """What the school may put forward: its active mentors, pairs and teacher mentees."""

    mentors: list[Choice]
    pairs: list[Choice]
    teachers: list[Choice]


class ContestDesk:
    def __init__(self, contests: ContestClient, accounts: AccountStore, participants: ParticipantClient,
                 matching: MatchingClient) -> None:
        self.contests = contests
        self._accounts = accounts
        self._participants = participants
        self._matching = matching

    def jury_logins(self, principal: Principal) -> list[Choice]:
        """The region's logins with the jury role: the jury form's choices."""
        require(principal, Action.CONTEST_MANAGE)
        return [Choice(tutor_user_id(a), a.display_name)
                for a in self._accounts.in_region_with_role(principal.region_id or "", Role.JURY)]

    def set_jurors(self, principal: Principal, contest_id: str, user_ids: list[str]) -> ContestCardRead:
        logins = {c.id: c.name for c in self.jury_logins(principal)}
        unknown = [u for u in user_ids if u not in logins]
        if unknown:
            raise ValidationFailed([FieldProblem("jurors", "Выберите членов жюри из учётных записей жюри своего "
                                                           "региона")])
        return self.contests.set_jurors(principal, contest_id, [(u, logins[u]) for u in dict.fromkeys(user_ids)])

    def candidates(self, principal: Principal) -> Candidates:
        if principal.scope is not Scope.ORG or not is_allowed(principal, Action.MENTOR_LIST):
            return Candidates([], [], [])
        mentors = self._participants.list_mentors(principal, page_size=LISTED, active_only=True).mentors
        teachers = self._participants.list_mentees(principal, person_kind="staff", active_only=True,
                                                   page_size=LISTED).mentees
        pairs = self._matching.list_pairs(principal, status="active", page_size=LISTED).pairs
        return Candidates(
            [Choice(m.id, m.full_name) for m in mentors],
            [Choice(p.id, f"{p.mentor_name} – {p.mentee_name}", p.mentor_id) for p in pairs],
            [Choice(t.id, t.full_name) for t in teachers])

    def apply(self, principal: Principal, contest_id: str, *, nomination: str, subject_kind: str, subject_id: str,
              shown_fields: list[str], consent_confirmed: bool, achievements: str,
              description: str) -> ApplicationRead:
        require(principal, Action.CONTEST_APPLY)
        mentor_id = ""
        if subject_kind == "pair":
            # The pair is matching's: its mentor is whose consented fields the application shows.
            try:
                mentor_id = self._matching.get_pair(principal, subject_id).mentor_id if subject_id else ""
            except NotFound:
                mentor_id = ""
            if not mentor_id:
                raise ValidationFailed([FieldProblem("subject_id", "Выберите действующую пару школы")])
        return self.contests.apply(principal, contest_id, nomination=nomination, subject_kind=subject_kind,
                                   subject_id=subject_id, mentor_id=mentor_id, shown_fields=shown_fields,
                                   consent_confirmed=consent_confirmed, achievements=achievements,
                                   description=description)
