"""Наставническая пара: what publishing a run creates, and how it ends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class PairStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CLOSED = "closed"


PAIR_KINDS = ("individual", "group", "team", "peer", "virtual", "short_term", "reverse", "situational", "speed",
              "traditional")
"""вид наставничества (DESIGN §3, 004 §2.3)."""
REPORTING = ("monthly", "quarterly", "final")
"""Отчётность пары: ежемесячно, ежеквартально, по итогам."""


@dataclass
class Pair:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    run_id: str
    request_id: str
    mentee_id: str
    mentee_name: str
    mentor_id: str
    mentor_name: str
    form: str
    kind: str
    term_start: date
    term_end: date
    reporting: str
    created_by: str
    created_at: datetime
    status: PairStatus = PairStatus.ACTIVE
    close_reason: str = ""
    closed_at: datetime | None = None
    version: int = 1
    mentor_consent_on: date | None = None
    mentor_consent_document: str = ""

    def close(self, reason: str, *, at: datetime) -> None:
        if not reason.strip():
            raise ValidationFailed([FieldProblem("reason", "Укажите причину закрытия пары")])
        if self.status is not PairStatus.ACTIVE:
            raise Conflict("Пара уже закрыта")
        self.status, self.close_reason, self.closed_at = PairStatus.CLOSED, reason.strip()[:500], at
        self.version += 1


    def record_mentor_consent(self, on: str, document: str, *, today: date) -> None:
        """The mentor's written consent to be appointed (004 §4.1); a later record corrects an earlier one."""
        problems = []
        shaped = _ISO_DATE.fullmatch(on.strip())
        try:
            day = date(int(shaped[1]), int(shaped[2]), int(shaped[3])) if shaped else None
        except ValueError:
            day = None
            problems.append(FieldProblem("consent_on", f"Дата согласия наставника: такой даты не существует "
                                                       f"({on.strip()})"))
        if shaped is None:
            problems.append(FieldProblem("consent_on", "Дата согласия наставника: ГГГГ-ММ-ДД, например 2026-09-01"))
        elif day is not None and day > today:
            problems.append(FieldProblem("consent_on", "Дата согласия наставника не может быть в будущем"))
        text = " ".join(document.split())
        if not text:
            problems.append(FieldProblem("document", "Укажите реквизиты письменного согласия (заявление, дата, номер)"))
        elif len(text) > 300:
            problems.append(FieldProblem("document", "Реквизиты согласия — не длиннее 300 символов"))
        if problems:
            raise ValidationFailed(problems)
        if self.status is not PairStatus.ACTIVE:
            raise Conflict("Пара закрыта: согласие наставника записывают только для действующей пары")
        self.mentor_consent_on, self.mentor_consent_document = day, text
        self.version += 1


def term_end(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, 28)
    return date(year, month, day)


def check_terms(*, kind: str, reporting: str, term_months: int) -> None:
    problems = []
    if kind not in PAIR_KINDS:
        problems.append(FieldProblem("kind", "Неизвестный вид наставничества"))
    if reporting not in REPORTING:
        problems.append(FieldProblem("reporting", "График отчётности: ежемесячно, ежеквартально или по итогам"))
    if not 1 <= term_months <= 36:
        problems.append(FieldProblem("term_months", "Срок наставничества — от 1 до 36 месяцев"))
    if problems:
        raise ValidationFailed(problems)
