"""Read models of the school's bases — persons and consents, mentors, mentees, requests, the regional base and
bulk imports — as :mod:`gateway.adapters.participant_client` returns them (the convention:
:mod:`gateway.adapters.proto_json`). Everything here but :class:`PublicMentorRead` is personal data."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel, Timestamp
from mentorship.registry.v1 import imports_pb2 as ipb
from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import persons_pb2 as ppb


# -- persons and consents ---------------------------------------------------------------------------------
class PersonInputRead(ReadModel):
    """What the school typed about a person; dates are ISO strings, "" when unknown."""

    contract = ppb.PersonInput
    kind: str
    external_key: str
    last_name: str
    first_name: str
    middle_name: str
    birth_date: str
    class_name: str
    guardian_name: str
    guardian_contact: str
    position: str
    hired_on: str
    education: str
    affiliation: str
    email: str
    phone: str
    pedagogical_since: str
    course_year: str


class PersonRead(ReadModel):
    contract = ppb.Person
    id: str
    org_id: str
    data: PersonInputRead
    full_name: str
    grade: int
    minor: bool
    young_specialist: bool
    participation_consent: bool
    regional_base_consent: bool
    mentor_id: str
    mentor_active: bool
    mentee_id: str
    mentee_active: bool
    version: int
    created_at: Timestamp = None
    updated_at: Timestamp = None


class PersonPageRead(ReadModel):
    contract = ppb.ListPersonsResponse
    persons: list[PersonRead]
    next_page_token: str
    total: int


class ConsentRead(ReadModel):
    contract = ppb.Consent
    id: str
    person_id: str
    purpose: str
    given_by: str
    giver_name: str
    document_ref: str
    text_version: str
    given_on: str
    withdrawn_on: str
    withdrawal_reason: str
    valid: bool


# -- mentors ------------------------------------------------------------------------------------------------
class TrainingRead(ReadModel):
    contract = pb.Training
    course: str
    hours: int
    completed_on: str
    provider: str


class LevelChangeRead(ReadModel):
    contract = pb.LevelChange
    from_level: str
    to_level: str
    reason: str
    changed_by: str
    changed_at: Timestamp = None
    correction: bool = False


class MentorCardRead(ReadModel):
    """The mentor card (формуляр), its editable part."""

    contract = pb.MentorCard
    origin: str
    education: str
    position: str
    experience_years: int
    life_experience: str
    subjects: list[str]
    competencies: list[str]
    interests: list[str]
    age_group: str
    hours_per_month: int
    capacity: int


class MentorRead(ReadModel):
    contract = pb.Mentor
    id: str
    org_id: str
    full_name: str
    origin: str
    subjects: list[str]
    competencies: list[str]
    capacity: int
    registered_at: Timestamp = None
    person_id: str
    card: MentorCardRead
    level: str
    active: bool
    inactive_reason: str
    agreement_number: str
    agreement_date: str
    trainings: list[TrainingRead]
    level_history: list[LevelChangeRead]
    published: bool
    pairable: bool
    pairing_blockers: list[str]
    version: int


class MentorPageRead(ReadModel):
    contract = pb.ListMentorsResponse
    mentors: list[MentorRead]
    next_page_token: str
    total: int


class CompetenciesRead(ReadModel):
    """The platform's vocabulary (``base``) and the terms the school added (``school``)."""

    contract = pb.ListCompetenciesResponse
    base: list[str]
    school: list[str]


# -- mentees and requests -----------------------------------------------------------------------------------
class MenteeRead(ReadModel):
    contract = pb.Mentee
    id: str
    org_id: str
    person_id: str
    full_name: str
    person_kind: str
    categories: list[str]
    class_name: str
    active: bool
    inactive_reason: str
    notes: str
    registered_at: Timestamp = None
    version: int
    open_requests: int


class MenteePageRead(ReadModel):
    contract = pb.ListMenteesResponse
    mentees: list[MenteeRead]
    next_page_token: str
    total: int


class MentoringRequestRead(ReadModel):
    contract = pb.MentoringRequest
    id: str
    org_id: str
    mentee_id: str
    mentee_name: str
    topics: list[str]
    goal: str
    desired_form: str
    source: str
    status: str
    submitted_at: Timestamp = None
    status_changed_at: Timestamp = None
    status_reason: str
    version: int
    person_id: str
    pair_id: str


class RequestPageRead(ReadModel):
    contract = pb.ListRequestsResponse
    requests: list[MentoringRequestRead]
    next_page_token: str
    total: int


class PersonCardRead(ReadModel):
    """The person card: data, consents, the mentor card and the mentee profile (None when not in the base)."""

    contract = pb.PersonCard
    person: PersonRead
    consents: list[ConsentRead]
    mentor: MentorRead | None = None
    mentee: MenteeRead | None = None
    requests: list[MentoringRequestRead]
    became_mentor_at: Timestamp = None


# -- the regional base --------------------------------------------------------------------------------------
class PublicMentorRead(ReadModel):
    """The public profile of a mentor who consented to the regional base: exactly these fields, nothing else."""

    contract = pb.PublicMentor
    mentor_id: str
    full_name: str
    organisation: str
    origin: str
    subjects: list[str]
    competencies: list[str]
    capacity: int
    org_id: str


class PublicMentorPageRead(ReadModel):
    contract = pb.SearchPublicMentorsResponse
    mentors: list[PublicMentorRead]
    next_page_token: str
    total: int


# -- bulk import --------------------------------------------------------------------------------------------
class ImportTemplateRead(ReadModel):
    """A file, not JSON: built field by field (``of`` would read the bytes as base64 text)."""

    filename: str
    content_type: str
    content: bytes


class RowErrorRead(ReadModel):
    contract = ipb.RowError
    row: int
    column: str
    message: str


class ImportJobRead(ReadModel):
    """Progress (``rows_processed`` of ``rows_total``), preview counts and the invalid rows of one import."""

    contract = ipb.ImportJob
    id: str
    kind: str
    filename: str
    status: str
    rows_total: int
    rows_processed: int
    rows_valid: int
    rows_invalid: int
    to_create: int
    to_update: int
    unchanged: int
    error: str
    row_errors: list[RowErrorRead]
    row_errors_total: int
    created_at: Timestamp = None
    finished_at: Timestamp = None
    created_by: str
    created: int
    updated: int
