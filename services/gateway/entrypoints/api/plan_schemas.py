"""REST shapes of the pair's plan document. Lengths are bounded here only to fit the wire; the rules and their
Russian messages (terms, dates, empty titles) are monitoring's."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field

from gateway.entrypoints.api.meeting_schemas import Day, Wide
from gateway.entrypoints.api.schemas import Strict

Deficit = Annotated[str, Field(max_length=500)]



class PlanParty(enum.StrEnum):
    mentor = "mentor"
    curator = "curator"


class PlanProgress(enum.StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"



class PlanItemIn(Strict):
    """Мероприятие программы (или цель плана развития): срок и ожидаемый продукт; ``id`` — у уже сохранённого."""

    id: Annotated[str, Field(max_length=100)] = ""
    title: Annotated[str, Field(max_length=300)]
    due_on: Day
    expected_product: Annotated[str, Field(max_length=1000)] = ""


class PlanDocumentIn(Strict):
    """Черновик персонализированной программы (педагог) или индивидуального плана развития (обучающийся)."""

    term_start: Day
    term_end: Day
    deficits: Annotated[list[Deficit], Field(default_factory=list, max_length=30,
                                             description="Профессиональные дефициты")]
    final_product: Annotated[str, Field(max_length=2000)] = ""
    items: Annotated[list[PlanItemIn], Field(max_length=60)]


class PlanAgreementIn(Strict):
    """Согласование версии плана: наставником (куратор записывает с бумаги) или куратором."""

    party: PlanParty
    version: Annotated[int, Field(ge=-Wide, le=Wide)]


class PlanProgressIn(Strict):
    progress: PlanProgress
    on: Day
    note: Annotated[str, Field(max_length=1000)] = ""
