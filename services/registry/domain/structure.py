"""The tenant structure: regions, municipalities and their organisations (schools). No infrastructure here."""

from __future__ import annotations

import enum
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
