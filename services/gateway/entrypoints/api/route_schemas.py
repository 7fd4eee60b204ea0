"""REST shapes of the individual routes (ИОМ, ADR 011). Lengths are bounded here only to fit the wire; the rules
and their Russian messages (4-5 years, scores 1-5, the 8 areas, deadlines inside the route's year) are monitoring's."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from gateway.entrypoints.api.meeting_schemas import Day, Wide
from gateway.entrypoints.api.schemas import Strict


class RouteCreate(Strict):
    """ИОМ педагога — сотрудника школы: срок 4 или 5 лет и самоопределение (желаемый образ себя-профессионала)."""

    teacher_person_id: Annotated[str, Field(max_length=100)]
    years: Annotated[int, Field(ge=-Wide, le=Wide)]
    starts_on: Day
    ideal_image: Annotated[str, Field(max_length=2000)] = ""


class RouteConsentIn(Strict):
    """Согласие педагога на тьюторское сопровождение: дата и номер документа."""

    consent_on: Day
    consent_document: Annotated[str, Field(max_length=100)]


class TutorAssignmentIn(Strict):
    tutor_user_id: Annotated[str, Field(max_length=200, description="Из списка GET /api/v1/routes/tutors")]


class AreaScoreIn(Strict):
    area: Annotated[str, Field(max_length=50)]
    score: Annotated[int, Field(ge=-Wide, le=Wide, description="1–5")]
    comment: Annotated[str, Field(max_length=300)] = ""


class DiagnosisIn(Strict):
    """Самодиагностика по 8 областям профессиональных компетенций; каждая сохраняется с датой."""

    taken_on: Day
    scores: Annotated[list[AreaScoreIn], Field(max_length=8)]


class RouteItemIn(Strict):
    """Мероприятие дорожной карты ИОМ: год маршрута, форма, срок, ожидаемый продукт."""

    year: Annotated[int, Field(ge=-Wide, le=Wide)]
    title: Annotated[str, Field(max_length=300)]
    form: Annotated[str, Field(max_length=50)]
    due_on: Day
    product: Annotated[str, Field(max_length=1000)] = ""


class RouteItemStatusIn(Strict):
    status: Annotated[str, Field(max_length=20, description="planned | in_progress | done")]
    on: Annotated[str, Field(max_length=10, description="ГГГГ-ММ-ДД; по умолчанию сегодня")] = ""
    product: Annotated[str, Field(max_length=1000, description="Полученный педагогический продукт")] = ""


class RouteNoteIn(Strict):
    kind: Annotated[str, Field(max_length=20, description="reflection | comment")]
    text: Annotated[str, Field(max_length=2000)]
