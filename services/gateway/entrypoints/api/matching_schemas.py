"""REST shapes of matching: what a curator sends to start, edit and publish a run and to close a pair. Value sets
come from the proto contract; the rules and their Russian messages belong to matching's domain."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import Field

from gateway.entrypoints.api.schemas import Strict
from mentorship.matching.v1 import matching_pb2 as pb
from mentorship.registry.v1 import participants_pb2 as rpb
from mentorship_kit.proto_enums import names

ModeName = enum.StrEnum("ModeName", {v: v for v in names(pb.MatchingMode)})  # type: ignore[misc]
ObjectiveName = enum.StrEnum("ObjectiveName", {v: v for v in names(pb.Objective)})  # type: ignore[misc]
PairKindName = enum.StrEnum("PairKindName", {v: v for v in names(pb.PairKind)})  # type: ignore[misc]
ReportingName = enum.StrEnum("ReportingName", {v: v for v in names(pb.Reporting)})  # type: ignore[misc]
PairStatusName = enum.StrEnum("PairStatusName", {v: v for v in names(pb.PairStatus)})  # type: ignore[misc]
PairResultName = enum.StrEnum("PairResultName", {v: v for v in names(pb.PairResult)})  # type: ignore[misc]
PetitionKindName = enum.StrEnum("PetitionKindName", {v: v for v in names(pb.PetitionKind)})  # type: ignore[misc]
FormName = enum.StrEnum("FormName", {v: v for v in names(rpb.MentoringForm)})  # type: ignore[misc]

Weight = Annotated[int, Field(ge=0, le=100)]
Id = Annotated[str, Field(max_length=100)]
RunVersion = Annotated[int, Field(ge=0, le=2**62, description="Версия прогона, которую видел куратор; 0 — не сверять")]


class WeightsIn(Strict):
    """Веса признаков, 0..100; не указанные — по умолчанию."""

    topics: Weight = 10
    subjects: Weight = 6
    experience: Weight = 1
    age_group: Weight = 5
    hours: Weight = 1
    same_org: Weight = 3
    compatibility: Weight = 5
    experience_gap: Weight = 1


GroupSize = Annotated[int, Field(ge=1, le=30)]


class RunCreate(Strict):
    mode: ModeName = ModeName("optimal")
    objective: ObjectiveName = ObjectiveName("max_score")
    weights: WeightsIn | None = None
    top_k: Annotated[int, Field(ge=1, le=20)] = 3
    group_min: GroupSize = Field(2, description="Режимы group/team: наименьший размер группы у наставника")
    group_max: GroupSize = Field(5, description="Наибольший размер группы; не больше свободных мест наставника")
    team_mentors: Annotated[int, Field(ge=2, le=5)] = Field(2, description="Режим team: наставников в команде")


class AssignmentCreate(Strict):
    request_id: Id
    mentor_id: Id
    confirm_warnings: bool = False
    version: RunVersion = 0


class PublishIn(Strict):
    version: RunVersion = 0
    kind: PairKindName = PairKindName("individual")
    reporting: ReportingName = ReportingName("monthly")
    term_months: Annotated[int, Field(ge=1, le=36)] = 9


class MentorConsentIn(Strict):
    """The mentor's written consent to be appointed (004 §4.1)."""

    consent_on: Annotated[str, Field(min_length=1, max_length=10, description="Дата согласия, ГГГГ-ММ-ДД")]
    document: Annotated[str, Field(min_length=1, max_length=300, description="Реквизиты письменного согласия")]
    version: RunVersion = 0


class PairCloseIn(Strict):
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    version: RunVersion = 0


MarkName = enum.StrEnum("MarkName", {v: v for v in ("high", "medium", "low")})  # type: ignore[misc]


class CompatibilityIn(Strict):
    """«Оценка педагога-психолога» совместимости наставника и наставляемого (004 §3.5)."""

    mentor_id: Id
    mentee_id: Id
    mark: MarkName = Field(description="high — высокая, medium — средняя, low — низкая")
    assessed_on: Annotated[str, Field(min_length=1, max_length=10, description="Дата оценки, ГГГГ-ММ-ДД")]
    note: Annotated[str, Field(max_length=500)] = ""


class PairCompleteIn(Strict):
    """Normal end of a pair: its outcome and result; before the term only with ``confirm_early``."""

    outcome: Annotated[str, Field(min_length=1, max_length=500, description="Итог наставничества, кратко")]
    result: PairResultName
    confirm_early: bool = False
    version: RunVersion = 0


class PetitionIn(Strict):
    """The mentee's petition to replace the mentor, or the mentor's request to be released (004 §5.2)."""

    kind: PetitionKindName
    filed_on: Annotated[str, Field(min_length=1, max_length=10, description="Дата обращения, ГГГГ-ММ-ДД")]
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    version: RunVersion = 0


class PetitionDecisionIn(Strict):
    approve: bool
    comment: Annotated[str, Field(max_length=500, description="Обязателен при отказе")] = ""
    version: RunVersion = 0


class ReplacementIn(Strict):
    mentor_id: Id
    version: RunVersion = 0


class GroupCloseIn(Strict):
    """Early end of a group by the curator: the members still in it get their requests back."""

    reason: Annotated[str, Field(min_length=1, max_length=500, description="Причина закрытия группы")]
    version: RunVersion = 0


class GroupCompleteIn(Strict):
    """Normal end of a group: its outcome; the members' requests stay matched."""

    outcome: Annotated[str, Field(min_length=1, max_length=500, description="Итог работы группы, кратко")]
    version: RunVersion = 0
    team_outcome: Literal["", "mentor_team", "rip_inko_consulting", "rip_inko_internship"] = Field(
        "", description="Только «команда – команда»: команда наставляемых стала командой наставников "
                        "(в том числе консультационным центром или стажировочной площадкой РИП-ИнКО) — 3.10")
