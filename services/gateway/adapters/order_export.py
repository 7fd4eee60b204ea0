"""The director's order «Об утверждении наставнических пар (групп)» for a published matching run, as DOCX: the
pairs in the appendix with form, вид, term, reporting and the mentor's written consent (004 §4.1)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from gateway.adapters.office_export import _table, russian_date
from mentorship_kit.vocabulary import MENTORING_FORM_TITLES, PAIR_KIND_TITLES, REPORTING_TITLES

ORDER_TITLE = "Об утверждении наставнических пар (групп)"
APPENDIX_HEADER = ["№", "Наставляемый", "Наставник", "Форма наставничества", "Вид", "Срок", "Отчётность",
                   "Согласие наставника"]
NO_CONSENT = "не получено"


def _short(value: str) -> str:
    """«2026-09-01» → «01.09.2026»."""
    return ".".join(reversed(value.split("-"))) if value else ""


def _centered(doc: Any, text: str, *, bold: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold


def consent_cell(pair: Mapping[str, Any]) -> str:
    if not pair.get("mentor_consent_on"):
        return NO_CONSENT
    document = str(pair.get("mentor_consent_document") or "")
    return f"{_short(pair['mentor_consent_on'])}{', ' + document if document else ''}"


def group_row(group: Mapping[str, Any]) -> dict[str, Any]:
    """A group (or team) as one appendix row: its mentees in the mentee column, its mentor(s) in the mentor's."""
    mentees = [str(m["mentee_name"]) for m in group.get("members", [])]
    mentors = [str(n) for n in group.get("mentor_names", [])]
    title = "Команда" if len(mentors) > 1 else "Группа"
    return {**group, "mentee_name": f"{title} ({len(mentees)}): {', '.join(mentees)}",
            "mentor_name": ", ".join(mentors), "mentor_consent_on": ""}


def order_docx(*, school: str, published_at: str | None, pairs: Sequence[Mapping[str, Any]],
               groups: Sequence[Mapping[str, Any]] = ()) -> bytes:
    """``pairs`` and ``groups`` as the read models dump them (REST spelling of form, kind and reporting)."""
    pairs = [*pairs, *(group_row(g) for g in groups)]
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    section = doc.sections[0]
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    _centered(doc, school or "Образовательная организация", bold=True)
    _centered(doc, "ПРИКАЗ", bold=True)
    doc.add_paragraph(f"{russian_date(published_at)}\t\t\t\t\t\t№ ______")
    _centered(doc, ORDER_TITLE, bold=True)
    doc.add_paragraph(
        "В соответствии с распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
        "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, осуществляющих "
        "образовательную деятельность по общеобразовательным, дополнительным общеобразовательным и программам "
        "среднего профессионального образования…», Положением о наставничестве и программой наставничества "
        f"{school or 'образовательной организации'}, на основании письменных согласий наставников")
    doc.add_paragraph("ПРИКАЗЫВАЮ:").runs[0].bold = True
    starts = sorted(str(p["term_start"]) for p in pairs if p.get("term_start"))
    ends = sorted(str(p["term_end"]) for p in pairs if p.get("term_end"))
    reporting = sorted({REPORTING_TITLES.get(str(p["reporting"]), str(p["reporting"])).lower() for p in pairs})
    doc.add_paragraph(f"1. Утвердить наставнические пары (группы) согласно приложению к настоящему приказу "
                      f"({len(pairs)}).")
    term = f"с {russian_date(starts[0])} по {russian_date(ends[-1])}" if starts and ends else "согласно приложению"
    doc.add_paragraph(f"2. Установить срок наставничества {term}; отчётность наставнических пар — "
                      f"{', '.join(reporting) or 'согласно приложению'}, по графику, указанному в приложении.")
    doc.add_paragraph("3. Контроль за исполнением настоящего приказа возложить на куратора программы "
                      "наставничества.")
    doc.add_paragraph("")
    doc.add_paragraph("Директор\t\t\t\t_______________ / ________________")

    appendix = doc.add_section()
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = section.page_height, section.page_width
    right = doc.add_paragraph(f"Приложение к приказу от {russian_date(published_at)} № ______")
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _centered(doc, "Наставнические пары (группы)", bold=True)
    rows = [[str(n), str(p["mentee_name"]), str(p["mentor_name"]),
             MENTORING_FORM_TITLES.get(str(p["form"]), str(p["form"])),
             PAIR_KIND_TITLES.get(str(p["kind"]), str(p["kind"])),
             f"с {_short(str(p['term_start']))} по {_short(str(p['term_end']))}",
             REPORTING_TITLES.get(str(p["reporting"]), str(p["reporting"])), consent_cell(p)]
            for n, p in enumerate(pairs, start=1)]
    _table(doc, APPENDIX_HEADER, rows, [1, 4.5, 4.5, 3.5, 2.5, 3.5, 2.5, 3.5])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
