"""The outer contour's own records (issue 15 items 5-8, ADR 024): what a published program, an agreement of
cooperation, a course with its seats, a Школа молодого учителя plan and a mitigation note are, and the checks of
what people type into them. Pure: no storage, no clock (``today`` is passed in)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mentorship_kit.errors import Conflict
from mentorship_kit.vocabulary import field_title
from registry.domain.field_checks import Problems, clean_optional, clean_text, parse_date
from registry.domain.mentees import MentoringForm

SUMMARY_MAX = 1000
NUMBER_MAX = 50
PARTY_MAX = 300
PARTIES_MAX = 10
SUBJECT_MAX = 1000
COURSE_TITLE_MAX = 300
TOPIC_MAX = 500
PLAN_SESSIONS_MAX = 60      # 3 school years of monthly sessions with room for a second one some months
MITIGATION_MAX = 2000
SEATS_MAX = 10000
SCHOOLS_PER_APPLICATION = 500
ATTENDEES_MAX = 500
DEFAULT_COURSE_HOURS = 36   # 002 п.4.3: «36 часов»
EARLIEST = date(2000, 1, 1)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Risk(enum.StrEnum):
    """004 §VI «возможны следующие риски», in the seed's order."""

    PERCEPTION = "perception"                  # 1. наставничество не воспринимается как механизм роста
    HIGH_LOAD = "high_load"                    # 2. высокая нагрузка на наставников и наставляемых
    MENTOR_MOTIVATION = "mentor_motivation"    # 3. низкая мотивация наставников
    FORMALISM = "formalism"                    # 4. качество и формализм
    MENTEE_MOTIVATION = "mentee_motivation"    # 5. низкая мотивация наставляемых
    INTERACTION = "interaction"                # 6. слабое взаимодействие элементов двухконтурной структуры


class AgreementKind(enum.StrEnum):
    WITH_OPERATOR = "with_operator"   # an organisation with the regional operator (004 App. 2 п.1.6)
    WITH_EMPLOYER = "with_employer"   # with an employer or another partner whose staff mentor (003)


