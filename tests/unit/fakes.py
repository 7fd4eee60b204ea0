"""An in-memory unit of work and repositories for the registry's use cases (cosmicpython's FakeUnitOfWork).

Honest where the use cases rely on the database: unique keys and stale versions become ``Conflict`` as the
SQL repositories make them, and leaving ``with uow:`` without ``commit()`` restores the state the block began
with and drops its events (the outbox is written in the same transaction). Queries that only page through
rows (keyset pages, public search, import row errors) are kept to what a unit test needs: one sorted page.
``dev.py`` runs mypy on this file: ``as_protocol`` fails to type-check when a fake drifts from its Protocol.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any, Self

from mentorship_kit.errors import Conflict
from mentorship_kit.principal import Principal
from registry.domain.documents import (
    Comment,
    Document,
    Kind,
    OwnerLevel,
    Status,
    Transition,
    TransitionRecord,
    VersionInfo,
)
from registry.domain.imports import CheckedRow, ImportJob, ImportKind, ImportStatus, RowAction
from registry.domain.mentees import Mentee, MentoringRequest, RequestStatus
from registry.domain.mentors import LevelChange, Mentor, Training
from registry.domain.persons import Consent, Person, PersonFilter, PersonKind, PersonSummary
from registry.domain.structure import Municipality, Organisation, Region
from registry.service_layer.unit_of_work import UnitOfWork


def _stale(stored_version: int | None, new_version: int, message: str) -> None:
    """The SQL repositories write ``version = n`` only ``WHERE version = n - 1``."""
    if stored_version is None or stored_version != new_version - 1:
        raise Conflict(message)


def _page(rows: list[Any], size: int) -> tuple[list[Any], str, int]:
    return rows[:size], "", len(rows)


class FakeStructureRepository:
    def __init__(self) -> None:
        self.regions: dict[str, Region] = {}
        self.municipalities: dict[str, Municipality] = {}
        self.organisations: dict[str, Organisation] = {}

    def add_region(self, region: Region, *, conflict_message: str) -> None:
        if any(r.code == region.code for r in self.regions.values()):
            raise Conflict(conflict_message)
        self.regions[region.id] = region

    def add_municipality(self, m: Municipality, *, conflict_message: str) -> None:
        if any(x.region_id == m.region_id and x.code == m.code for x in self.municipalities.values()):
            raise Conflict(conflict_message)
        self.municipalities[m.id] = m

    def add_organisation(self, o: Organisation, *, conflict_message: str) -> None:
        if any(x.code == o.code for x in self.organisations.values()):
            raise Conflict(conflict_message)
        self.organisations[o.id] = o

    def region(self, region_id: str) -> Region | None:
        return self.regions.get(region_id)

    def municipality(self, municipality_id: str) -> Municipality | None:
        return self.municipalities.get(municipality_id)

    def organisation(self, org_id: str) -> Organisation | None:
        return self.organisations.get(org_id)

    def list_regions(self) -> list[Region]:
        return sorted(self.regions.values(), key=lambda r: r.name)

    def list_municipalities(self, region_id: str | None) -> list[Municipality]:
        return sorted((m for m in self.municipalities.values() if not region_id or m.region_id == region_id),
                      key=lambda m: m.name)

    def list_organisations(self, municipality_id: str | None) -> list[Organisation]:
        return sorted((o for o in self.organisations.values()
                       if not municipality_id or o.municipality_id == municipality_id), key=lambda o: o.name)


class FakePersonRepository:
    def __init__(self, bases: Callable[[str], tuple[Mentor | None, Mentee | None]]) -> None:
        self.people: dict[str, Person] = {}
        self.consents: dict[str, Consent] = {}
        self._bases = bases  # the mentor and mentee of a person, for summaries (a join in SQL)

    def add(self, person: Person, *, created_by: str) -> None:
        if any(p.kind is person.kind and p.data.external_key and p.data.external_key == person.data.external_key
               for p in self.people.values()):
            raise Conflict(f"Человек с идентификатором «{person.data.external_key}» уже есть в списке")
        self.people[person.id] = person

    def add_many(self, people: list[Person], *, created_by: str) -> None:
        for person in people:
            self.add(person, created_by=created_by)

    def update(self, person: Person) -> None:
        stored = self.people.get(person.id)
        _stale(stored.version if stored else None, person.version,
               "Карточку уже изменили: обновите страницу и внесите правки снова")
        self.people[person.id] = person

    def update_many(self, people: list[Person]) -> None:
        for person in people:
            self.update(person)

    def get(self, person_id: str, *, lock: bool = False) -> Person | None:
        return self.people.get(person_id)

    def summary(self, person_id: str) -> PersonSummary | None:
        person = self.people.get(person_id)
        if person is None:
            return None
        mentor, mentee = self._bases(person_id)
        valid = {c.purpose for c in self.consents.values() if c.person_id == person_id and c.valid}
        return PersonSummary(person=person, participation_consent="participation" in valid,
                             regional_base_consent="regional_base" in valid,
                             mentor_id=mentor.id if mentor else "", mentor_active=bool(mentor and mentor.active),
                             mentee_id=mentee.id if mentee else "", mentee_active=bool(mentee and mentee.active))

    def by_keys(self, kind: PersonKind, keys: Iterable[str], *, lock: bool = False) -> dict[str, Person]:
        wanted = set(keys)
        return {p.data.external_key: p for p in self.people.values()
                if p.kind is kind and p.data.external_key in wanted}

    def page(self, f: PersonFilter, *, size: int, after: str) -> tuple[list[PersonSummary], str, int]:
        found = [s for s in map(self.summary, self.people) if s is not None
                 and (f.kind is None or s.person.kind is f.kind)
                 and f.query.casefold() in s.person.full_name.casefold()]
        return _page(sorted(found, key=lambda s: s.person.full_name.casefold()), size)

    def consents_of(self, person_id: str, *, lock: bool = False) -> list[Consent]:
        return sorted((c for c in self.consents.values() if c.person_id == person_id), key=lambda c: c.given_on)

    def consent(self, consent_id: str) -> Consent | None:
        return self.consents.get(consent_id)

    def add_consent(self, consent: Consent, *, recorded_by: str, at: Any) -> None:
        if any(c.person_id == consent.person_id and c.purpose is consent.purpose and c.valid
               for c in self.consents.values()):
            raise Conflict("Согласие с этой целью уже действует; чтобы внести новое, сначала отзовите прежнее")
        self.consents[consent.id] = consent

    def withdraw(self, consent: Consent, *, withdrawn_by: str) -> None:
        self.consents[consent.id] = consent


class FakeMentorRepository:
    def __init__(self) -> None:
        self.mentors: dict[str, Mentor] = {}
        self.public: dict[str, str] = {}  # mentor id → organisation name shown in the regional base
        self.terms: list[str] = []

    def add(self, mentor: Mentor, *, registered_by: str) -> None:
        if any(m.person_id and m.person_id == mentor.person_id for m in self.mentors.values()):
            raise Conflict(f"{mentor.full_name} уже есть в базе наставников")
        self.mentors[mentor.id] = mentor

    def save(self, mentor: Mentor, *, now: datetime) -> None:
        stored = self.mentors.get(mentor.id)
        _stale(stored.version if stored else None, mentor.version,
               "Формуляр уже изменили: обновите страницу и внесите правки снова")
        self.mentors[mentor.id] = mentor

    def get(self, mentor_id: str, *, lock: bool = False, full: bool = True) -> Mentor | None:
        return self.mentors.get(mentor_id)

    def by_person(self, person_id: str, *, lock: bool = False) -> Mentor | None:
        return next((m for m in self.mentors.values() if m.person_id == person_id), None)

    def add_training(self, mentor: Mentor, training: Training, *, by: str, at: datetime) -> None:
        """Trainings travel inside the stored ``Mentor`` here (a table of their own in SQL)."""

    def add_level_change(self, mentor: Mentor, change: LevelChange) -> None:
        """Level history travels inside the stored ``Mentor`` here (a table of its own in SQL)."""

    def page(self, *, size: int, after: str, query: str = "", origin: str = "",
             active_only: bool = False) -> tuple[list[Mentor], str, int]:
        found = [m for m in self.mentors.values() if (not origin or m.origin.value == origin)
                 and (m.active or not active_only) and query.casefold() in m.full_name.casefold()]
        return _page(sorted(found, key=lambda m: m.full_name.casefold()), size)

    def school_terms(self) -> list[str]:
        return sorted(self.terms, key=str.casefold)

    def add_term(self, term: str, *, org: tuple[str, str, str], by: str, at: datetime) -> None:
        if term.casefold() in {t.casefold() for t in self.terms}:
            raise Conflict(f"«{term}» уже есть в словаре")
        self.terms.append(term)

    def publish(self, mentor: Mentor, *, organisation: str, at: datetime) -> None:
        self.public[mentor.id] = organisation

    def unpublish(self, mentor_id: str) -> None:
        self.public.pop(mentor_id, None)

    def search_public(self, *, query: str, origin: str, municipality_id: str, size: int,
                      after: str) -> tuple[list[Any], str, int]:
        found = [self.mentors[i] for i in self.public if query.casefold() in self.mentors[i].full_name.casefold()
                 and (not origin or self.mentors[i].origin.value == origin)
                 and (not municipality_id or self.mentors[i].municipality_id == municipality_id)]
        return _page(sorted(found, key=lambda m: m.full_name.casefold()), size)


class FakeMenteeRepository:
    def __init__(self) -> None:
        self.mentees: dict[str, Mentee] = {}
        self.requests: dict[str, MentoringRequest] = {}
        self.transitions: dict[str, tuple[str, datetime]] = {}  # person id → (mentor id, when)

    def add(self, mentee: Mentee, *, registered_by: str) -> None:
        if any(m.person_id == mentee.person_id for m in self.mentees.values()):
            raise Conflict(f"{mentee.full_name} уже есть в базе наставляемых")
        self.mentees[mentee.id] = mentee

    def save(self, mentee: Mentee, *, now: datetime) -> None:
        stored = self.mentees.get(mentee.id)
        _stale(stored.version if stored else None, mentee.version,
               "Сведения о наставляемом уже изменили: обновите страницу")
        self.mentees[mentee.id] = mentee

    def get(self, mentee_id: str, *, lock: bool = False) -> Mentee | None:
        return self.mentees.get(mentee_id)

    def by_person(self, person_id: str, *, lock: bool = False) -> Mentee | None:
        return next((m for m in self.mentees.values() if m.person_id == person_id), None)

    def open_requests(self, mentee_ids: list[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.requests.values():
            if r.mentee_id in mentee_ids and r.status is RequestStatus.OPEN:
                counts[r.mentee_id] = counts.get(r.mentee_id, 0) + 1
        return counts

    def page(self, *, size: int, after: str, query: str = "", category: str = "", person_kind: str = "",
             active_only: bool = False) -> tuple[list[Mentee], str, int]:
        found = [m for m in self.mentees.values() if (m.active or not active_only)
                 and (not category or category in {c.value for c in m.categories})
                 and (not person_kind or m.person_kind.value == person_kind)
                 and query.casefold() in m.full_name.casefold()]
        return _page(sorted(found, key=lambda m: m.full_name.casefold()), size)

    def add_request(self, request: MentoringRequest, *, submitted_by: str) -> None:
        self.requests[request.id] = request

    def save_request(self, request: MentoringRequest) -> None:
        stored = self.requests.get(request.id)
        _stale(stored.version if stored else None, request.version, "Запрос уже изменили: обновите страницу")
        self.requests[request.id] = request

    def request(self, request_id: str, *, lock: bool = False) -> MentoringRequest | None:
        return self.requests.get(request_id)

    def request_status(self, request_id: str, *, lock: bool = False) -> MentoringRequest | None:
        return self.requests.get(request_id)

    def request_of_pair(self, pair_id: str, *, lock: bool = False) -> MentoringRequest | None:
        return next((r for r in self.requests.values() if r.pair_id == pair_id), None)

    def mentee_active(self, mentee_id: str) -> bool:
        mentee = self.mentees.get(mentee_id)
        return bool(mentee and mentee.active)

    def requests_of(self, mentee_id: str, *, lock: bool = False) -> list[MentoringRequest]:
        return sorted((r for r in self.requests.values() if r.mentee_id == mentee_id), key=lambda r: r.submitted_at)

    def request_page(self, *, size: int, after: str, status: str = "",
                     mentee_id: str = "") -> tuple[list[MentoringRequest], str, int]:
        found = [r for r in self.requests.values() if (not status or r.status.value == status)
                 and (not mentee_id or r.mentee_id == mentee_id)]
        return _page(sorted(found, key=lambda r: r.submitted_at, reverse=True), size)

    def record_transition(self, mentee: Mentee, mentor_id: str, *, at: datetime) -> bool:
        if mentee.person_id in self.transitions:
            return False
        self.transitions[mentee.person_id] = (mentor_id, at)
        return True

    def transition_at(self, person_id: str) -> datetime | None:
        found = self.transitions.get(person_id)
        return found[1] if found else None


class FakeDocumentRepository:
    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.contents: dict[tuple[str, int], dict[str, Any]] = {}
        self.version_list: dict[str, list[VersionInfo]] = {}
        self.recorded: dict[str, list[Transition]] = {}
        self.progress_of: dict[str, dict[str, tuple[str, str]]] = {}

    def add(self, doc: Document, *, created_by_name: str) -> None:
        if any((d.kind, d.org_id, d.municipality_id, d.owner_level) == (doc.kind, doc.org_id, doc.municipality_id,
                                                                        doc.owner_level)
               for d in self.documents.values()):
            raise Conflict("Такой документ у организации уже есть: откройте его из списка документов")
        self.save(doc, created_by_name=created_by_name, new_version=True)

    def get(self, document_id: str, *, for_update: bool = False, version: int = 0) -> Document | None:
        doc = self.documents.get(document_id)
        if doc is None or (doc.id, version or doc.version) not in self.contents:
            return None
        return replace(doc, content=self.contents[doc.id, version or doc.version])

    def save(self, doc: Document, *, created_by_name: str, new_version: bool) -> None:
        self.documents[doc.id] = doc
        self.contents[doc.id, doc.version] = doc.content
        if new_version:
            self.version_list.setdefault(doc.id, []).append(
                VersionInfo(doc.version, doc.status, doc.updated_at, created_by_name))

    def record(self, doc: Document, transition: Transition) -> None:
        self.recorded.setdefault(doc.id, []).append(transition)

    def content_of(self, document_id: str, version: int) -> dict[str, Any] | None:
        found = self.contents.get((document_id, version))
        return dict(found) if found is not None else None

    def comments(self, document_id: str, *, version: int | None = None) -> tuple[Comment, ...]:
        return tuple(c for t in self.recorded.get(document_id, []) for c in t.comments
                     if version is None or c.version == version)

    def versions(self, document_id: str) -> list[VersionInfo]:
        return list(self.version_list.get(document_id, []))

    def transitions(self, document_id: str) -> list[TransitionRecord]:
        return [TransitionRecord(t.version, t.from_status.value, t.to_status.value, t.actor_name, t.actor_role, t.at,
                                 len(t.comments)) for t in self.recorded.get(document_id, [])]

    def headers(self, *, kind: Kind | None = None, org_id: str | None = None, municipality_id: str | None = None,
                status: Status | None = None, owner_level: OwnerLevel | None = None) -> list[Document]:
        return [replace(d, content={}) for d in self.documents.values()
                if (kind is None or d.kind is kind) and (org_id is None or d.org_id == org_id)
                and (municipality_id is None or d.municipality_id == municipality_id)
                and (status is None or d.status is status) and (owner_level is None or d.owner_level is owner_level)]

    def progress(self, document_id: str) -> dict[str, tuple[str, str]]:
        return dict(self.progress_of.get(document_id, {}))

    def set_progress(self, doc: Document, *, item_id: str, progress: str, evidence: str, by: str,
                     at: datetime) -> None:
        self.progress_of.setdefault(doc.id, {})[item_id] = (progress, evidence)


class FakeImportRepository:
    def __init__(self) -> None:
        self.jobs: dict[str, ImportJob] = {}
        self.files: dict[str, bytes] = {}
        self.rows: dict[str, list[CheckedRow]] = {}

    def add(self, *, job_id: str, tenant: tuple[str, str, str], kind: ImportKind, filename: str, content: bytes,
            created_by: str, created_by_name: str, at: datetime) -> None:
        org_id, municipality_id, region_id = tenant
        self.jobs[job_id] = ImportJob(
            id=job_id, kind=kind, filename=filename, status=ImportStatus.CHECKING, rows_total=0, rows_processed=0,
            rows_valid=0, rows_invalid=0, to_create=0, to_update=0, unchanged=0, created=0, updated=0, error="",
            created_at=at, created_by=created_by, created_by_name=created_by_name, finished_at=None,
            org_id=org_id, municipality_id=municipality_id, region_id=region_id)
        self.files[job_id] = content

    def get(self, job_id: str) -> ImportJob | None:
        return self.jobs.get(job_id)

    def content(self, job_id: str) -> bytes:
        return self.files[job_id]

    def recent(self, limit: int) -> list[ImportJob]:
        return sorted(self.jobs.values(), key=lambda j: j.created_at, reverse=True)[:limit]

    def set(self, job_id: str, **values: Any) -> None:
        self.jobs[job_id] = replace(self.jobs[job_id], **values)

    def move(self, job_id: str, *, from_status: ImportStatus, to_status: ImportStatus, **values: Any) -> bool:
        if self.jobs[job_id].status is not from_status:
            return False
        self.set(job_id, status=to_status, rows_processed=0, **values)
        return True

    def fail(self, job_id: str, message: str, *, at: datetime) -> None:
        if self.jobs[job_id].status in (ImportStatus.CHECKING, ImportStatus.COMMITTING):
            self.set(job_id, status=ImportStatus.FAILED, error=message[:1000], finished_at=at)

    def lock_for_writing(self, job_id: str) -> bool:
        return True

    def clear_rows(self, job_id: str) -> None:
        self.rows.pop(job_id, None)

    def drop_preview(self, job_id: str, *, keep_invalid: bool) -> None:
        kept = [r for r in self.rows.get(job_id, []) if keep_invalid and r.action is RowAction.INVALID]
        self.rows[job_id] = kept
        self.files[job_id] = b""

    def add_rows(self, job: ImportJob, rows: list[CheckedRow]) -> None:
        self.rows.setdefault(job.id, []).extend(rows)

    def row_errors(self, job_id: str, *, limit: int, offset: int) -> tuple[list[tuple[int, str, str]], int]:
        errors = [(r.row_no, c, m) for r in sorted(self.rows.get(job_id, []), key=lambda r: r.row_no)
                  for c, m in r.errors]
        return errors[offset:offset + limit], len(errors)


class FakeUnitOfWork:
    """One tenant's in-memory registry. ``events`` holds what committed transactions wrote to the outbox."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.structure = FakeStructureRepository()
        self.persons = FakePersonRepository(lambda person_id: self._bases_of(person_id))
        self.mentors = FakeMentorRepository()
        self.mentees = FakeMenteeRepository()
        self.documents = FakeDocumentRepository()
        self.imports = FakeImportRepository()
        self.events: list[object] = []
        self.commits = 0
        self.rollbacks = 0
        self._pending: list[object] = []
        self._committed = False
        self._saved: dict[str, dict[str, Any]] = {}

    def _repositories(self) -> dict[str, Any]:
        return {"structure": self.structure, "persons": self.persons, "mentors": self.mentors,
                "mentees": self.mentees, "documents": self.documents, "imports": self.imports}

    def _bases_of(self, person_id: str) -> tuple[Mentor | None, Mentee | None]:
        return self.mentors.by_person(person_id), self.mentees.by_person(person_id)

    def __enter__(self) -> Self:
        self._saved = {name: copy.deepcopy(vars(repo)) for name, repo in self._repositories().items()}
        self._pending, self._committed = [], False
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._committed:
            for name, repo in self._repositories().items():
                vars(repo).update(self._saved[name])
            self._pending = []
            self.rollbacks += 1

    def collect(self, event: object) -> None:
        self._pending.append(event)

    def commit(self) -> None:
        self.events.extend(self._pending)
        self._pending = []
        self.commits += 1
        self._committed = True

    @property
    def committed(self) -> bool:
        return self.commits > 0


def as_protocol(uow: FakeUnitOfWork) -> UnitOfWork:
    """Where mypy (dev.py runs it on this file) proves the fake, and each fake repository, is what the use cases
    are typed against."""
    return uow
