"""The school's people and their consents (152-ФЗ). No infrastructure here.

A person is a member of staff, a student or an external participant (a parent, a graduate, a company
employee …). Students carry their birth date, their class at a school or their course at a college (СПО) and,
while minors, a guardian. Staff carry the date they were hired at this school and the date their pedagogical
service began: «молодой специалист» follows the service (0–3 years, seed 001), not the hire — a teacher with
20 years of service who moved schools is «новый педагог в коллективе», not a young specialist. A consent is per
purpose, is a separate document, and for a minor is given by the guardian (003, DESIGN §8).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from mentorship_kit import vocabulary
from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from mentorship_kit.vocabulary import field_title
from registry.domain.field_checks import Problems, clean_optional, clean_text, parse_date
from registry.domain.structure import Organisation

ADULT_AGE = 18
YOUNG_SPECIALIST_YEARS = 3
COURSE_MAX = 5  # СПО: up to 4 years, some programmes 5
KEY_MAX = 64
PART_MAX = 100
CONTACT_MAX = 200

_KEY = re.compile(r"^[0-9A-Za-zА-Яа-яЁё/._-]+$")
_CLASS = re.compile(r"^(\d{1,2})\s*-?\s*([А-ЯЁA-Z]{0,2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{5,25}$")
_NAME = re.compile(r"^[A-Za-zА-Яа-яЁё' .-]+$")


class PersonKind(enum.StrEnum):
    STUDENT = "student"
    STAFF = "staff"
    EXTERNAL = "external"


class ConsentPurpose(enum.StrEnum):
    PARTICIPATION = "participation"
    REGIONAL_BASE = "regional_base"


class ConsentGiver(enum.StrEnum):
    SELF = "self"
    GUARDIAN = "guardian"


PERSON_KIND_TITLES = {kind: vocabulary.PERSON_KIND_TITLES[kind.value].lower() for kind in PersonKind}


@dataclass(frozen=True)
class PersonData:
    """What a curator types in or a spreadsheet row carries; every field already cleaned."""

    kind: PersonKind
    last_name: str
    first_name: str
    middle_name: str = ""
    external_key: str = ""
    birth_date: date | None = None
    class_name: str = ""
    guardian_name: str = ""
    guardian_contact: str = ""
    position: str = ""
    hired_on: date | None = None
    education: str = ""
    affiliation: str = ""
    email: str = ""
    phone: str = ""
    pedagogical_since: date | None = None
    """Staff: when pedagogical service began (at any school) — the length of service «молодой специалист» needs."""
    course_year: int | None = None
    """Students of a college (СПО): the course, 1–5; school students have a class instead."""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def grade(self) -> int | None:
        match = _CLASS.match(self.class_name)
        return int(match[1]) if match else None


@dataclass(frozen=True)
class Person:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    data: PersonData
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def kind(self) -> PersonKind:
        return self.data.kind

    @property
    def full_name(self) -> str:
        return self.data.full_name

    def minor_on(self, day: date) -> bool:
        return self.data.birth_date is not None and age_on(self.data.birth_date, day) < ADULT_AGE

    def young_specialist_on(self, day: date) -> bool:
        """Up to three years of pedagogical service (001: «опыт работы от 0 до 3 лет»), wherever it was done."""
        began = self.data.pedagogical_since
        return self.kind is PersonKind.STAFF and began is not None and \
            years_between(began, day) < YOUNG_SPECIALIST_YEARS

    def service_years_on(self, day: date) -> int | None:
        began = self.data.pedagogical_since
        return years_between(began, day) if began is not None else None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def years_between(start: date, day: date) -> int:
    return max(0, age_on(start, day))


def parse_kind(value: str, problems: Problems, field: str = "kind") -> PersonKind | None:
    if value in PersonKind.__members__.values():
        return PersonKind(value)
    problems.add(field, "Укажите, кто это: обучающийся, сотрудник или внешний участник")
    return None


def _name_part(value: str, field: str, label: str, p: Problems, *, required: bool) -> str:
    text = clean_text(value, field, label, p, limit=PART_MAX) if required else \
        clean_optional(value, field, label, p, limit=PART_MAX)
    if text and not _NAME.match(text):
        p.add(field, f"«{label}»: только буквы, пробел, дефис и апостроф")
    return text


def clean_person(raw: dict[str, str], *, today: date, fields: dict[str, str] | None = None,
                 college: bool = False) -> PersonData:
    """Validate a person as a whole so that every problem is reported at once.

    ``fields`` renames the fields in problems (the import reports spreadsheet columns instead); ``college``: the
    organisation is a college (СПО), whose students have a course instead of a class.
    """
    p = Problems()
    f = fields or {}

    def name(key: str) -> str:
        return f.get(key, key)

    kind = parse_kind(raw.get("kind", ""), p, name("kind"))
    last = _name_part(raw.get("last_name", ""), name("last_name"), field_title("last_name"), p, required=True)
    first = _name_part(raw.get("first_name", ""), name("first_name"), field_title("first_name"), p, required=True)
    middle = _name_part(raw.get("middle_name", ""), name("middle_name"), field_title("middle_name"), p, required=False)
    key = (raw.get("external_key") or "").strip()
    if key and (len(key) > KEY_MAX or not _KEY.match(key)):
        p.add(name("external_key"), f"Идентификатор: буквы, цифры, «/», «.», «_», «-»; не длиннее {KEY_MAX}")
    student = kind is PersonKind.STUDENT
    born = parse_date(raw.get("birth_date", ""), name("birth_date"), field_title("birth_date"), p, required=student,
                      earliest=date(today.year - 100, 1, 1), latest=today)
    class_name = " ".join((raw.get("class_name") or "").upper().split())
    course = _course(str(raw.get("course_year") or "").strip(), name("course_year"), p,
                     wanted=student and college)
    if student and college:
        if class_name:
            p.add(name("class_name"), "У студентов колледжа указывают курс, а не класс")
            class_name = ""
    elif student:
        match = _CLASS.match(class_name)
        if not match or not 1 <= int(match[1]) <= 11:
            p.add(name("class_name"), "«Класс»: номер от 1 до 11 и буква, например 7Б")
        else:
            class_name = f"{int(match[1])}{match[2]}"
    elif class_name:
        p.add(name("class_name"), "Класс указывают только для обучающихся")
        class_name = ""
    guardian = clean_optional(raw.get("guardian_name", ""), name("guardian_name"), field_title("guardian_name"), p)
    guardian_contact = _contact(raw.get("guardian_contact", ""), name("guardian_contact"),
                                field_title("guardian_contact"), p)
    hired = parse_date(raw.get("hired_on", ""), name("hired_on"), field_title("hired_on"), p,
                       required=kind is PersonKind.STAFF, earliest=date(today.year - 80, 1, 1), latest=today)
    if born and hired and hired < born:
        p.add(name("hired_on"), "Дата приёма на работу раньше даты рождения")
    began = parse_date(raw.get("pedagogical_since", ""), name("pedagogical_since"), field_title("pedagogical_since"),
                       p, earliest=date(today.year - 80, 1, 1), latest=today)
    if began and kind is not PersonKind.STAFF:
        p.add(name("pedagogical_since"), "Педагогический стаж указывают только для сотрудников")
    if born and began and began < born:
        p.add(name("pedagogical_since"), "Начало педагогического стажа раньше даты рождения")
    email = (raw.get("email") or "").strip()
    if email and (len(email) > CONTACT_MAX or not _EMAIL.match(email)):
        p.add(name("email"), "E-mail: адрес вида name@example.ru")
    phone = (raw.get("phone") or "").strip()
    if phone and not _PHONE.match(phone):
        p.add(name("phone"), "Телефон: цифры, пробелы, скобки, «+» и «-»")
    data = PersonData(
        kind=kind or PersonKind.EXTERNAL, last_name=last, first_name=first, middle_name=middle, external_key=key,
        birth_date=born, class_name=class_name if student else "",
        guardian_name=guardian if student else "", guardian_contact=guardian_contact if student else "",
        position=clean_optional(raw.get("position", ""), name("position"), field_title("position"), p),
        hired_on=hired if kind is PersonKind.STAFF else None,
        education=clean_optional(raw.get("education", ""), name("education"), field_title("education"), p, limit=500),
        affiliation=clean_optional(raw.get("affiliation", ""), name("affiliation"), field_title("affiliation"), p),
        email=email, phone=phone,
        pedagogical_since=began if kind is PersonKind.STAFF else None,
        course_year=course if student and college else None,
    )
    p.raise_if_any()
    return data


def _course(value: str, field: str, p: Problems, *, wanted: bool) -> int | None:
    """A college student's course: a whole number 1–5 («2», «2 курс»); nobody else has one."""
    if not value:
        if wanted:
            p.add(field, f"«Курс»: укажите номер курса от 1 до {COURSE_MAX}")
        return None
    if not wanted:
        p.add(field, "Курс указывают только для студентов колледжа (СПО); у школьников — класс")
        return None
    match = re.fullmatch(r"(\d{1,2})(?:\s*-?\s*(?:й|ой|ый))?(?:\s*курс)?", value.lower())
    if not match or not 1 <= int(match[1]) <= COURSE_MAX:
        p.add(field, f"«Курс»: номер от 1 до {COURSE_MAX}, например 2")
        return None
    return int(match[1])


