"""The tenant structure: regions, municipalities and their organisations (schools). No infrastructure here."""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass

from registry.domain.field_checks import Problems, clean_text

CODE_MAX = 32
_CODE = re.compile(r"^[A-Za-z0-9_.-]+$")


class OrganisationKind(enum.StrEnum):
    SCHOOL = "school"
    COLLEGE = "college"
    ADDITIONAL = "additional"


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


def clean_code(value: str, field: str, problems: Problems) -> str:
    code = (value or "").strip()
    if not code:
        problems.add(field, "Заполните поле «Код»")
    elif len(code) > CODE_MAX or not _CODE.match(code):
        problems.add(field, f"Код: латинские буквы, цифры, «-», «_», «.»; не длиннее {CODE_MAX}")
    return code


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


ROSTER_MAX = 2000


def unit_key(name: str) -> str:
    """How a roster's name matches a stored one: case and runs of spaces do not matter, «ё» is «е»."""
    return " ".join(name.split()).casefold().replace("ё", "е")


def roster_code(prefix: str, *parts: str) -> str:
    """A stable code for a unit created from a roster (the roster has none): the same names, the same code."""
    digest = hashlib.sha256("\x1f".join(unit_key(p) for p in parts).encode()).hexdigest()
    return f"{prefix}-{digest[:24]}"
