"""The registry's domain: tenant structure and the school's base of mentors. No infrastructure here."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from mentorship_kit.errors import FieldProblem, ValidationFailed


class OrganisationKind(enum.StrEnum):
    SCHOOL = "school"
    COLLEGE = "college"
    ADDITIONAL = "additional"


class MentorOrigin(enum.StrEnum):
    """Где наставник работает/учится (DESIGN §3, seed 001 §5)."""

    STUDENT = "student"
    TEACHER = "teacher"
    PARENT = "parent"
    GRADUATE = "graduate"
    EMPLOYER = "employer"
    ENTREPRENEUR = "entrepreneur"
    NGO = "ngo"
    VETERAN = "veteran"
    UNIVERSITY = "university"


NAME_MAX = 200
CODE_MAX = 32
TAG_MAX = 100
TAGS_MAX = 30
# One mentor rarely leads more than a group of a dozen; 30 leaves room for team forms (seed 001 §5).
CAPACITY_MIN, CAPACITY_MAX = 1, 30

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CODE = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    code: str


@dataclass(frozen=True)
class Municipality:
    id: str
    region_id: str
    name: str
    code: str


@dataclass(frozen=True)
class Organisation:
    id: str
    municipality_id: str
    region_id: str
    name: str
    kind: OrganisationKind
    code: str


@dataclass(frozen=True)
class Mentor:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    full_name: str
    origin: MentorOrigin
    subjects: tuple[str, ...]
    competencies: tuple[str, ...]
    capacity: int
    registered_at: datetime


class _Problems:
    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str) -> None:
        self.items.append(FieldProblem(field, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationFailed(self.items)


def _clean_text(value: str, field: str, label: str, problems: _Problems, *, limit: int = NAME_MAX) -> str:
    text = " ".join((value or "").split())
    if not text:
        problems.add(field, f"Заполните поле «{label}»")
    elif len(text) > limit:
        problems.add(field, f"«{label}»: не длиннее {limit} символов (сейчас {len(text)})")
    elif _CONTROL.search(value):
        problems.add(field, f"«{label}» содержит недопустимые символы")
    return text


def _clean_code(value: str, field: str, problems: _Problems) -> str:
    code = (value or "").strip()
    if not code:
        problems.add(field, "Заполните поле «Код»")
    elif len(code) > CODE_MAX or not _CODE.match(code):
        problems.add(field, f"Код: латинские буквы, цифры, «-», «_», «.»; не длиннее {CODE_MAX}")
    return code


def _clean_tags(values: list[str] | tuple[str, ...], field: str, label: str, problems: _Problems) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for raw in values:
        tag = " ".join((raw or "").split())
        if not tag:
            continue
        if len(tag) > TAG_MAX or _CONTROL.search(raw):
            problems.add(field, f"«{label}»: каждое значение не длиннее {TAG_MAX} символов, без служебных символов")
            return ()
        seen.setdefault(tag.casefold(), tag)
    if len(seen) > TAGS_MAX:
        problems.add(field, f"«{label}»: не больше {TAGS_MAX} значений")
    return tuple(seen.values())


def validate_named_unit(name: str, code: str) -> tuple[str, str]:
    p = _Problems()
    result = _clean_text(name, "name", "Название", p), _clean_code(code, "code", p)
    p.raise_if_any()
    return result


def validate_organisation(name: str, code: str, kind: str) -> tuple[str, str, OrganisationKind]:
    p = _Problems()
    clean_name, clean_code = _clean_text(name, "name", "Название", p), _clean_code(code, "code", p)
    if kind not in OrganisationKind.__members__.values():
        p.add("kind", "Укажите тип организации: школа, СПО или дополнительное образование")
    p.raise_if_any()
    return clean_name, clean_code, OrganisationKind(kind)


def register_mentor(*, mentor_id: str, organisation: Organisation, full_name: str, origin: str,
                    subjects: list[str], competencies: list[str], capacity: int, now: datetime) -> Mentor:
    """A new card in the school's base of mentors, checked as a whole so every problem is reported."""
    p = _Problems()
    name = _clean_text(full_name, "full_name", "ФИО", p)
    if origin not in MentorOrigin.__members__.values():
        p.add("origin", "Выберите, кем является наставник (педагог, обучающийся, выпускник, …)")
    clean_subjects = _clean_tags(subjects, "subjects", "Предметы", p)
    clean_competencies = _clean_tags(competencies, "competencies", "Компетенции", p)
    if not CAPACITY_MIN <= capacity <= CAPACITY_MAX:
        p.add("capacity", f"Число наставляемых: от {CAPACITY_MIN} до {CAPACITY_MAX}")
    p.raise_if_any()
    return Mentor(
        id=mentor_id, org_id=organisation.id, municipality_id=organisation.municipality_id,
        region_id=organisation.region_id, full_name=name, origin=MentorOrigin(origin),
        subjects=clean_subjects, competencies=clean_competencies, capacity=capacity, registered_at=now,
    )