def _contact(value: str, field: str, label: str, p: Problems) -> str:
    text = " ".join((value or "").split())
    if (text and not (_EMAIL.match(text) or _PHONE.match(text))) or len(text) > CONTACT_MAX:
        p.add(field, f"«{label}»: телефон или e-mail")
    return text


def new_person(*, person_id: str, organisation: Organisation, data: PersonData, now: datetime) -> Person:
    return Person(id=person_id, org_id=organisation.id, municipality_id=organisation.municipality_id,
                  region_id=organisation.region_id, data=data, created_at=now, updated_at=now)


def update_person(person: Person, data: PersonData, *, expected_version: int, now: datetime) -> Person:
    if expected_version and expected_version != person.version:
        raise Conflict("Карточку уже изменили: обновите страницу и внесите правки снова")
    if data.kind is not person.kind:
        raise ValidationFailed([FieldProblem("kind", "Нельзя изменить, кто это: обучающийся, сотрудник или "
                                                     "внешний участник; добавьте человека заново")])
    return replace(person, data=data, updated_at=now, version=person.version + 1)


@dataclass(frozen=True)
class Consent:
    id: str
    person_id: str
    org_id: str
    municipality_id: str
    region_id: str
    purpose: ConsentPurpose
    given_by: ConsentGiver
    giver_name: str
    document_ref: str
    text_version: str
    given_on: date
    withdrawn_on: date | None = None
    withdrawal_reason: str = ""
    version: int = 1

    @property
    def valid(self) -> bool:
        return self.withdrawn_on is None


