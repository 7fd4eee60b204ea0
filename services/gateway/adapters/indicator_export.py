"""The exports of /indicators (issue 14 item 5): every table of the page as an XLSX sheet with the «Словарь» sheet of
what each column counts (``indicator_columns.COLUMNS``), and the DOCX «Справка о реализации целевой модели
наставничества» of a municipality, the region or a school for a school year — in Russian, as officials file it."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from gateway.adapters.evaluation_reads import EvaluationLevelsRead
from gateway.adapters.indicator_columns import COLUMNS
from gateway.adapters.office_export import _table
from gateway.adapters.report_export import russian_day
from gateway.adapters.service_reads import DocumentIndicatorsRead, PairCountsRead, ParticipantCountsRead
from gateway.adapters.xlsx_writer import Sheet, Style, workbook
from mentorship_kit import errors
from mentorship_kit.vocabulary import APPENDIX_2_TITLES, MENTORING_FORM_TITLES, SPRAVKA_TITLE

DICTIONARY_SHEET = "Словарь"
ABOUT_SHEET = "О выгрузке"
TOTAL = "Итого"
Cell = str | int | float


@dataclass(frozen=True)
class Table:
    """One table of the page: ``key`` is its ``id`` on the page, ``columns`` keys of ``COLUMNS``."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[list[Cell]]
    totals: list[Cell] | None = field(default=None)


