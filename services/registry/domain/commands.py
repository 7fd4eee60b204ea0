"""What callers ask the registry to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CreateRegion:
    name: str
    code: str


@dataclass(frozen=True)
class CreateMunicipality:
    region_id: str
    name: str
    code: str


@dataclass(frozen=True)
class RosterEntry:
    municipality_name: str
    organisation_name: str
    kind: str


@dataclass(frozen=True)
class OnboardRoster:
    region_id: str
    entries: tuple[RosterEntry, ...]
    dry_run: bool


@dataclass(frozen=True)
class CreateOrganisation:
    municipality_id: str
    name: str
    kind: str
    code: str


@dataclass(frozen=True)
class RegisterMentor:
    person_id: str
    card: dict[str, Any]


@dataclass(frozen=True)
class ListMentors:
    page_size: int = 50
    page_token: str = ""
    query: str = ""
    origin: str = ""
    active_only: bool = False


@dataclass(frozen=True)
class AddPerson:
    data: dict[str, str]


@dataclass(frozen=True)
class UpdatePerson:
    person_id: str
    data: dict[str, str]
    version: int = 0


@dataclass(frozen=True)
class ListPersons:
    query: str = ""
    kind: str = ""
    class_name: str = ""
    consent: str = ""
    base: str = ""
    page_size: int = 50
    page_token: str = ""


@dataclass(frozen=True)
class GiveConsent:
    person_id: str
    purpose: str
    given_by: str
    giver_name: str = ""
    document_ref: str = ""
    text_version: str = ""
    given_on: str = ""


@dataclass(frozen=True)
class WithdrawConsent:
    consent_id: str
    withdrawn_on: str = ""
    reason: str = ""


@dataclass(frozen=True)
class UpdateMentor:
    mentor_id: str
    card: dict[str, Any]
    version: int = 0


@dataclass(frozen=True)
class ChangeMentorLevel:
    mentor_id: str
    level: str
    reason: str
    correction: bool = False


@dataclass(frozen=True)
class AddMentorTraining:
    mentor_id: str
    training: dict[str, Any]


@dataclass(frozen=True)
class RecordAgreement:
    mentor_id: str
    number: str
    date: str


@dataclass(frozen=True)
class Deactivate:
    id: str
    reason: str


@dataclass(frozen=True)
class RegisterMentee:
    person_id: str
    categories: list[str]
    notes: str = ""


@dataclass(frozen=True)
class UpdateMentee:
    mentee_id: str
    categories: list[str]
    notes: str = ""
    version: int = 0


@dataclass(frozen=True)
class ListMentees:
    query: str = ""
    category: str = ""
    person_kind: str = ""
    active_only: bool = False
    page_size: int = 50
    page_token: str = ""


@dataclass(frozen=True)
class SubmitRequest:
    mentee_id: str
    topics: list[str]
    goal: str
    desired_form: str
    source: str


@dataclass(frozen=True)
class ChangeRequestStatus:
    request_id: str
    status: str
    reason: str = ""


@dataclass(frozen=True)
class MatchRequestByPair:
    """matching's PairFormed: the pair published for this request (ADR 007)."""

    request_id: str
    pair_id: str


@dataclass(frozen=True)
class MatchRequestsByGroup:
    """matching's GroupFormed: a group (or team) published for these requests; each is held by the group."""

    request_ids: tuple[str, ...]
    group_id: str


@dataclass(frozen=True)
class ReleaseRequestOfPair:
    """matching's PairClosed (or PairCompleted): the pair ended; ``completed`` when it ran its term (not early);
    ``replacing`` when a new mentor for the same request follows at once (the mentee's approved petition)."""

    pair_id: str
    reason: str
    completed: bool = False
    replacing: bool = False


@dataclass(frozen=True)
class ListRequests:
    status: str = ""
    mentee_id: str = ""
    page_size: int = 50
    page_token: str = ""


@dataclass(frozen=True)
class SearchPublicMentors:
    query: str = ""
    origin: str = ""
    municipality_id: str = ""
    page_size: int = 50
    page_token: str = ""


@dataclass(frozen=True)
class ReleaseRequestsOfGroup:
    """matching's GroupMemberLeft (one request) or GroupClosed (the members still in it): the group no longer
    holds these requests; ``completed`` when the group ran its course (they stay matched)."""

    group_id: str
    request_ids: tuple[str, ...]
    reason: str
    completed: bool = False
