"""«Аналитическая справка по итогам мониторинга» (001 §6, 002 §7.2) as a DOCX in Russian: the nine indicators with the
evidence the platform holds and the scores, the total and the level, the school's history across periods; and the
pieces the page shares with it (period titles, evidence text, the history chart's geometry)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from gateway.adapters.evaluation_reads import EvaluationSheetRead, EvidenceRead, ProgramEvaluationRead
from gateway.adapters.office_export import _table
from gateway.adapters.report_export import russian_day
from mentorship_kit.vocabulary import (
    EVALUATION_CRITERION_TITLES,
    EVALUATION_EVIDENCE_TITLES,
    EVALUATION_GROUP_TITLES,
    EVALUATION_LEVEL_TITLES,
)

TITLE = "Аналитическая справка по итогам мониторинга"
NO_DATA = "нет данных"
SCALE = "15–18 баллов – оптимальный уровень; 9–14 баллов – допустимый уровень; 0–8 баллов – недопустимый уровень."
_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def period_title(code: str) -> str:
    """«I полугодие 2026 г.», «2025/2026 учебный год»; anything else as given."""
    if m := _HALF.match(code):
        return f"{'I' if m.group(2) == '1' else 'II'} полугодие {m.group(1)} г."
    if m := _YEAR.match(code):
        return f"{m.group(1)}/{m.group(2)} учебный год"
    return code


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def evidence_text(e: EvidenceRead) -> str:
    """«12 из 20», «4,3», or «нет данных» where the platform holds nothing yet."""
    if not e.available:
        return NO_DATA
    return f"{_number(e.value)} из {e.out_of}" if e.out_of else _number(e.value)


def evidence_line(e: EvidenceRead) -> str:
    return f"{EVALUATION_EVIDENCE_TITLES.get(e.key, e.key)}: {evidence_text(e)}"


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    level: str
    x: int
    height: int
    short: tuple[str, str]
    """Two short lines under the bar: («I пол.», «2026») or («2025/26», «уч. год»)."""


def _short(code: str) -> tuple[str, str]:
    if m := _HALF.match(code):
        return f"{'I' if m.group(2) == '1' else 'II'} пол.", m.group(1)
    if m := _YEAR.match(code):
        return f"{m.group(1)}/{m.group(2)[2:]}", "уч. год"
    return code, ""


CHART_HEIGHT, BAR_WIDTH, BAR_GAP = 180, 48, 24


def history_bars(history: list[ProgramEvaluationRead]) -> list[Bar]:
    """One bar per period (its latest version), height proportional to the total of 18 points."""
    return [Bar(period_title(e.period), e.total, e.level, 40 + i * (BAR_WIDTH + BAR_GAP),
                round(CHART_HEIGHT * e.total / 18), _short(e.period)) for i, e in enumerate(history)]


def evaluation_docx(sheet: EvaluationSheetRead, history: list[ProgramEvaluationRead], *, school: str,
                    today: date) -> bytes:
    current = sheet.current
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(doc.sections[0], margin, Cm(2))
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(TITLE).bold = True
    doc.add_paragraph(f"реализации программы наставничества за {period_title(sheet.period)}").alignment = \
        WD_ALIGN_PARAGRAPH.CENTER
    if school:
        doc.add_paragraph(school).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"Период: с {russian_day(date.fromisoformat(sheet.start))} "
                      f"по {russian_day(date.fromisoformat(sheet.end))}")
    if current is not None:
        doc.add_paragraph(f"Оценку провели: {current.commission or 'куратор программы'}")
        if current.version > 1:
            doc.add_paragraph(f"Версия {current.version} (исправление): {current.reason}")
    doc.add_heading("Показатели эффективности реализации Программы наставничества", level=2)
    scores = {s.criterion: s.score for s in current.scores} if current else {}
    rows, group = [], ""
    for n, c in enumerate(sheet.criteria, start=1):
        if c.group != group:
            group = c.group
            rows.append(["", EVALUATION_GROUP_TITLES.get(group, group), "", ""])
        rows.append([str(n), EVALUATION_CRITERION_TITLES.get(c.criterion, c.criterion),
                     "; ".join(evidence_line(e) for e in c.evidence),
                     str(scores[c.criterion]) if c.criterion in scores else "—"])
    _table(doc, ["№", "Показатель", "Данные платформы", "Балл"], rows, [1, 7.5, 6.5, 2])
    doc.add_paragraph()
    if current is not None:
        doc.add_paragraph(f"Итого: {current.total} баллов из 18").runs[0].bold = True
        doc.add_paragraph(f"Уровень: {EVALUATION_LEVEL_TITLES.get(current.level, current.level).lower()}")
    else:
        doc.add_paragraph("Оценка за период ещё не завершена.")
    doc.add_paragraph(SCALE)
    if history:
        doc.add_heading("Динамика по периодам", level=2)
        _table(doc, ["Период", "Баллы", "Уровень"],
               [[period_title(e.period), str(e.total), EVALUATION_LEVEL_TITLES.get(e.level, e.level)]
                for e in history], [6, 3, 7])
    doc.add_paragraph()
    doc.add_paragraph(f"Дата составления: {russian_day(today)}")
    doc.add_paragraph("Куратор _______________ / ________________")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