def _sheet_name(title: str, taken: set[str]) -> str:
    """Excel's rule: at most 31 characters, none of []:*?/\\ and unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip()
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def indicators_xlsx(tables: Sequence[Table], *, reach: str, today: date) -> bytes:
    about = Sheet(ABOUT_SHEET, (30, 90))
    about.append(["Показатели наставничества"], Style.TITLE)
    about.append(["Охват", reach])
    about.append(["Дата выгрузки", today.strftime("%d.%m.%Y")])
    about.append(["Значения", "текущие, на дату выгрузки; только числа — имена людей в показатели не попадают"])
    about.append(["Что считает каждый столбец", f"лист «{DICTIONARY_SHEET}»"])
    taken = {ABOUT_SHEET.lower(), DICTIONARY_SHEET.lower()}
    sheets, dictionary = [about], Sheet(DICTIONARY_SHEET, (30, 40, 110))
    dictionary.append(["Лист", "Столбец", "Что считает"], Style.BOLD)
    for table in tables:
        sheet = Sheet(_sheet_name(table.title, taken), [14 if COLUMNS[key].numeric else 40 for key in table.columns])
        sheet.append([COLUMNS[c].title for c in table.columns], Style.HEADER)
        for row in table.rows:
            sheet.append(row)
        if table.totals is not None:
            sheet.append(table.totals, Style.BOLD)
        sheets.append(sheet)
        for key in table.columns:
            dictionary.append([sheet.name, COLUMNS[key].title, COLUMNS[key].definition])
    return workbook([*sheets, dictionary])


_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def school_year(period: str, *, today: date) -> tuple[int, int]:
    """«2025-2026» → (2025, 2026); empty → the school year ``today`` is in (1 September – 31 August)."""
    text = period.strip()
    if not text:
        start = today.year if today.month >= 9 else today.year - 1
        return start, start + 1
    found = _YEAR.match(text)
    if not found or int(found.group(2)) != int(found.group(1)) + 1 or not 2000 <= int(found.group(1)) <= 2100:
        raise errors.ValidationFailed([errors.FieldProblem(
            "period", "Учебный год указывается так: 2025-2026 (два соседних года)")])
    return int(found.group(1)), int(found.group(2))


@dataclass(frozen=True)
class SpravkaFigures:
    """What the справка states, read from the same replies as the page."""

    documents: DocumentIndicatorsRead
    participants: ParticipantCountsRead | None
    pairs: PairCountsRead | None
    evaluations: EvaluationLevelsRead


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def _start(doc: docx.document.Document) -> None:
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(doc.sections[0], margin, Cm(2))


def spravka_docx(figures: SpravkaFigures, *, reach: str, year: tuple[int, int], today: date) -> bytes:
    """Header, reach, period and date; the reach in organisations; the indicators of Appendix 2 (seed 000) in the
    seed's wording; the regional indicators that exist; a conclusion for the official to write."""
    doc = docx.Document()
    _start(doc)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("СПРАВКА").bold = True
    doc.add_paragraph(SPRAVKA_TITLE[len("Справка "):]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(reach).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"за {year[0]}/{year[1]} учебный год (с {russian_day(date(year[0], 9, 1))} "
                      f"по {russian_day(date(year[1], 8, 31))})").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"Сведения приведены по состоянию на {russian_day(today)} (текущие значения платформы "
                      "«Наставничество»); только числа, без персональных данных.")

    d = figures.documents
    doc.add_heading("1. Охват", level=2)
    _table(doc, ["Показатель", "Значение"], [
        ["Образовательных организаций в охвате", str(d.organisations)],
        ["из них реализуют целевую модель наставничества (согласована дорожная карта)",
         f"{d.implementing} ({_percent(d.implementing, d.organisations)})"],
        ["из них с согласованной программой наставничества",
         str(sum(r.with_approved_program for r in d.rows))],
        ["Пунктов согласованных дорожных карт выполнено / всего / просрочено",
         f"{sum(r.items_done for r in d.rows)} / {sum(r.items_total for r in d.rows)} / "
         f"{sum(r.items_overdue for r in d.rows)}"],
    ], [12, 5])

    doc.add_heading("2. Показатели реализации целевой модели наставничества (приложение 2)", level=2)
    appendix = figures.participants.appendix_indicators if figures.participants else []
    values = {a.code: a for a in appendix}
    rows = []
    for code, title in APPENDIX_2_TITLES.items():
        found = values.get(code)
        note = f" ({found.note})" if found and found.note else ""
        rows.append([code, title + note, str(found.value) if found else "нет данных"])
    _table(doc, ["№", "Показатель", "Значение"], rows, [1.5, 12.5, 3])

    doc.add_heading("3. Региональные показатели", level=2)
    pairs = figures.pairs.totals if figures.pairs else None
    kpis = [["Доля образовательных организаций, реализующих целевую модель наставничества",
             _percent(d.implementing, d.organisations)]]
    if pairs is not None:
        kpis += [["Действующих наставнических пар", str(pairs.pairs)],
                 ["Наставляемых в парах", str(pairs.mentees_in_pairs)],
                 ["Действующих наставнических групп и команд", str(pairs.groups)],
                 ["Проведено встреч пар и групп", str(pairs.meetings_held)],
                 ["Встреч на одну действующую пару",
                  f"{pairs.meetings_held / pairs.pairs:.1f}".replace(".", ",") if pairs.pairs else "—"]]
    levels = figures.evaluations.totals
    if levels is not None:
        kpis.append(["Оценка программ наставничества (001, раздел 6): оптимальный / допустимый / недопустимый "
                     "уровень / без оценки",
                     f"{levels.optimal} / {levels.acceptable} / {levels.unacceptable} / {levels.not_evaluated}"])
    _table(doc, ["Показатель", "Значение"], kpis, [12, 5])
    if pairs is not None and pairs.by_form:
        doc.add_paragraph()
        doc.add_paragraph("Действующие пары по формам наставничества:")
        _table(doc, ["Форма наставничества", "Пар"],
               [[MENTORING_FORM_TITLES.get(k, k), str(n)] for k, n in pairs.by_form.items()], [12, 5])

    doc.add_heading("4. Выводы и предложения", level=2)
    for _ in range(4):
        doc.add_paragraph("_" * 80)
    doc.add_paragraph()
    doc.add_paragraph(f"Дата составления: {russian_day(today)}")
    doc.add_paragraph("Ответственный _______________ / ________________")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