class AgreementState(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    ENDED = "ended"


# -- 5. the regional base of programs ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Publication:
    forms: tuple[str, ...]
    summary: str


def clean_publication(forms: list[str] | tuple[str, ...], summary: str) -> Publication:
    p = Problems()
    known = {f.value for f in MentoringForm if f.value}
    chosen = tuple(dict.fromkeys(f.strip() for f in forms if f.strip()))
    if not chosen:
        p.add("forms", "Отметьте хотя бы одну форму наставничества, по которой работает программа")
    elif unknown := [f for f in chosen if f not in known]:
        p.add("forms", f"Неизвестная форма наставничества: {', '.join(unknown)[:100]}")
    text = clean_optional(summary, "summary", field_title("summary"), p, limit=SUMMARY_MAX)
    p.raise_if_any()
    return Publication(chosen, text)


def program_sections(content: dict[str, Any]) -> list[dict[str, str]]:
    """The text sections of an approved program, as the base shows them (the plan tables stay with the school)."""
    return [{"key": str(s.get("key", "")), "title": str(s.get("title", "")), "text": str(s.get("text", ""))}
            for s in content.get("sections", []) if isinstance(s, dict)]


# -- 6. agreements of cooperation --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Agreement:
    id: str
    municipality_id: str | None
    region_id: str
    number: str
    signed_on: date
    kind: AgreementKind
    parties: tuple[str, ...]
    subject: str
    valid_from: date
    valid_until: date | None
    ended_on: date | None
    created_at: datetime

    def state(self, today: date) -> AgreementState:
        if self.ended_on is not None and self.ended_on <= today:
            return AgreementState.ENDED
        if self.valid_until is not None and self.valid_until < today:
            return AgreementState.EXPIRED
        return AgreementState.ACTIVE


def clean_agreement(raw: dict[str, Any], *, today: date) -> dict[str, Any]:
    p = Problems()
    number = clean_text(str(raw.get("number") or ""), "number", field_title("number"), p, limit=NUMBER_MAX)
    signed = parse_date(str(raw.get("signed_on") or ""), "signed_on", field_title("signed_on"), p, required=True,
                        earliest=EARLIEST, latest=today)
    kind = str(raw.get("kind") or "")
    if kind not in {k.value for k in AgreementKind}:
        p.add("kind", "Укажите вид соглашения: с региональным оператором или с работодателем")
    parties = tuple(dict.fromkeys(" ".join(str(x).split()) for x in raw.get("parties") or [] if str(x).strip()))
    if len(parties) < 2:
        p.add("parties", "Укажите стороны соглашения: не меньше двух")
    elif len(parties) > PARTIES_MAX or any(len(x) > PARTY_MAX for x in parties):
        p.add("parties", f"Сторон — не больше {PARTIES_MAX}, каждая не длиннее {PARTY_MAX} символов")
    elif any(_CONTROL.search(x) for x in parties):
        p.add("parties", "«Стороны» содержат недопустимые символы")
    subject = clean_optional(str(raw.get("subject") or ""), "subject", field_title("subject"), p, limit=SUBJECT_MAX)
    start = parse_date(str(raw.get("valid_from") or ""), "valid_from", field_title("valid_from"), p, required=True,
                       earliest=EARLIEST, latest=date(today.year + 10, 12, 31))
    until = parse_date(str(raw.get("valid_until") or ""), "valid_until", field_title("valid_until"), p,
                       earliest=EARLIEST, latest=date(today.year + 50, 12, 31))
    if start and until and until < start:
        p.add("valid_until", "Срок действия не может закончиться раньше, чем начался")
    p.raise_if_any()
    return {"number": number, "signed_on": signed, "kind": AgreementKind(kind), "parties": parties,
            "subject": subject, "valid_from": start, "valid_until": until}


def end_agreement(agreement: Agreement, ended_on: str, *, today: date) -> date:
    p = Problems()
    day = parse_date(ended_on, "ended_on", field_title("ended_on"), p, required=True, earliest=agreement.signed_on,
                     latest=today)
    p.raise_if_any()
    assert day is not None
    if agreement.ended_on is not None:
        raise Conflict("Соглашение уже расторгнуто")
    return day


# -- 6. courses ---------------------------------------------------------------------------------------------------

def clean_course(raw: dict[str, Any], *, today: date) -> dict[str, Any]:
    p = Problems()
    title = clean_text(str(raw.get("title") or ""), "title", field_title("title"), p, limit=COURSE_TITLE_MAX)
    hours = int(raw.get("hours") or DEFAULT_COURSE_HOURS)
    if not 1 <= hours <= 2000:
        p.add("hours", "Часов — от 1 до 2000")
    provider = clean_optional(str(raw.get("provider") or ""), "provider", field_title("provider"), p,
                              limit=PARTY_MAX) or "ЦНППМ"
    study_form = clean_optional(str(raw.get("study_form") or ""), "study_form", field_title("study_form"), p,
                                limit=100)
    starts = parse_date(str(raw.get("starts_on") or ""), "starts_on", field_title("starts_on"), p, required=True,
                        earliest=date(today.year - 1, 1, 1), latest=date(today.year + 5, 12, 31))
    ends = parse_date(str(raw.get("ends_on") or ""), "ends_on", field_title("ends_on"), p, required=True,
                      earliest=date(today.year - 1, 1, 1), latest=date(today.year + 5, 12, 31))
    if starts and ends and ends < starts:
        p.add("ends_on", "Курс не может закончиться раньше, чем начался")
    seats = int(raw.get("seats") or 0)
    if not 1 <= seats <= SEATS_MAX:
        p.add("seats", f"Мест — от 1 до {SEATS_MAX}")
    p.raise_if_any()
    return {"title": title, "hours": hours, "provider": provider, "study_form": study_form, "starts_on": starts,
            "ends_on": ends, "seats": seats}


def check_seats(asked: dict[str, int], *, course_seats: int, enrolled: dict[str, int]) -> None:
    """A municipality's application: seats per school, never fewer than the school already named, and in all no
    more than the course has."""
    p = Problems()
    if not asked:
        p.add("schools", "Укажите школы и число мест для каждой")
    for org_id, seats in asked.items():
        if not 0 <= seats <= SEATS_MAX:
            p.add("schools", f"Мест для школы — от 0 до {SEATS_MAX}")
        elif seats < enrolled.get(org_id, 0):
            p.add("schools", f"Школа уже записала {enrolled[org_id]} наставн.: мест не может быть меньше")
    p.raise_if_any()
    if sum(asked.values()) > course_seats:
        raise Conflict(f"На курсе {course_seats} мест: заявка на {sum(asked.values())} не помещается")


def check_completion(completed_on: str, *, starts_on: date, today: date) -> date:
    p = Problems()
    day = parse_date(completed_on, "completed_on", field_title("completed_on"), p, required=True,
                     earliest=starts_on, latest=today)
    p.raise_if_any()
    assert day is not None
    return day


# -- 7. Школа молодого учителя ---------------------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def plan_months(first_year: int) -> tuple[date, date]:
    """The plan's span: September of the first year to August three years later (002 §6.5: «план на 3 года»)."""
    return date(first_year, 9, 1), date(first_year + 3, 8, 1)


def clean_plan(first_year: int, sessions: list[tuple[str, str]]) -> list[tuple[date, str]]:
    p = Problems()
    if not 2000 <= first_year <= 2100:
        p.add("first_year", "Первый учебный год плана — четыре цифры, например 2026")
        p.raise_if_any()
    start, end = plan_months(first_year)
    found: dict[date, str] = {}
    if not sessions:
        p.add("sessions", "В плане ШМУ должно быть хотя бы одно занятие")
    if len(sessions) > PLAN_SESSIONS_MAX:
        p.add("sessions", f"Занятий в плане — не больше {PLAN_SESSIONS_MAX}")
    for i, (month, topic) in enumerate(sessions[:PLAN_SESSIONS_MAX], start=1):
        m = _MONTH.match(month.strip())
        day = date(int(m[1]), int(m[2]), 1) if m and 1 <= int(m[2]) <= 12 else None
        if day is None:
            p.add("sessions", f"Занятие {i}: месяц в виде ГГГГ-ММ, например {first_year}-09")
            continue
        if not start <= day <= end:
            p.add("sessions", f"Занятие {i}: месяц вне плана ({start:%m.%Y}–{end:%m.%Y})")
        if day in found:
            p.add("sessions", f"Занятие {i}: на {day:%m.%Y} занятие уже запланировано")
        text = clean_text(topic, "sessions", f"Тема занятия {i}", p, limit=TOPIC_MAX)
        found[day] = text
    p.raise_if_any()
    return sorted(found.items())


def check_held(held_on: str, *, month: date, today: date) -> date:
    p = Problems()
    day = parse_date(held_on, "held_on", field_title("held_on"), p, required=True, earliest=date(2000, 1, 1),
                     latest=today)
    p.raise_if_any()
    assert day is not None
    if (day.year, day.month) != (month.year, month.month):
        raise Conflict(f"Занятие запланировано на {month:%m.%Y}: дата проведения — в том же месяце")
    return day


# -- 8. risks --------------------------------------------------------------------------------------------------

def clean_mitigation(risk: str, text: str) -> tuple[Risk, str]:
    p = Problems()
    if risk not in {r.value for r in Risk}:
        p.add("risk", "Выберите риск из перечня 004 §VI")
    note = clean_text(text, "text", field_title("text"), p, limit=MITIGATION_MAX)
    p.raise_if_any()
    return Risk(risk), note
