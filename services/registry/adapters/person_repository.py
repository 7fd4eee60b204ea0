"""Persons and consents over the unit of work's session; row-level security scopes every query."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, bindparam, exists, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentorship_kit.bulk_insert import insert_rows
from mentorship_kit.errors import Conflict
from mentorship_kit.proto_values import plain, rebuild
from registry.adapters.guarded_writes import affected, insert_or_conflict
from registry.adapters.paging import escape_like, keyset_page
from registry.adapters.participant_tables import consents, mentees, persons
from registry.adapters.tables import mentors
from registry.domain.persons import (
    Consent,
    ConsentGiver,
    ConsentPurpose,
    Person,
    PersonData,
    PersonFilter,
    PersonKind,
    PersonSummary,
)


def person_values(person: Person) -> dict[str, Any]:
    values = plain(person.data)
    values["grade"] = person.data.grade
    return {**values, "org_id": person.org_id, "municipality_id": person.municipality_id,
            "region_id": person.region_id, "updated_at": person.updated_at, "version": person.version}


def to_person(row: Any) -> Person:
    m = row._mapping
    data = rebuild(PersonData, m)
    return Person(id=str(m["id"]), org_id=str(m["org_id"]), municipality_id=str(m["municipality_id"]),
                  region_id=str(m["region_id"]), data=data, created_at=m["created_at"], updated_at=m["updated_at"],
                  version=int(m["version"]))


def _valid_consent(purpose: ConsentPurpose) -> Any:
    return exists().where(consents.c.person_id == persons.c.id, consents.c.purpose == purpose.value,
                          consents.c.withdrawn_on.is_(None))


_SUMMARY = select(
    persons,
    _valid_consent(ConsentPurpose.PARTICIPATION).label("participation_consent"),
    _valid_consent(ConsentPurpose.REGIONAL_BASE).label("regional_base_consent"),
    mentors.c.id.label("mentor_id"), mentors.c.active.label("mentor_active"),
    mentees.c.id.label("mentee_id"), mentees.c.active.label("mentee_active"),
).select_from(persons.outerjoin(mentors, mentors.c.person_id == persons.c.id)
              .outerjoin(mentees, mentees.c.person_id == persons.c.id))


def _summary(row: Any) -> PersonSummary:
    m = row._mapping
    return PersonSummary(person=to_person(row), participation_consent=bool(m["participation_consent"]),
                         regional_base_consent=bool(m["regional_base_consent"]),
                         mentor_id=str(m["mentor_id"] or ""), mentor_active=bool(m["mentor_active"]),
                         mentee_id=str(m["mentee_id"] or ""), mentee_active=bool(m["mentee_active"]))


class SqlPersonRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, person: Person, *, created_by: str) -> None:
        insert_or_conflict(self._s, insert(persons).values(
            id=person.id, created_at=person.created_at, created_by=created_by, **person_values(person)),
            f"Человек с идентификатором «{person.data.external_key}» уже есть в списке")

    def add_many(self, people: list[Person], *, created_by: str) -> None:
        insert_rows(self._s, persons, [{"id": p.id, "created_at": p.created_at, "created_by": created_by,
                                        **person_values(p)} for p in people])

    def update(self, person: Person) -> None:
        """Write a new version; the old version in WHERE refuses a concurrent save."""
        try:
            with self._s.begin_nested():
                changed = affected(self._s.execute(update(persons).where(
                    persons.c.id == person.id, persons.c.version == person.version - 1,
                ).values(**person_values(person))))
        except IntegrityError as exc:
            if "persons_stable_key" in str(exc):
                raise Conflict(f"Идентификатор «{person.data.external_key}» уже занят другим человеком") from exc
            raise
        if changed != 1:
            raise Conflict("Карточку уже изменили: обновите страницу и внесите правки снова")

    def update_many(self, people: list[Person]) -> None:
        """Bulk update (an import); a renamed mentor's card and public profile follow the new name."""
        if not people:
            return
        rows = [{"b_id": p.id, **{f"b_{k}": v for k, v in person_values(p).items()}} for p in people]
        columns = list(person_values(people[0]))
        self._s.execute(update(persons).where(persons.c.id == bindparam("b_id"))
                        .values({c: bindparam(f"b_{c}") for c in columns}), rows)
        ids = [p.id for p in people]
        self._s.execute(text(
            "UPDATE mentors m SET full_name = p.full_name, version = m.version + 1 FROM persons p"
            " WHERE m.person_id = p.id AND p.id = ANY(CAST(:ids AS uuid[])) AND m.full_name <> p.full_name"),
            {"ids": ids})
        self._s.execute(text(
            "UPDATE public_mentor_profiles pp SET full_name = m.full_name FROM mentors m"
            " WHERE pp.mentor_id = m.id AND m.person_id = ANY(CAST(:ids AS uuid[])) AND pp.full_name <> m.full_name"),
            {"ids": ids})

    def get(self, person_id: str, *, lock: bool = False) -> Person | None:
        q = select(persons).where(persons.c.id == person_id)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        return to_person(row) if row else None

    def summary(self, person_id: str) -> PersonSummary | None:
        row = self._s.execute(_SUMMARY.where(persons.c.id == person_id)).first()
        return _summary(row) if row else None

    def by_keys(self, kind: PersonKind, keys: Iterable[str], *, lock: bool = False) -> dict[str, Person]:
        """People by their stable key; locked (in key order) when about to be overwritten by an import."""
        wanted = sorted(set(keys))
        found: dict[str, Person] = {}
        for start in range(0, len(wanted), 5000):
            q = select(persons).where(persons.c.kind == kind.value,
                                      persons.c.external_key.in_(wanted[start:start + 5000]))
            rows = self._s.execute(q.order_by(persons.c.external_key).with_for_update() if lock else q).all()
            found.update({r.external_key: to_person(r) for r in rows})
        return found

    def page(self, f: PersonFilter, *, size: int, after: str) -> tuple[list[PersonSummary], str, int]:
        q = _SUMMARY
        if f.query:
            like = f"%{escape_like(f.query)}%"
            q = q.where(or_(persons.c.full_name.ilike(like), persons.c.external_key.ilike(like)))
        if f.kind is not None:
            q = q.where(persons.c.kind == f.kind.value)
        if f.class_name:
            q = q.where(persons.c.class_name == f.class_name)
        if f.consent == "valid":
            q = q.where(_valid_consent(ConsentPurpose.PARTICIPATION))
        elif f.consent == "missing":
            q = q.where(~_valid_consent(ConsentPurpose.PARTICIPATION))
        if f.base == "mentors":
            q = q.where(mentors.c.id.is_not(None))
        elif f.base == "mentees":
            q = q.where(mentees.c.id.is_not(None))
        elif f.base == "none":
            q = q.where(and_(mentors.c.id.is_(None), mentees.c.id.is_(None)))
        rows, token, total = keyset_page(self._s, q, name=persons.c.full_name, row_id=persons.c.id, size=size,
                                         after=after)
        return [_summary(r) for r in rows], token, total

    # -- consents ----------------------------------------------------------------------------------
    def consents_of(self, person_id: str, *, lock: bool = False) -> list[Consent]:
        q = select(consents).where(consents.c.person_id == person_id).order_by(consents.c.given_on,
                                                                              consents.c.recorded_at)
        return [_consent(r) for r in self._s.execute(q.with_for_update() if lock else q).all()]

    def consent(self, consent_id: str) -> Consent | None:
        row = self._s.execute(select(consents).where(consents.c.id == consent_id).with_for_update()).first()
        return _consent(row) if row else None

    def add_consent(self, consent: Consent, *, recorded_by: str, at: Any) -> None:
        insert_or_conflict(self._s, insert(consents).values(
            id=consent.id, person_id=consent.person_id, org_id=consent.org_id,
            municipality_id=consent.municipality_id, region_id=consent.region_id, purpose=consent.purpose.value,
            given_by=consent.given_by.value, giver_name=consent.giver_name, document_ref=consent.document_ref,
            text_version=consent.text_version, given_on=consent.given_on, recorded_at=at, recorded_by=recorded_by,
            withdrawal_reason="", withdrawn_by="", version=consent.version,
        ), "Согласие с этой целью уже действует; чтобы внести новое, сначала отзовите прежнее")

    def withdraw(self, consent: Consent, *, withdrawn_by: str) -> None:
        self._s.execute(update(consents).where(consents.c.id == consent.id).values(
            withdrawn_on=consent.withdrawn_on, withdrawal_reason=consent.withdrawal_reason,
            withdrawn_by=withdrawn_by, version=consent.version))


def _consent(row: Any) -> Consent:
    return Consent(id=str(row.id), person_id=str(row.person_id), org_id=str(row.org_id),
                   municipality_id=str(row.municipality_id), region_id=str(row.region_id),
                   purpose=ConsentPurpose(row.purpose), given_by=ConsentGiver(row.given_by),
                   giver_name=row.giver_name, document_ref=row.document_ref, text_version=row.text_version,
                   given_on=row.given_on, withdrawn_on=row.withdrawn_on, withdrawal_reason=row.withdrawal_reason,
                   version=int(row.version))
