"""The outer contour's view of the schools' evaluations (counts by level per municipality, the latest period of each
school) and the «Аналитическая справка» DOCX reading back with the numbers it was given."""

from __future__ import annotations

import io
from datetime import date

import docx

from gateway.adapters.evaluation_export import evaluation_docx, evidence_text, history_bars, period_title
from gateway.adapters.evaluation_reads import (
    CriterionEvidenceRead,
    CriterionScoreRead,
    EvaluationSheetRead,
    EvidenceRead,
    ProgramEvaluationRead,
)
from mentorship_kit.vocabulary import EVALUATION_CRITERION_TITLES
from reporting.domain.evaluation_levels import SchoolEvaluation, Unit, levels_report

A, B, C = "a" * 8, "b" * 8, "c" * 8
UNITS = [Unit(A, "Школа № 1", "m1", "Первый район"), Unit(B, "Школа № 2", "m1", "Первый район"),
         Unit(C, "Школа № 3", "m2", "Второй район")]


def test_each_school_shows_its_latest_period_and_the_schools_are_counted_by_level() -> None:
    found = [SchoolEvaluation(A, "2025-H2", 1, 8, "unacceptable"), SchoolEvaluation(A, "2026-H1", 2, 16, "optimal"),
             SchoolEvaluation(B, "2025-2026", 1, 12, "acceptable")]
    report = levels_report(UNITS, found)
    assert [(u.org_name, e.period if e else "") for u, e in report.schools] == [
        ("Школа № 1", "2026-H1"), ("Школа № 2", "2025-2026"), ("Школа № 3", "")]
    assert (report.totals.optimal, report.totals.acceptable, report.totals.unacceptable,
            report.totals.not_evaluated) == (1, 1, 0, 1)
    assert [(m.unit_name, m.optimal, m.acceptable, m.not_evaluated) for m in report.municipalities] == [
        ("Второй район", 0, 0, 1), ("Первый район", 1, 1, 0)]
    assert report.periods == ["2026-H1", "2025-2026", "2025-H2"]
    one_period = levels_report(UNITS, found, "2025-H2")
    assert (one_period.totals.unacceptable, one_period.totals.not_evaluated) == (1, 2)


def _sheet(scores: list[int]) -> EvaluationSheetRead:
    keys = list(EVALUATION_CRITERION_TITLES)
    current = ProgramEvaluationRead(
        id="x", period="2026-H1", version=2, total=sum(scores), level="acceptable", commission="Комиссия школы",
        reason="Учтены отчёты", completed_by="u", completed_at="2026-06-30T10:00:00+00:00",
        scores=[CriterionScoreRead(criterion=k, score=s, note="") for k, s in zip(keys, scores, strict=True)])
    return EvaluationSheetRead(
        period="2026-H1", start="2026-01-01", end="2026-06-30", current=current, versions=[current],
        criteria=[CriterionEvidenceRead(criterion=k, group="program", evidence=[
            EvidenceRead(key="meetings_held", value=17, out_of=0, available=True),
            EvidenceRead(key="satisfaction_mean", value=0, out_of=0, available=False)]) for k in keys])


def test_the_spravka_reads_back_with_the_same_numbers() -> None:
    scores = [2, 1, 0, 2, 1, 1, 0, 2, 2]
    sheet = _sheet(scores)
    content = evaluation_docx(sheet, [sheet.current] if sheet.current else [], school="",
                              today=date(2026, 7, 1))
    read = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in read.paragraphs)
    assert "Аналитическая справка по итогам мониторинга" in text and "I полугодие 2026 г." in text
    assert "Итого: 11 баллов из 18" in text and "Уровень: допустимый уровень" in text
    assert "Версия 2 (исправление): Учтены отчёты" in text
    rows = [[c.text for c in r.cells] for r in read.tables[0].rows]
    scored = [r for r in rows if r[0].isdigit()]
    assert [int(r[3]) for r in scored] == scores
    assert all("Проведено встреч за период: 17" in r[2] and "нет данных" in r[2] for r in scored)
    history = [[c.text for c in r.cells] for r in read.tables[1].rows]
    assert history[1] == ["I полугодие 2026 г.", "11", "Допустимый уровень"]


def test_period_titles_evidence_text_and_bars() -> None:
    assert period_title("2025-2026") == "2025/2026 учебный год" and period_title("2026-H2") == "II полугодие 2026 г."
    assert evidence_text(EvidenceRead(key="k", value=3, out_of=5, available=True)) == "3 из 5"
    assert evidence_text(EvidenceRead(key="k", value=4.25, out_of=0, available=True)) == "4,2"
    sheet = _sheet([2] * 9)
    assert sheet.current is not None
    assert [b.height for b in history_bars([sheet.current])] == [180]
