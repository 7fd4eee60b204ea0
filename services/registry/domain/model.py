"""The registry's domain: tenant structure and the school's base of mentors. No infrastructure here."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

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


class Problems:
    """Collects every problem of an input so a person sees all of them at once."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str) -> None:
        self.items.append(FieldProblem(field, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationFailed(self.items)


def clean_text(value: str, field: str, label: str, problems: Problems, *, limit: int = NAME_MAX) -> str:
    text = " ".join((value or "").split())
    if not text:
        problems.add(field, f"Заполните поле «{label}»")
    elif len(text) > limit:
        problems.add(field, f"«{label}»: не длиннее {limit} символов (сейчас {len(text)})")
    elif _CONTROL.search(value):
        problems.add(field, f"«{label}» содержит недопустимые символы")
    return text


def clean_optional(value: str, field: str, label: str, problems: Problems, *, limit: int = NAME_MAX,
                   multiline: bool = False) -> str:
    """Like ``clean_text`` for a field that may stay empty; a note keeps its line breaks."""
    raw = value or ""
    if multiline:
        text = "\n".join(" ".join(line.split()) for line in raw.strip().splitlines())
    else:
        text = " ".join(raw.split())
    if len(text) > limit:
        problems.add(field, f"«{label}»: не длиннее {limit} символов (сейчас {len(text)})")
    elif _CONTROL.search(raw.replace("\n", "").replace("\r", "").replace("\t", "") if multiline else raw):
        problems.add(field, f"«{label}» содержит недопустимые символы")
    return text


_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: str, field: str, label: str, problems: Problems, *, required: bool = False,
               earliest: date = date(1900, 1, 1), latest: date | None = None) -> date | None:
    """ISO (2026-09-01) or the Russian spelling (01.09.2026); None when empty and allowed to be."""
    text = (value or "").strip()
    if not text:
        if required:
            problems.add(field, f"Заполните поле «{label}»")
        return None
    found = None
    match = _RU_DATE.match(text)
    try:
        found = date(int(match[3]), int(match[2]), int(match[1])) if match else date.fromisoformat(text)
    except ValueError:
        found = None
    if found is None:
        problems.add(field, f"«{label}»: дата в виде ДД.ММ.ГГГГ, например 01.09.2026 (сейчас «{text[:30]}»)")
    elif found < earliest or (latest is not None and found > latest):
        problems.add(field, f"«{label}»: дата {found:%d.%m.%Y} вне допустимого диапазона")
        return None
    return found


def search_text(value: str, limit: int = 100) -> str:
    """What a person typed into a search box: control characters dropped, spaces collapsed, bounded."""
    return " ".join(_CONTROL.sub(" ", value or "").split())[:limit]


def clean_code(value: str, field: str, problems: Problems) -> str:
    code = (value or "").strip()
    if not code:
        problems.add(field, "Заполните поле «Код»")
    elif len(code) > CODE_MAX or not _CODE.match(code):
        problems.add(field, f"Код: латинские буквы, цифры, «-», «_», «.»; не длиннее {CODE_MAX}")
    return code


def clean_tags(values: list[str] | tuple[str, ...], field: str, label: str, problems: Problems) -> tuple[str, ...]:
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
    p = Problems()
    result = clean_text(name, "name", "Название", p), clean_code(code, "code", p)
    p.raise_if_any()
    return result


def validate_organisation(name: str, code: str, kind: str) -> tuple[str, str, OrganisationKind]:
    p = Problems()
    clean_name, code_value = clean_text(name, "name", "Название", p), clean_code(code, "code", p)
    if kind not in OrganisationKind.__members__.values():
        p.add("kind", "Укажите тип организации: школа, СПО или дополнительное образование")
    p.raise_if_any()
    return clean_name, code_value, OrganisationKind(kind)
