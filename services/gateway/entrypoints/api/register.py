"""The school's register over REST (issue 14 item 1, issue 15 item 5, ADR 025): scientific-practical events and
practices of the school, the expert review by the municipality or the region, and the region's catalogue of best
practices. One policy gate per route; a practice's authors are answered to its own school only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import Field

from gateway.adapters.register_reads import (
    ListEventsResponseRead,
    ListPracticesResponseRead,
    PracticeRead,
    ScientificEventRead,
    SearchCatalogueResponseRead,
)
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.schemas import Strict
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Register, allowed
from gateway.entrypoints.params import Choice, Id, IdFilter, PageToken, SearchText
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Реестр мероприятий и практик"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})

Count = Annotated[int, Field(ge=0, le=100_000)]


class ScientificEventIn(Strict):
    title: Annotated[str, Field(max_length=300)]
    held_on: Annotated[str, Field(max_length=20, description="ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")]
    kind: Annotated[str, Field(max_length=50, description="conference | seminar | round_table | webinar | "
                                                          "master_class | forum | other")]
    level: Annotated[str, Field(max_length=50, description="school | municipal | regional | federal | international")]
    role: Annotated[str, Field(max_length=50, description="held — провела школа; attended — участие в мероприятии "
                                                          "другой организации")]
    host: Annotated[str, Field(max_length=300)] = ""
    participants: Count = 0
    teachers: Count = 0
    partners: Count = 0
    mentors: Count = 0
    mentees: Count = 0


class PracticeIn(Strict):
    title: Annotated[str, Field(max_length=300)]
    forms: Annotated[list[Annotated[str, Field(max_length=50)]], Field(min_length=1, max_length=20)]
    summary: Annotated[str, Field(max_length=2000)] = ""
    authors: Annotated[str, Field(max_length=1000, description="видны только школе")] = ""
    links: Annotated[list[Annotated[str, Field(max_length=500)]], Field(max_length=10, default_factory=list)]


class PublicationIn(Strict):
    published: bool


class DecisionIn(Strict):
    passed: bool
    note: Annotated[str, Field(max_length=2000)] = ""
    review_level: Annotated[str, Field(max_length=50, description="пусто — уровень эксперта; региональный эксперт "
                                                                  "может указать federal")] = ""


# -- scientific-practical events ------------------------------------------------------------------------------------

@router.get("/scientific-events", response_model=ListEventsResponseRead,
            dependencies=[Depends(allowed(Action.REGISTER_READ))])
def list_events(session: CurrentSession, register: Register, org_id: IdFilter = "") -> ListEventsResponseRead:
    """Научно-практические мероприятия школы (свои; муниципалитет и регион — школы по `org_id`). Без имён."""
    return register.events(session.principal, org_id)


@router.post("/scientific-events", status_code=201, response_model=ScientificEventRead,
             dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
def record_event(body: ScientificEventIn, session: ChangingSession, register: Register) -> ScientificEventRead:
    """Записать научно-практическое мероприятие: проведённое школой или участие в мероприятии другой организации
    (показатели 4.1–4.4 Прил. 2)."""
    return register.record_event(session.principal, body.model_dump())


@router.put("/scientific-events/{event_id}", response_model=ScientificEventRead,
            dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
def update_event(event_id: Id, body: ScientificEventIn, session: ChangingSession,
                 register: Register) -> ScientificEventRead:
    return register.update_event(session.principal, event_id, body.model_dump())


@router.delete("/scientific-events/{event_id}", status_code=204,
               dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
def remove_event(event_id: Id, session: ChangingSession, register: Register) -> Response:
    register.remove_event(session.principal, event_id)
    return Response(status_code=204)


# -- practices and their review ------------------------------------------------------------------------------------

@router.get("/practices", response_model=ListPracticesResponseRead,
            dependencies=[Depends(allowed(Action.REGISTER_READ))])
def list_practices(session: CurrentSession, register: Register, state: Choice = "") -> ListPracticesResponseRead:
    """Практики школы; для муниципалитета и региона — практики их школ (очередь экспертизы по `state`)."""
    return register.practices(session.principal, state)


@router.post("/practices", status_code=201, response_model=PracticeRead,
             dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
def record_practice(body: PracticeIn, session: ChangingSession, register: Register) -> PracticeRead:
    """Подать практику наставничества на экспертизу (название, формы, описание, авторы, документы)."""
    return register.record_practice(session.principal, body.model_dump())


@router.get("/practices/{practice_id}", response_model=PracticeRead,
            dependencies=[Depends(allowed(Action.PRACTICE_CATALOGUE))])
def get_practice(practice_id: Id, session: CurrentSession, register: Register) -> PracticeRead:
    return register.practice(session.principal, practice_id)


@router.put("/practices/{practice_id}", response_model=PracticeRead,
            dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
def update_practice(practice_id: Id, body: PracticeIn, session: ChangingSession, register: Register) -> PracticeRead:
    """Исправить поданную или возвращённую практику; возвращённая снова подаётся на экспертизу."""
    return register.update_practice(session.principal, practice_id, body.model_dump())


@router.put("/practices/{practice_id}/publication", response_model=PracticeRead,
            dependencies=[Depends(allowed(Action.REGISTER_RECORD))])
def publish_practice(practice_id: Id, body: PublicationIn, session: ChangingSession,
                     register: Register) -> PracticeRead:
    """Показать прошедшую экспертизу практику в региональном каталоге (или снять её оттуда)."""
    return register.publish_practice(session.principal, practice_id, body.published)


@router.post("/practices/{practice_id}/review", response_model=PracticeRead,
             dependencies=[Depends(allowed(Action.PRACTICE_REVIEW))])
def take_into_review(practice_id: Id, session: ChangingSession, register: Register) -> PracticeRead:
    """Взять поданную практику на экспертизу (муниципальный или региональный эксперт)."""
    return register.take_into_review(session.principal, practice_id)


@router.post("/practices/{practice_id}/decision", response_model=PracticeRead,
             dependencies=[Depends(allowed(Action.PRACTICE_REVIEW))])
def decide_practice(practice_id: Id, body: DecisionIn, session: ChangingSession, register: Register) -> PracticeRead:
    """Заключение экспертизы: практика прошла её или возвращена школе с замечаниями."""
    return register.decide_practice(session.principal, practice_id, passed=body.passed, note=body.note,
                                    review_level=body.review_level)


@router.get("/practice-catalogue", response_model=SearchCatalogueResponseRead,
            dependencies=[Depends(allowed(Action.PRACTICE_CATALOGUE))])
def search_catalogue(session: CurrentSession, register: Register, query: SearchText = "", form: Choice = "",
                     municipality_id: IdFilter = "", page_token: PageToken = "",
                     page_size: Annotated[int, Query(ge=1, le=100)] = 20) -> SearchCatalogueResponseRead:
    """Региональный каталог лучших практик наставничества (000 Прил. 3): прошедшие экспертизу и опубликованные
    школами; поиск по тексту, форме и муниципалитету."""
    return register.search_catalogue(session.principal, query=query, form=form, municipality_id=municipality_id,
                                     page_size=page_size, page_token=page_token)
