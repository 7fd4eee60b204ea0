"""Анкеты (issue 13 items 1-2, seed 001 §6, §9 steps 5, 10, 18, 28): a school's questionnaire with sections and
questions of six kinds, tied to a purpose and to the forms of mentoring it fits; a published one is frozen (a change
is a new version of the same series); and the check of one participant's answers against it.

An answer travels as a list of strings per question, the same for every kind, so the wire, the database and the
export need no kind-specific shape: single → [option number], multiple → [option numbers], scale → [value],
text → [text], matrix → [value per row, "" for a row left blank], ranking → [ids in order of preference].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from mentorship_kit.vocabulary import MENTORING_FORM_TITLES

KINDS = ("single", "multiple", "scale", "text", "matrix", "ranking")
PURPOSES = ("candidate_mentor", "candidate_mentee", "preferences", "satisfaction_mentor", "satisfaction_mentee",
            "satisfaction_curator", "measurement")
ANONYMOUS_PURPOSES = frozenset({"satisfaction_mentor", "satisfaction_mentee", "satisfaction_curator"})
"""Only satisfaction may be anonymous: the others must reach a person (matching, before/after)."""
FORMS = tuple(MENTORING_FORM_TITLES)
STATUSES = ("draft", "published")

TITLE_MAX = 200
SECTION_TITLE_MAX = 200
QUESTION_MAX = 500
OPTION_MAX = 200
OPTIONS_MAX = 30
ROWS_MAX = 20
SECTIONS_MAX = 10
QUESTIONS_MAX = 100
TEXT_ANSWER_MAX = 2000
SCALE_LOW, SCALE_HIGH = 0, 10
RANKED_MAX = 200


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    required: bool = True
    options: tuple[str, ...] = ()
    scale_min: int = 0
    scale_max: int = 0
    rows: tuple[str, ...] = ()

    @property
    def scaled(self) -> bool:
        return self.kind in ("scale", "matrix")


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    series_id: str
    version: int
    org_id: str
    municipality_id: str
    region_id: str
    title: str
    purpose: str
    forms: tuple[str, ...]
    anonymous: bool
    status: str
    sections: tuple[Section, ...]
    created_by: str
    created_at: datetime
    published_at: datetime | None = None

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Draft:
    """What the builder sends: everything a school may edit."""

    title: str
    purpose: str
    forms: tuple[str, ...]
    anonymous: bool
    sections: tuple[Section, ...] = field(default_factory=tuple)


def clean_draft(draft: Draft) -> Draft:
    """Every problem at once, in Russian; question ids are renumbered q1, q2, … in order."""
    problems: list[FieldProblem] = []
    title = draft.title.strip()
    if not title:
        problems.append(FieldProblem("title", "Укажите название анкеты"))
    elif len(title) > TITLE_MAX:
        problems.append(FieldProblem("title", f"Название анкеты — не длиннее {TITLE_MAX} знаков"))
    if draft.purpose not in PURPOSES:
        problems.append(FieldProblem("purpose", "Выберите назначение анкеты из списка"))
    forms = tuple(dict.fromkeys(draft.forms))
    if not forms:
        problems.append(FieldProblem("forms", "Отметьте хотя бы одну форму наставничества, к которой подходит анкета"))
    if any(f not in FORMS for f in forms):
        problems.append(FieldProblem("forms", "Форма наставничества не из списка"))
    if draft.anonymous and draft.purpose not in ANONYMOUS_PURPOSES:
        problems.append(FieldProblem("anonymous", "Анонимной может быть только анкета удовлетворённости"))
    if not draft.sections:
        problems.append(FieldProblem("sections", "Добавьте хотя бы один раздел с вопросами"))
    if len(draft.sections) > SECTIONS_MAX:
        problems.append(FieldProblem("sections", f"Разделов — не больше {SECTIONS_MAX}"))
    sections: list[Section] = []
    number = 0
    for s_index, section in enumerate(draft.sections, start=1):
        s_title = section.title.strip()
        if not s_title:
            problems.append(FieldProblem("sections", f"Раздел {s_index}: укажите название раздела"))
        elif len(s_title) > SECTION_TITLE_MAX:
            problems.append(FieldProblem("sections", f"Раздел {s_index}: название — не длиннее "
                                                     f"{SECTION_TITLE_MAX} знаков"))
        if not section.questions:
            problems.append(FieldProblem("sections", f"Раздел {s_index}: добавьте хотя бы один вопрос"))
        questions = []
        for question in section.questions:
            number += 1
            cleaned, found = _clean_question(question, number)
            problems += found
            questions.append(cleaned)
        sections.append(Section(s_title, tuple(questions)))
    if number > QUESTIONS_MAX:
        problems.append(FieldProblem("sections", f"Вопросов — не больше {QUESTIONS_MAX}"))
    kinds = {q.kind for s in sections for q in s.questions}
    if draft.purpose == "preferences" and "ranking" not in kinds:
        problems.append(FieldProblem("sections", "В анкете предпочтений нужен вопрос «Ранжирование»: по нему "
                                                 "строятся рейтинги подбора"))
    if draft.purpose == "measurement" and not kinds & {"scale", "matrix"}:
        problems.append(FieldProblem("sections", "В анкете замера на входе и выходе нужен хотя бы один вопрос со "
                                                 "шкалой: по шкалам считается динамика"))
    if draft.purpose != "preferences" and "ranking" in kinds:
        problems.append(FieldProblem("sections", "Вопрос «Ранжирование» бывает только в анкете предпочтений"))
    if problems:
        raise ValidationFailed(problems)
    return Draft(title, draft.purpose, forms, draft.anonymous, tuple(sections))


def _clean_question(q: Question, number: int) -> tuple[Question, list[FieldProblem]]:
    where = f"Вопрос {number}"
    problems: list[FieldProblem] = []
    text = q.text.strip()
    if not text:
        problems.append(FieldProblem("sections", f"{where}: напишите текст вопроса"))
    elif len(text) > QUESTION_MAX:
        problems.append(FieldProblem("sections", f"{where}: текст — не длиннее {QUESTION_MAX} знаков"))
    if q.kind not in KINDS:
        problems.append(FieldProblem("sections", f"{where}: вид вопроса не из списка"))
    options = tuple(o.strip() for o in q.options if o.strip())
    rows = tuple(r.strip() for r in q.rows if r.strip())
    scale_min, scale_max = q.scale_min, q.scale_max
    if q.kind in ("single", "multiple"):
        if len(options) < 2:
            problems.append(FieldProblem("sections", f"{where}: нужны хотя бы два варианта ответа"))
        if len(options) > OPTIONS_MAX:
            problems.append(FieldProblem("sections", f"{where}: вариантов — не больше {OPTIONS_MAX}"))
        if any(len(o) > OPTION_MAX for o in options):
            problems.append(FieldProblem("sections", f"{where}: вариант — не длиннее {OPTION_MAX} знаков"))
        if len(set(options)) != len(options):
            problems.append(FieldProblem("sections", f"{where}: варианты ответа повторяются"))
    else:
        options = ()
    if q.kind in ("scale", "matrix"):
        if not (SCALE_LOW <= scale_min < scale_max <= SCALE_HIGH):
            problems.append(FieldProblem("sections", f"{where}: шкала — от {SCALE_LOW} или 1 до не больше "
                                                     f"{SCALE_HIGH}, начало меньше конца"))
    else:
        scale_min = scale_max = 0
    if q.kind == "matrix":
        if not rows:
            problems.append(FieldProblem("sections", f"{where}: в матрице нужна хотя бы одна строка"))
        if len(rows) > ROWS_MAX:
            problems.append(FieldProblem("sections", f"{where}: строк матрицы — не больше {ROWS_MAX}"))
        if any(len(r) > OPTION_MAX for r in rows):
            problems.append(FieldProblem("sections", f"{where}: строка матрицы — не длиннее {OPTION_MAX} знаков"))
    else:
        rows = ()
    cleaned = Question(f"q{number}", q.kind, text, q.required, options, scale_min, scale_max, rows)
    return cleaned, problems


def edit(q: Questionnaire, draft: Draft) -> Questionnaire:
    """A draft changes in place; a published questionnaire is frozen — :func:`new_version` copies it."""
    if q.status != "draft":
        raise Conflict("Опубликованная анкета не меняется: создайте новую версию")
    d = clean_draft(draft)
    return replace(q, title=d.title, purpose=d.purpose, forms=d.forms, anonymous=d.anonymous, sections=d.sections)


def publish(q: Questionnaire, now: datetime) -> Questionnaire:
    if q.status != "draft":
        raise Conflict("Анкета уже опубликована")
    clean_draft(Draft(q.title, q.purpose, q.forms, q.anonymous, q.sections))
    return replace(q, status="published", published_at=now)


# ---- answers ---------------------------------------------------------------------------------------------------

Answers = dict[str, list[str]]


def _int(value: str) -> int | None:
    text = value.strip()
    if text.lstrip("-").isdigit() and len(text) <= 4:
        return int(text)
    return None


def clean_answers(q: Questionnaire, sent: Mapping[str, Sequence[str]], *,
                  ranking_options: Sequence[str] = ()) -> Answers:
    """One participant's answers checked against the questionnaire: every problem at once (the field is the question
    id), blanks dropped. ``ranking_options`` are the ids this participant may rank (from the invitation)."""
    problems: list[FieldProblem] = []
    unknown = set(sent) - {x.id for x in q.questions}
    if unknown:
        problems.append(FieldProblem("answers", "Ответ на вопрос, которого нет в анкете"))
    answers: Answers = {}
    for number, question in enumerate(q.questions, start=1):
        values = [str(v) for v in sent.get(question.id, [])]
        blank = not any(v.strip() for v in values)
        where = f"Вопрос {number}"
        if blank:
            if question.required:
                problems.append(FieldProblem(question.id, f"{where}: ответьте на обязательный вопрос"))
            continue
        value, problem = _clean_one(question, values, ranking_options)
        if problem:
            problems.append(FieldProblem(question.id, f"{where}: {problem}"))
        else:
            answers[question.id] = value
    if problems:
        raise ValidationFailed(problems)
    return answers


def _clean_one(q: Question, values: list[str], ranking_options: Sequence[str]) -> tuple[list[str], str]:
    match q.kind:
        case "single" | "multiple":
            numbers = [_int(v) for v in values if v.strip()]
            if any(n is None or not 1 <= n <= len(q.options) for n in numbers):
                return [], "выберите вариант из предложенных"
            if q.kind == "single" and len(numbers) != 1:
                return [], "выберите один вариант"
            if len(set(numbers)) != len(numbers):
                return [], "вариант выбран дважды"
            return [str(n) for n in sorted(n for n in numbers if n is not None)], ""
        case "scale":
            if len(values) != 1 or (n := _int(values[0])) is None or not q.scale_min <= n <= q.scale_max:
                return [], f"оценка — целое число от {q.scale_min} до {q.scale_max}"
            return [str(n)], ""
        case "text":
            text = "\n".join(values).strip()
            if len(text) > TEXT_ANSWER_MAX:
                return [], f"ответ — не длиннее {TEXT_ANSWER_MAX} знаков"
            return [text], ""
        case "matrix":
            if len(values) != len(q.rows):
                return [], "оцените строки матрицы"
            cells: list[str] = []
            for v in values:
                if not v.strip():
                    cells.append("")
                    continue
                n = _int(v)
                if n is None or not q.scale_min <= n <= q.scale_max:
                    return [], f"оценка в строке — целое число от {q.scale_min} до {q.scale_max}"
                cells.append(str(n))
            if q.required and "" in cells:
                return [], "оцените каждую строку"
            return cells, ""
        case "ranking":
            ranked = [v.strip() for v in values if v.strip()]
            if len(ranked) > RANKED_MAX or any(r not in ranking_options for r in ranked):
                return [], "в рейтинге можно назвать только предложенных участников"
            if len(set(ranked)) != len(ranked):
                return [], "участник назван в рейтинге дважды"
            return ranked, ""
    return [], "вид вопроса не из списка"


def scale_items(q: Questionnaire) -> list[tuple[str, str]]:
    """The scales a before/after comparison reads: (key, label) — a scale question, or one row of a matrix."""
    items: list[tuple[str, str]] = []
    for question in q.questions:
        if question.kind == "scale":
            items.append((question.id, question.text))
        elif question.kind == "matrix":
            items += [(f"{question.id}.{i}", f"{question.text}: {row}") for i, row in enumerate(question.rows, 1)]
    return items


def scale_values(q: Questionnaire, answers: Answers) -> dict[str, float]:
    """The numeric values of one answer on its scales, by the keys of :func:`scale_items`."""
    values: dict[str, float] = {}
    for question in q.questions:
        answer = answers.get(question.id)
        if not answer:
            continue
        if question.kind == "scale":
            values[question.id] = float(answer[0])
        elif question.kind == "matrix":
            for i, cell in enumerate(answer, start=1):
                if cell:
                    values[f"{question.id}.{i}"] = float(cell)
    return values
