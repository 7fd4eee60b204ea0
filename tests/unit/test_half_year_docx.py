"""The curator's half-yearly report as DOCX: read back, it says the half-year in Russian with Russian dates, the
pairs by form with a total, the figures and the curator's conclusion."""

from __future__ import annotations

import io
from datetime import date

import docx

from gateway.adapters.monitoring_reads import FormCountsRead, HalfYearRead
from gateway.adapters.report_export import half_year_docx


def test_the_half_year_docx_reads_back_in_russian() -> None:
    summary = HalfYearRead(year=2026, half=2, start="2026-07-01", end="2026-12-31", meetings_held=7, pairs_overdue=1,
                           reports_due=4, reports_submitted=3,
                           forms=[FormCountsRead(form="teacher_pupil", active=2, completed=1, closed=0),
                                  FormCountsRead(form="student_student", active=1, completed=0, closed=1)])
    body = half_year_docx(summary, school="", conclusion="Работа идёт по плану.\nУсилить контроль встреч.",
                          today=date(2026, 11, 27))
    read = docx.Document(io.BytesIO(body))
    text = "\n".join(p.text for p in read.paragraphs)
    assert "за II полугодие 2026 г." in text
    assert "с «01» июля 2026 г. по «31» декабря 2026 г." in text
    assert "Дата составления: «27» ноября 2026 г." in text
    assert "Работа идёт по плану." in text and "Усилить контроль встреч." in text
    pairs, figures = ([[c.text for c in row.cells] for row in t.rows] for t in read.tables)
    assert pairs[1] == ["Учитель – ученик", "2", "1", "0"] and pairs[-1] == ["Всего", "3", "1", "1"]
    assert dict(row for row in figures[1:]) == {
        "Проведено встреч за полугодие": "7", "Пар с просроченными встречами": "1",
        "Отчётов наставников ожидалось": "4", "Отчётов наставников сдано": "3"}
