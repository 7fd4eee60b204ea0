"""What the questionnaire pages need besides routes: the builder's form ↔ sections, an answer form → answers per
question, the XLSX of the answers and the before/after chart (a server-rendered SVG, drawn from numbers only)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from gateway.adapters.questionnaire_reads import DynamicsRead, QuestionnaireRead, ResponseRead
from mentorship_kit.vocabulary import (
    MEASUREMENT_STAGE_TITLES,
    QUESTIONNAIRE_CHANNEL_TITLES,
    RESPONDENT_KIND_TITLES,
)

MAX_SECTIONS, MAX_QUESTIONS = 10, 40
"""Slots the builder's form reads: sections, and questions per section (the service bounds the total)."""
BUILDER_FIELDS = 3000


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number(text: str) -> int:
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() and len(text) <= 4 else -1


def sections_from_form(form: dict[str, str]) -> list[dict[str, Any]]:
    """Fields ``s<i>.title`` and ``s<i>.q<j>.{kind,text,options,rows,min,max,required,drop}``; an empty slot (no
    text) and a dropped question are left out, an empty section too — the service names what is still missing."""
    sections: list[dict[str, Any]] = []
    for i in range(1, MAX_SECTIONS + 1):
        title = form.get(f"s{i}.title", "")
        questions = []
        for j in range(1, MAX_QUESTIONS + 1):
            key = f"s{i}.q{j}"
            text = form.get(f"{key}.text", "")
            if not text.strip() or form.get(f"{key}.drop"):
                continue
            questions.append({"kind": form.get(f"{key}.kind", ""), "text": text,
                              "required": bool(form.get(f"{key}.required")),
                              "options": _lines(form.get(f"{key}.options", "")),
                              "rows": _lines(form.get(f"{key}.rows", "")),
                              "scale_min": _number(form.get(f"{key}.min", "0") or "0"),
                              "scale_max": _number(form.get(f"{key}.max", "0") or "0")})
        if title.strip() or questions:
            sections.append({"title": title, "questions": questions})
    return sections


def answers_from_form(q: QuestionnaireRead, single: dict[str, str],
                      many: dict[str, list[str]]) -> dict[str, list[str]]:
    """The form's fields per question kind: radio/checkbox/text by the question's id, a matrix row as ``<id>.<n>``, a
    ranking as places ``rank:<id>:<option>`` (1, 2, …; blank — not named) turned into the ordered list."""
    answers: dict[str, list[str]] = {}
    for question in q.questions:
        qid = question.id
        match question.kind:
            case "multiple":
                values = many.get(qid, [])
            case "matrix":
                values = [single.get(f"{qid}.{n}", "") for n in range(1, len(question.rows) + 1)]
                if not any(values):
                    values = []
            case "ranking":
                prefix = f"rank:{qid}:"
                places = [(_number(v), k.removeprefix(prefix)) for k, v in single.items()
                          if k.startswith(prefix) and v.strip()]
                bad = [p for p, _ in places if p < 1]
                values = [who for _, who in sorted(places)] if not bad else ["?"]
            case _:
                values = [single[qid]] if single.get(qid, "").strip() else []
        if values:
            answers[qid] = values
    return answers


def answer_text(question: Any, values: list[str], options: dict[str, str] | None = None) -> str:
    """One answer as a person reads it (the page and the XLSX)."""
    if not values:
        return ""
    match question.kind:
        case "single" | "multiple":
            return "; ".join(question.options[int(v) - 1] for v in values if v.isdigit()
                             and 0 < int(v) <= len(question.options))
        case "matrix":
            return "; ".join(f"{row}: {v or '—'}" for row, v in zip(question.rows, values, strict=False))
        case "ranking":
            return "; ".join(f"{n}. {(options or {}).get(v, v)}" for n, v in enumerate(values, start=1))
    return " ".join(values)


def responses_xlsx(q: QuestionnaireRead, rows: list[ResponseRead]) -> bytes:
    """The school's answers: one row per answer, a column per question; the respondent's columns only when the
    questionnaire is not anonymous (then they are empty anyway)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ответы"
    named = not q.anonymous
    header = ["Дата", "Как получен"]
    if named:
        header += ["Кто отвечал", "Участник", "Этап замера"]
    header += [f"{n}. {question.text}" for n, question in enumerate(q.questions, start=1)]
    sheet.append([q.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        line = [r.submitted_on, QUESTIONNAIRE_CHANNEL_TITLES.get(r.channel, r.channel)]
        if named:
            line += [RESPONDENT_KIND_TITLES.get(r.respondent_kind, r.respondent_kind), r.label,
                     MEASUREMENT_STAGE_TITLES.get(r.stage, r.stage)]
        line += [answer_text(question, r.values(question.id)) for question in q.questions]
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    entry_width: int
    exit_width: int
    entry: float
    exit: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_x: int
    plot_width: int
    bars: list[Bar]
    ticks: list[tuple[int, int]]


def dynamics_chart(d: DynamicsRead, scale_max: int) -> Chart:
    """Two bars per scale (entry, exit) on one axis 0..scale_max; numbers only, the template draws them."""
    plot_x, plot_width, row = 280, 360, 44
    top = max(scale_max, 1)
    bars = [Bar(10 + n * row, s.label if len(s.label) <= 45 else s.label[:44] + "…",
                round(plot_width * s.entry_mean / top), round(plot_width * s.exit_mean / top), s.entry_mean,
                s.exit_mean) for n, s in enumerate(d.scales)]
    ticks = [(plot_x + round(plot_width * t / top), t) for t in range(0, top + 1, max(1, top // 5))]
    return Chart(plot_x + plot_width + 60, 10 + len(bars) * row + 30, plot_x, plot_width, bars, ticks)
