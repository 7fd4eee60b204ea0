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
RESULTS = ("achieved", "partly_achieved", "not_achieved")
"""Итог завершённой пары: цели достигнуты, частично, не достигнуты."""
REPLACE_MENTOR, RELEASE_MENTOR = "replace_mentor", "release_mentor"
PETITION_KINDS = (REPLACE_MENTOR, RELEASE_MENTOR)
"""Ходатайство наставляемого о замене наставника; просьба наставника об освобождении (004 §5.2)."""
RELEASE_REASON = "освобождение наставника по его просьбе"
REPLACE_REASON = "замена наставника по ходатайству наставляемого"
STALE = "Пара изменена другим пользователем: обновите страницу и повторите"


@dataclass
class Petition:
    kind: str
    filed_on: date
    reason: str
    status: str = "filed"  # filed | approved | declined
    comment: str = ""

    @property
    def pending(self) -> bool:
        return self.status == "filed"


def _day(text: str, field: str, title: str, *, today: date, problems: list[FieldProblem]) -> date | None:
    try:
        day = date.fromisoformat(text.strip()) if text.strip() and len(text) <= 10 else None
    except ValueError:
        day = None
    if day is None:
        problems.append(FieldProblem(field, f"{title}: ГГГГ-ММ-ДД, например 2026-09-01"))
    elif day > today:
        problems.append(FieldProblem(field, f"{title} не может быть в будущем"))
    return day


def _text(value: str, field: str, empty: str, *, limit: int, problems: list[FieldProblem]) -> str:
    text = " ".join(value.split())
    if not text:
        problems.append(FieldProblem(field, empty))
    elif len(text) > limit:
        problems.append(FieldProblem(field, f"Не длиннее {limit} символов"))
    return text


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
    outcome: str = ""
    result: str = ""
    petition: Petition | None = None
    awaiting_mentor: bool = False
    """Closed on an approved petition; the curator is to pick a new mentor for the same request."""
    replaces_pair_id: str = ""
    replaced_by_pair_id: str = ""

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

    def _check_active(self, what: str) -> None:
        if self.status is not PairStatus.ACTIVE:
            raise Conflict(f"Пара уже {'завершена' if self.status is PairStatus.COMPLETED else 'закрыта'}: {what}")

    def complete(self, outcome: str, result: str, *, confirm_early: bool, at: datetime) -> None:
        """The pair ends normally: on or after its term, or earlier when the curator confirms it."""
        problems: list[FieldProblem] = []
        text = _text(outcome, "outcome", "Опишите итог наставничества", limit=500, problems=problems)
        if result not in RESULTS:
            problems.append(FieldProblem("result", "Итог: цели достигнуты, достигнуты частично или не достигнуты"))
        if problems:
            raise ValidationFailed(problems)
        self._check_active("завершить можно только действующую пару")
        if self.petition and self.petition.pending:
            raise Conflict("По паре есть нерассмотренное ходатайство: сначала примите по нему решение")
        if at.date() < self.term_end and not confirm_early:
            raise ValidationFailed([FieldProblem(
                "confirm_early", f"Срок пары ещё не истёк (до {self.term_end:%d.%m.%Y}): подтвердите досрочное "
                                 "завершение")])
        self.status, self.outcome, self.result, self.closed_at = PairStatus.COMPLETED, text, result, at
        self.version += 1

    def file_petition(self, kind: str, filed_on: str, reason: str, *, today: date) -> None:
        problems: list[FieldProblem] = []
        if kind not in PETITION_KINDS:
            problems.append(FieldProblem("kind", "Вид обращения: замена наставника или освобождение наставника"))
        day = _day(filed_on, "filed_on", "Дата обращения", today=today, problems=problems)
        text = _text(reason, "reason", "Укажите причину обращения", limit=500, problems=problems)
        if problems or day is None:
            raise ValidationFailed(problems)
        self._check_active("обращение принимают только по действующей паре")
        if self.petition and self.petition.pending:
            raise Conflict("По паре уже есть нерассмотренное обращение: сначала примите по нему решение")
        self.petition = Petition(kind=kind, filed_on=day, reason=text)
        self.version += 1

    def decide_petition(self, *, approve: bool, comment: str, at: datetime) -> None:
        """Approval closes the pair with the petition's reason and leaves it awaiting a new mentor."""
        if self.petition is None or not self.petition.pending:
            raise Conflict("Нерассмотренного обращения по паре нет: решение уже принято или обращение не подано")
        text = " ".join(comment.split())
        if len(text) > 500:
            raise ValidationFailed([FieldProblem("comment", "Комментарий — не длиннее 500 символов")])
        if not approve and not text:
            raise ValidationFailed([FieldProblem("comment", "Укажите, почему обращение отклонено")])
        self._check_active("решение по обращению принимают по действующей паре")
        self.petition.status, self.petition.comment = ("approved" if approve else "declined"), text
        if approve:
            base = REPLACE_REASON if self.petition.kind == REPLACE_MENTOR else RELEASE_REASON
            self.status, self.closed_at = PairStatus.CLOSED, at
            self.close_reason = f"{base}: {self.petition.reason}"[:500]
            self.awaiting_mentor = True
        self.version += 1

    def replaced_by(self, new_pair_id: str) -> None:
        if not self.awaiting_mentor:
            raise Conflict("Новый наставник для этой пары уже выбран или пара не ждёт замены")
        self.awaiting_mentor, self.replaced_by_pair_id = False, new_pair_id
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
