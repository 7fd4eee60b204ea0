"""A region's roster: one row per organisation with its first curator. Only the checks of each row and of the
file as a whole (duplicates) live here; whether the organisation already exists is the registry's answer."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from mentorship_kit import vocabulary

NAME_MAX = 200
EMAIL_MAX = 254
ROWS_MAX = 2000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# The roster's columns: key, title in the template, example.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("organisation", "Организация", "МБОУ «Средняя школа № 1»"),
    ("kind", "Вид", "Общеобразовательная организация"),
    ("municipality", "Муниципалитет", "Городской округ Заречный"),
    ("curator_name", "ФИО первого куратора", "Иванова Мария Петровна"),
    ("email", "E-mail", "ivanova@school1.example"),
)
TITLES = {key: title for key, title, _ in COLUMNS}

# What a person may write in «Вид»: the vocabulary's titles and the short words schools use.
_KIND_WORDS = {
    **{title.casefold(): kind for kind, title in vocabulary.ORGANISATION_KIND_TITLES.items()},
    "школа": "school", "общеобразовательная": "school", "оо": "school",
    "спо": "college", "колледж": "college", "техникум": "college",
    "дополнительное образование": "additional", "до": "additional", "удо": "additional",
}


@dataclass(frozen=True)
class RosterRow:
    row: int  # the row number in the spreadsheet, as the person sees it
    organisation: str
    kind: str
    municipality: str
    curator_name: str
    email: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold().replace("ё", "е")


def kind_of(text: str) -> str:
    return _KIND_WORDS.get(" ".join(text.split()).casefold(), "")


def _text(raw: dict[str, str], key: str, row: int, problems: list[RowProblem], limit: int = NAME_MAX) -> str:
    value = " ".join((raw.get(key) or "").split())
    if not value:
        problems.append(RowProblem(row, TITLES[key], "не заполнено"))
    elif len(value) > limit:
        problems.append(RowProblem(row, TITLES[key], f"не длиннее {limit} символов (сейчас {len(value)})"))
    elif _CONTROL.search(value):
        problems.append(RowProblem(row, TITLES[key], "недопустимые символы"))
    return value


def check_rows(raw_rows: list[tuple[int, dict[str, str]]]) -> tuple[list[RosterRow], list[RowProblem]]:
    """Every row checked, every problem listed with its row and column; duplicates in the file are problems too."""
    problems: list[RowProblem] = []
    rows: list[RosterRow] = []
    if not raw_rows:
        problems.append(RowProblem(0, "", "В файле нет ни одной строки с организацией"))
    if len(raw_rows) > ROWS_MAX:
        problems.append(RowProblem(0, "", f"Не больше {ROWS_MAX} организаций в одном файле: разбейте реестр"))
        return [], problems
    seen_units: dict[tuple[str, str], int] = {}
    seen_emails: dict[str, int] = {}
    for number, raw in raw_rows:
        organisation = _text(raw, "organisation", number, problems)
        municipality = _text(raw, "municipality", number, problems)
        curator = _text(raw, "curator_name", number, problems)
        kind_text = _text(raw, "kind", number, problems)
        kind = kind_of(kind_text)
        if kind_text and not kind:
            problems.append(RowProblem(number, TITLES["kind"], f"«{kind_text[:60]}» — не вид организации: "
                                       "школа, СПО или дополнительное образование"))
        email = _text(raw, "email", number, problems, EMAIL_MAX)
        if email and not _EMAIL.match(email):
            problems.append(RowProblem(number, TITLES["email"], f"«{email[:60]}» — не адрес электронной почты"))
        if organisation and municipality:
            unit = (_key(municipality), _key(organisation))
            if unit in seen_units:
                problems.append(RowProblem(number, TITLES["organisation"],
                                           f"организация повторяет строку {seen_units[unit]}"))
            seen_units.setdefault(unit, number)
        if email:
            if email.casefold() in seen_emails:
                problems.append(RowProblem(number, TITLES["email"],
                                           f"этот e-mail уже указан в строке {seen_emails[email.casefold()]}"))
            seen_emails.setdefault(email.casefold(), number)
        rows.append(RosterRow(number, organisation, kind, municipality, curator, email))
    return rows, problems
