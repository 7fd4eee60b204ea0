"""Checks of what a person typed, shared by every form of the registry: each problem is collected, not raised
at the first one, so the whole form comes back with all its mistakes. No infrastructure here."""

from __future__ import annotations

import re
from datetime import date

from mentorship_kit.errors import FieldProblem, ValidationFailed

NAME_MAX = 200
TAG_MAX = 100
TAGS_MAX = 30

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: str, field: str, label: str, problems: Problems, *, required: bool = False,
               earliest: date = date(1900, 1, 1), latest: date | None = None) -> date | None:
    """ISO (2026-09-01) or the Russian spelling (01.09.2026); None when empty and allowed to be."""
    text = (value or "").strip()
    if not text:
        if required:
            problems.add(field, f"Заполните поле «{label}»")
        return None
    ru, iso = _RU_DATE.match(text), _ISO_DATE.match(text)
    if ru is None and iso is None:
        problems.add(field, f"«{label}»: дата в виде ДД.ММ.ГГГГ, например 01.09.2026 (сейчас «{text[:30]}»)")
        return None
    year, month, day = (ru[3], ru[2], ru[1]) if ru else (iso[1], iso[2], iso[3])  # type: ignore[index]
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        # The shape is right, the day is not on the calendar (31.02.2012): say so, not «wrong format».
        problems.add(field, f"«{label}»: такой даты не существует ({text[:30]})")
        return None
    if found < earliest or (latest is not None and found > latest):
        problems.add(field, f"«{label}»: дата {found:%d.%m.%Y} вне допустимого диапазона")
        return None
    return found


def search_text(value: str, limit: int = 100) -> str:
    """What a person typed into a search box: control characters dropped, spaces collapsed, bounded."""
    return " ".join(_CONTROL.sub(" ", value or "").split())[:limit]


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


def check_page_size(size: int) -> int:
    """A list's page size: 50 unless asked, never more than 200 (a page is read in one statement)."""
    size = size or 50
    if not 1 <= size <= 200:
        raise ValidationFailed([FieldProblem("page_size", "Размер страницы: от 1 до 200")])
    return size
