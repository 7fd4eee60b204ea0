"""Самодиагностика (004 App. 2 п. 3.3): a yearly checklist of the school and of the municipality, with a score.

One per owner and year; a correction is a new version (the earlier ones stay). The checklist items are written
from the seeds: what the school must have adopted and done (001 §9, 002 stages 1-7, 004 §4.1) and what the
municipality must (002, 004 §4.2 and App. 2). The score is the number of items done; the share decides nothing
here — the lights of the control page read only whether the year's self-diagnosis exists. Pure domain.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from mentorship_kit.errors import FieldProblem, Forbidden, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope

NOTE_MAX = 500
EARLIEST_YEAR, LATEST_YEAR = 2020, 2100

SCHOOL_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("regulation", "Утверждено Положение о наставничестве в ОО (приказ руководителя)"),
    ("curator", "Назначен куратор внедрения целевой модели наставничества (приказ)"),
    ("program", "Утверждена программа наставничества ОО"),
    ("roadmap", "Утверждена дорожная карта внедрения системы наставничества в ОО"),
    ("motivation", "Определены формы мотивирования и поощрения наставников"),
    ("mentee_base", "Сформирована база наставляемых (запросы собраны)"),
    ("mentor_base", "Сформирована база наставников"),
    ("training", "Наставники прошли обучение (курсы повышения квалификации)"),
    ("pairs", "Наставнические пары и группы закреплены приказом руководителя"),
    ("plans", "У пар утверждены планы работы (персонализированные программы)"),
    ("monitoring", "Проведён мониторинг: анкетирование участников, замеры на входе и выходе"),
    ("evaluation", "Проведена оценка программы наставничества (9 показателей)"),
    ("site", "Информация о наставничестве размещена на сайте ОО"),
)

MUNICIPAL_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("regulation", "Утверждено муниципальное Положение о системе наставничества"),
    ("curator", "Назначен муниципальный куратор, в ОО назначены кураторы"),
    ("roadmap", "Утверждена муниципальная дорожная карта"),
    ("programs_reviewed", "Программы наставничества ОО прошли экспертизу и утверждены"),
    ("school_bank", "Сформирован банк данных ОО, нуждающихся в наставничестве"),
    ("mentor_bank", "Сформирован банк данных наставников"),
    ("courses", "Поданы заявки и организовано обучение наставников (ЦНППМ)"),
    ("seminar", "Проведён муниципальный методический семинар по наставничеству"),
    ("young_teacher_school", "Организована Школа молодого учителя (план на 3 года, занятия ежемесячно)"),
    ("contest", "Проведён конкурс #Наставник+"),
    ("monitoring", "Подведены итоги мониторинга эффективности программ наставничества ОО"),
    ("practices", "Сформирована база успешных практик наставничества"),
)


def checklist(owner_level: str) -> tuple[tuple[str, str], ...]:
    return MUNICIPAL_CHECKLIST if owner_level == "municipality" else SCHOOL_CHECKLIST


@dataclass(frozen=True)
class Answer:
    key: str
    done: bool
    note: str = ""


@dataclass(frozen=True)
class SelfDiagnosis:
    id: str
    owner_level: str  # school | municipality
    org_id: str | None
    municipality_id: str
    region_id: str
    owner_name: str
    year: int
    version: int
    answers: tuple[Answer, ...]
    score: int
    max_score: int
    filled_by_name: str
    filled_at: datetime


_FILLERS = {Scope.ORG: {Role.SCHOOL_CURATOR, Role.SCHOOL_DIRECTOR}, Scope.MUNICIPALITY: {Role.MUNICIPAL_CURATOR}}


def owner_level_of(principal: Principal) -> str:
    if principal.scope not in _FILLERS or not principal.roles & _FILLERS[principal.scope]:
        raise Forbidden("Самодиагностику заполняет куратор (или руководитель) школы либо муниципальный куратор")
    return "school" if principal.scope is Scope.ORG else "municipality"


def fill(*, principal: Principal, owner_name: str, year: int, answers: list[Answer], previous_version: int,
         now: datetime) -> SelfDiagnosis:
    """The caller's self-diagnosis of the year; ``previous_version`` is the latest kept (0: the first)."""
    level = owner_level_of(principal)
    problems: list[FieldProblem] = []
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        problems.append(FieldProblem("year", f"Год самодиагностики: от {EARLIEST_YEAR} до {LATEST_YEAR}"))
    items = checklist(level)
    known = {key for key, _ in items}
    given: dict[str, Answer] = {}
    for answer in answers:
        if answer.key not in known:
            problems.append(FieldProblem("answers", f"Пункта «{answer.key[:50]}» нет в перечне самодиагностики"))
            continue
        note = " ".join((answer.note or "").split())
        if len(note) > NOTE_MAX:
            problems.append(FieldProblem("answers", f"Примечание не длиннее {NOTE_MAX} символов"))
        given[answer.key] = Answer(answer.key, bool(answer.done), note)
    if problems:
        raise ValidationFailed(problems[:20])
    clean = tuple(given.get(key, Answer(key, False)) for key, _ in items)
    return SelfDiagnosis(
        id=str(uuid.uuid4()), owner_level=level, org_id=principal.org_id if level == "school" else None,
        municipality_id=principal.municipality_id or "", region_id=principal.region_id or "", owner_name=owner_name,
        year=year, version=previous_version + 1, answers=clean, score=sum(a.done for a in clean),
        max_score=len(items), filled_by_name=principal.display_name, filled_at=now)
