"""Preferences of a run as an XLSX workbook: the template a curator downloads (the run's names already filled in)
and the reading of the filled file into rankings, with every problem tied to its sheet and row, in Russian.

Sheets: «Наставляемые» — a mentee per row, then the mentors they named, first choice first; «Наставники» — the
same the other way round; «Допустимые пары» — who may be named at all (the form's rules, consents, free seats).
Nothing here writes: the caller shows the problems, or sends the rankings to matching once the file is clean.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from gateway.adapters.matching_reads import RunRead
from mentorship_kit.errors import FieldProblem, ValidationFailed

MENTEES_SHEET, MENTORS_SHEET, ALLOWED_SHEET = "Наставляемые", "Наставники", "Допустимые пары"
MAX_ROWS = 2000


@dataclass
class ParsedRankings:
    mentees: dict[str, list[str]] = field(default_factory=dict)  # request id → mentor ids, first choice first
    mentors: dict[str, list[str]] = field(default_factory=dict)  # mentor id → request ids
    errors: list[str] = field(default_factory=list)  # «Лист «…», строка N: …»


@dataclass(frozen=True)
class RunPeople:
    """Names and allowed pairs of a run, as the workbook spells them."""

    mentees: dict[str, str]  # request id → mentee name
    mentors: dict[str, str]  # mentor id → name
    allowed: frozenset[tuple[str, str]]  # (request id, mentor id)

    @classmethod
    def of(cls, run: RunRead) -> RunPeople:
        candidates = [p for p in run.proposals if p.rank > 0]
        return cls(mentees={p.request_id: p.mentee_name for p in candidates},
                   mentors={p.mentor_id: p.mentor_name for p in candidates},
                   allowed=frozenset((p.request_id, p.mentor_id) for p in candidates))


def _current(run: RunRead) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    prefs = run.preferences
    if prefs is None:
        return {}, {}
    return {r.who_id: r.ranked_ids for r in prefs.mentees}, {r.who_id: r.ranked_ids for r in prefs.mentors}


def template_xlsx(run: RunRead) -> bytes:
    """The run's mentees and mentors with their current rankings (empty before the first entry)."""
    people = RunPeople.of(run)
    mentees_now, mentors_now = _current(run)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    width = max(len(people.mentors), len(people.mentees), 1)
    for title, own, other, now in ((MENTEES_SHEET, people.mentees, people.mentors, mentees_now),
                                   (MENTORS_SHEET, people.mentors, people.mentees, mentors_now)):
        sheet = book.create_sheet(title)
        sheet.append([title[:-1] if title == MENTORS_SHEET else "Наставляемый",
                      *[f"{n}-е место" for n in range(1, width + 1)]])
        for who, name in sorted(own.items(), key=lambda item: item[1]):
            sheet.append([name, *[other.get(x, "") for x in now.get(who, [])]])
        sheet.column_dimensions["A"].width = 40
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    allowed = book.create_sheet(ALLOWED_SHEET)
    allowed.append(["Наставляемый", "Кого может назвать (и кто может назвать его)"])
    for request_id, mentor_id in sorted(people.allowed, key=lambda a: (people.mentees[a[0]], people.mentors[a[1]])):
        allowed.append([people.mentees[request_id], people.mentors[mentor_id]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _by_name(names: dict[str, str]) -> tuple[dict[str, str], set[str]]:
    """Folded name → id, and the folded names two people share (those cannot be read from a file)."""
    found: dict[str, str] = {}
    shared: set[str] = set()
    for who, name in names.items():
        key = _fold(name)
        if key in found:
            shared.add(key)
        found[key] = who
    return found, shared


def _fold(text: Any) -> str:
    return " ".join(str(text).split()).casefold().replace("ё", "е") if text is not None else ""


def _read_sheet(rows: Any, sheet: str, own: dict[str, str], other: dict[str, str], other_title: str,
                allowed: frozenset[tuple[str, str]], mentee_side: bool, out: dict[str, list[str]],
                errors: list[str]) -> None:
    own_ids, own_shared = _by_name(own)
    other_ids, other_shared = _by_name(other)
    for number, row in enumerate(rows, start=1):
        if number == 1:
            continue  # the header
        if number > MAX_ROWS:
            errors.append(f"Лист «{sheet}»: больше {MAX_ROWS} строк")
            return
        cells = [c for c in row]
        if not any(_fold(c) for c in cells):
            continue
        where = f"Лист «{sheet}», строка {number}"
        key = _fold(cells[0] if cells else "")
        if key in own_shared:
            errors.append(f"{where}: в прогоне несколько человек с именем «{cells[0]}» — введите их рейтинг на "
                          "странице прогона")
            continue
        who = own_ids.get(key)
        if who is None:
            errors.append(f"{where}: «{cells[0] or ''}» не найден в прогоне")
            continue
        if who in out:
            errors.append(f"{where}: «{cells[0]}» уже есть выше в этом листе")
            continue
        ranked: list[str] = []
        places: dict[str, int] = {}
        for place, value in enumerate(cells[1:], start=1):
            name = _fold(value)
            if not name:
                continue
            if name in other_shared:
                errors.append(f"{where}, {place}-е место: в прогоне несколько людей с именем «{value}»")
                continue
            x = other_ids.get(name)
            if x is None:
                errors.append(f"{where}, {place}-е место: {other_title} «{value}» не найден в прогоне")
            elif x in places:
                errors.append(f"{where}, {place}-е место: «{value}» уже назван на {places[x]}-м месте")
            elif ((who, x) if mentee_side else (x, who)) not in allowed:
                errors.append(f"{where}, {place}-е место: пара с «{value}» не допускается правилами формы "
                              "наставничества (см. лист «Допустимые пары»)")
            else:
                places[x] = place
                ranked.append(x)
        out[who] = ranked


def parse_rankings(content: bytes, run: RunRead) -> ParsedRankings:
    """The filled template as rankings; a file that is not a workbook, or lacks a sheet, is refused outright."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationFailed([FieldProblem("file", "Файл не читается как XLSX: скачайте шаблон и заполните "
                                                     "его")]) from exc
    missing = [s for s in (MENTEES_SHEET, MENTORS_SHEET) if s not in book.sheetnames]
    if missing:
        raise ValidationFailed([FieldProblem("file", f"В файле нет листа «{s}»: заполните шаблон прогона")
                                for s in missing])
    people = RunPeople.of(run)
    parsed = ParsedRankings()
    _read_sheet(book[MENTEES_SHEET].iter_rows(values_only=True), MENTEES_SHEET, people.mentees, people.mentors,
                "наставник", people.allowed, True, parsed.mentees, parsed.errors)
    _read_sheet(book[MENTORS_SHEET].iter_rows(values_only=True), MENTORS_SHEET, people.mentors, people.mentees,
                "наставляемый", people.allowed, False, parsed.mentors, parsed.errors)
    book.close()
    return parsed
