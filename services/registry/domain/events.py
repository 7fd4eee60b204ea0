"""Facts the registry announces. Their wire form is defined in proto/mentorship/registry/v1/events.proto."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from registry.domain.documents import Document
from registry.domain.mentees import Mentee, MentoringRequest
from registry.domain.mentors import Mentor, MentorLevel
from registry.domain.persons import Consent, Person
from registry.domain.self_diagnosis import SelfDiagnosis
from registry.domain.structure import Organisation


@dataclass(frozen=True)
class OrganisationCreated:
    organisation: Organisation
    municipality_name: str
    region_name: str


@dataclass(frozen=True)
class PersonAdded:
    person: Person


@dataclass(frozen=True)
class PersonUpdated:
    person: Person


@dataclass(frozen=True)
class PeopleImported:
    """One written chunk of a confirmed import: the people it added or changed, announced together (ADR 027)."""

    import_id: str
    people: tuple[Person, ...]


@dataclass(frozen=True)
class ConsentGiven:
    consent: Consent


@dataclass(frozen=True)
class ConsentWithdrawn:
    """Other services stop processing the person: the affected mentor and mentee are named."""

    consent: Consent
    mentor_id: str = ""
    mentee_id: str = ""


@dataclass(frozen=True)
class MentorRegistered:
    mentor: Mentor


@dataclass(frozen=True)
class MentorUpdated:
    """The card, training, agreement or publication changed."""

    mentor: Mentor


@dataclass(frozen=True)
class MentorStatusChanged:
    mentor: Mentor
    from_level: MentorLevel
    reason: str


@dataclass(frozen=True)
class MentorDeactivated:
    mentor: Mentor
    reason: str


@dataclass(frozen=True)
class MenteeRegistered:
    mentee: Mentee


@dataclass(frozen=True)
class MenteeUpdated:
    mentee: Mentee


@dataclass(frozen=True)
class MenteeDeactivated:
    mentee: Mentee


@dataclass(frozen=True)
class MentoringRequestSubmitted:
    request: MentoringRequest


@dataclass(frozen=True)
class MentoringRequestStatusChanged:
    request: MentoringRequest


@dataclass(frozen=True)
class MenteeBecameMentor:
    person: Person
    mentee: Mentee
    mentor: Mentor
    at: datetime


@dataclass(frozen=True)
class DocumentTransitioned:
    document: Document
    items_total: int
    items_done: int
    items_overdue: int
    items: tuple[tuple[str, str, str], ...] = ()
    """(item id, due date, stored progress) of an approved roadmap."""


@dataclass(frozen=True)
class RoadmapProgressChanged:
    document: Document
    item_id: str
    progress: str
    items_total: int
    items_done: int
    items_overdue: int


@dataclass(frozen=True)
class SelfDiagnosisCompleted:
    """A yearly self-diagnosis filled or corrected (issue 15 item 3): counted by reporting for the control page."""

    diagnosis: SelfDiagnosis


@dataclass(frozen=True)
class ContestCounted:
    """A school's contest application changed (ADR 023), or a teacher mentee's participation in contests: what
    reporting counts of it — an entity's facets and version, no names."""

    entity_kind: str  # contest_application | contest_teacher
    entity_id: str
    contest_id: str
    org_id: str
    municipality_id: str
    region_id: str
    version: int
    facets: tuple[str, ...]


@dataclass(frozen=True)
class RegisterEntryChanged:
    """An entry of the school's register changed (ADR 025): its whole counted state — the facets of 4.1–4.5 — at a
    version that grows by one per change; no titles, no authors."""

    entry_id: str
    entry_kind: str  # scientific_event | practice
    org_id: str
    municipality_id: str
    region_id: str
    kind: str
    participants: int
    version: int
    facets: tuple[str, ...]
