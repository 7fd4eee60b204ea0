"""The curator's half-yearly report of the school's mentoring (002 §2.6, §5.4) as a DOCX in Russian: the figures
monitoring assembled from its data and the curator's conclusion, with Russian dates."""

from __future__ import annotations

import io
from datetime import date

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from gateway.adapters.monitoring_reads import HalfYearRead
from gateway.adapters.office_export import MONTHS, _table
from mentorship_kit.vocabulary import HALF_YEAR_TITLES, MENTORING_FORM_TITLES

T = HALF_YEAR_TITLES


def russian_day(day: date) -> str:
    """«01» июля 2026 г."""
    return f"«{day.day:02d}» {MONTHS[day.month - 1]} {day.year} г."


def half_year_docx(summary: HalfYearRead, *, school: str, conclusion: str, today: date) -> bytes:
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(doc.sections[0], margin, Cm(2))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(f"{T['title']} за {'I' if summary.half == 1 else 'II'} полугодие {summary.year} г.").bold = True
    if school:
        doc.add_paragraph(school).alignment = WD_ALIGN_PARAGRAPH.CENTER
    start, end = date.fromisoformat(summary.start), date.fromisoformat(summary.end)
    doc.add_paragraph(f"Период: с {russian_day(start)} по {russian_day(end)}")
    doc.add_heading(T["pairs"], level=2)
    rows = [[MENTORING_FORM_TITLES.get(f.form, f.form), str(f.active), str(f.completed), str(f.closed)]
            for f in summary.forms]
    rows.append(["Всего", *(str(sum(getattr(f, k) for f in summary.forms)) for k in ("active", "completed", "closed"))])
    _table(doc, [T["form"], T["active"], T["completed"], T["closed"]], rows, [7, 3, 3, 3.5])
    doc.add_paragraph()
    figures = [[T[k], str(getattr(summary, k))]
               for k in ("meetings_held", "pairs_overdue", "reports_due", "reports_submitted")]
    _table(doc, ["Показатель", "Значение"], figures, [11, 5])
    doc.add_heading(T["conclusion"], level=2)
    for paragraph in conclusion.split("\n"):
        if paragraph.strip():
            doc.add_paragraph(paragraph.strip())
    doc.add_paragraph()
    doc.add_paragraph(f"Дата составления: {russian_day(today)}")
    doc.add_paragraph("Куратор _______________ / ________________")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