def give_consent(*, consent_id: str, person: Person, purpose: str, given_by: str, giver_name: str,
                 document_ref: str, text_version: str, given_on: str, today: date,
                 existing: list[Consent]) -> Consent:
    """A consent per purpose; for someone who is a minor on the day it is given, the guardian gives it."""
    p = Problems()
    if purpose not in ConsentPurpose.__members__.values():
        p.add("purpose", "Укажите цель согласия: участие в программе наставничества или региональная база")
    if given_by not in ConsentGiver.__members__.values():
        p.add("given_by", "Укажите, кто дал согласие: сам человек или законный представитель")
    day = parse_date(given_on, "given_on", field_title("given_on"), p, earliest=date(today.year - 10, 1, 1),
                     latest=today) or today
    giver = clean_optional(giver_name, "giver_name", field_title("giver_name"), p)
    ref = clean_optional(document_ref, "document_ref", field_title("document_ref"), p)
    version = clean_optional(text_version, "text_version", field_title("text_version"), p, limit=50)
    p.raise_if_any()
    by = ConsentGiver(given_by)
    if person.minor_on(day):
        if by is not ConsentGiver.GUARDIAN:
            p.add("given_by", f"{person.full_name} на дату согласия несовершеннолетний: согласие даёт "
                              "законный представитель")
        elif not giver and not person.data.guardian_name:
            p.add("giver_name", "Укажите ФИО законного представителя, давшего согласие")
        giver = giver or person.data.guardian_name
    elif by is ConsentGiver.GUARDIAN:
        p.add("given_by", f"{person.full_name} совершеннолетний: согласие даёт сам человек")
    else:
        giver = person.full_name
    p.raise_if_any()
    chosen = ConsentPurpose(purpose)
    if any(c.purpose is chosen and c.valid for c in existing):
        raise Conflict("Согласие с этой целью уже действует; чтобы внести новое, сначала отзовите прежнее")
    return Consent(id=consent_id, person_id=person.id, org_id=person.org_id,
                   municipality_id=person.municipality_id, region_id=person.region_id, purpose=chosen,
                   given_by=by, giver_name=giver, document_ref=ref, text_version=version, given_on=day)


def withdraw_consent(consent: Consent, *, withdrawn_on: str, reason: str, today: date) -> Consent:
    if not consent.valid:
        raise Conflict("Согласие уже отозвано")
    p = Problems()
    day = parse_date(withdrawn_on, "withdrawn_on", field_title("withdrawn_on"), p, earliest=consent.given_on,
                     latest=today)
    why = clean_optional(reason, "reason", field_title("withdrawal_reason"), p, limit=500)
    p.raise_if_any()
    return replace(consent, withdrawn_on=day or today, withdrawal_reason=why, version=consent.version + 1)


def check_consents_still_fit(person: Person, consents: list[Consent]) -> None:
    """A corrected birth date must not make a person's own consent one that a minor gave."""
    for consent in consents:
        if consent.valid and consent.given_by is ConsentGiver.SELF and person.minor_on(consent.given_on):
            raise ValidationFailed([FieldProblem("birth_date", (
                f"С этой датой рождения {person.full_name} на {consent.given_on:%d.%m.%Y} был(а) несовершеннолетним: "
                "согласие, данное им самим, недействительно. Отзовите его, внесите согласие законного "
                "представителя и исправьте дату снова"))])


def valid_consent(consents: list[Consent], purpose: ConsentPurpose) -> Consent | None:
    return next((c for c in consents if c.purpose is purpose and c.valid), None)


@dataclass(frozen=True)
class PersonSummary:
    """A person as the lists show them: with consent and base membership at a glance."""

    person: Person
    participation_consent: bool = False
    regional_base_consent: bool = False
    mentor_id: str = ""
    mentor_active: bool = False
    mentee_id: str = ""
    mentee_active: bool = False


@dataclass(frozen=True)
class PersonFilter:
    query: str = ""
    kind: PersonKind | None = None
    class_name: str = ""
    consent: str = ""  # "" | valid | missing
    base: str = ""     # "" | mentors | mentees | none
