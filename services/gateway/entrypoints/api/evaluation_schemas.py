"""REST shapes of the program evaluation (001 §6) and of a pair's student outcomes (000 App. 2, 3.5 / 3.6). Bounds fit
the wire; the rules (0/1/2, all nine indicators, a correction's reason) and their Russian messages are monitoring's."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from gateway.adapters.evaluation_reads import MentorEvidenceRead
from gateway.adapters.participant_reads import LevelChangeRead, TrainingRead
from gateway.adapters.proto_json import ReadModel
from gateway.entrypoints.api.schemas import Strict

Score = Annotated[int, Field(ge=-1_000, le=1_000, description="0, 1 или 2 балла")]


class EvaluationCreate(Strict):
    """The nine indicators of 001 §6 scored 0/1/2 (keys: docs/indicators.md «Оценка программы»)."""

    scores: Annotated[dict[Annotated[str, Field(max_length=50)], Score], Field(max_length=20)]
    notes: Annotated[dict[Annotated[str, Field(max_length=50)], Annotated[str, Field(max_length=1000)]],
                     Field(max_length=20, default_factory=dict)]
    commission: Annotated[str, Field(max_length=1000, description="Куратор или члены комиссии (текстом)")] = ""
    reason: Annotated[str, Field(max_length=1000, description="Причина исправления завершённой оценки")] = ""
    based_on_version: Annotated[int, Field(ge=0, le=1_000_000, description="Исправляемая версия; 0 — первая")] = 0


class OutcomeIn(Strict):
    academic_improved: bool = Field(description="3.5: успеваемость наставляемого повысилась")
    contest_prepared: bool = Field(description="3.6: подготовлен к участию в конкурсах, олимпиадах")
    management_reserve: bool = Field(False, description="3.1 (пара «учитель – учитель»): вошёл в кадровый резерв")
    project_lead: bool = Field(False, description="3.2: подготовлен к руководству проектами")
    pro_contest: bool = Field(False, description="3.3: участвует в конкурсах профессионального мастерства")
    note: Annotated[str, Field(max_length=1000)] = ""


class MentorContestRead(ReadModel):
    """A mentor's application to a contest of the platform and its award (ADR 023), for the evidence sheet."""

    contest_id: str
    contest_title: str
    nomination: str
    subject_kind: str
    state: str
    award: str
    place: int
    submitted_at: str


class MentorEvidenceSheetRead(ReadModel):
    """The evidence sheet of a mentor (001 §7, 000 Q11): the level and its history and trainings from the mentor
    card (registry), the work's counts from monitoring."""

    mentor_id: str
    person_id: str
    full_name: str
    level: str
    level_history: list[LevelChangeRead]
    trainings: list[TrainingRead]
    training_hours: int
    work: MentorEvidenceRead
    contests: Annotated[list[MentorContestRead], Field(default_factory=list)]
