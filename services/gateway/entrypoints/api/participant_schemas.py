"""REST shapes of the school's bases. Value sets come from the proto contracts; the precise rules and their
Russian messages belong to the registry's domain, so limits here only guard the gateway. What the routes answer
are the read models of ``gateway.adapters.participant_reads``."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field

from gateway.entrypoints.api.schemas import GuardedText, Strict, Tags
from mentorship.registry.v1 import participants_pb2 as pb
from mentorship.registry.v1 import persons_pb2 as ppb
from mentorship_kit.proto_enums import names


def _values(proto_enum: object, *, blank: bool = False) -> dict[str, str]:
    """Member name → REST value; the blank value (any / not chosen) is the member ``any``."""
    return {v or "any": v for v in ([""] if blank else []) + names(proto_enum)}


# The functional Enum API at module level is what mypy understands as a type.
PersonKindName = enum.StrEnum("PersonKindName", _values(ppb.PersonKind))  # type: ignore[misc]
ConsentPurposeName = enum.StrEnum("ConsentPurposeName", _values(ppb.ConsentPurpose))  # type: ignore[misc]
ConsentGiverName = enum.StrEnum("ConsentGiverName", _values(ppb.ConsentGiver))  # type: ignore[misc]
OriginName = enum.StrEnum("OriginName", _values(pb.MentorOrigin))  # type: ignore[misc]
AgeGroupName = enum.StrEnum("AgeGroupName", _values(pb.AgeGroup, blank=True))  # type: ignore[misc]
LevelName = enum.StrEnum("LevelName", _values(pb.MentorLevel))  # type: ignore[misc]
CategoryName = enum.StrEnum("CategoryName", _values(pb.MenteeCategory))  # type: ignore[misc]
FormName = enum.StrEnum("FormName", _values(pb.MentoringForm, blank=True))  # type: ignore[misc]
SourceName = enum.StrEnum("SourceName", _values(pb.RequestSource))  # type: ignore[misc]
RequestStatusName = enum.StrEnum("RequestStatusName", _values(pb.RequestStatus))  # type: ignore[misc]

Short = Annotated[str, Field(max_length=300)]
# Bounds wide enough for every rule of the domain, narrow enough for the contracts' int32/int64.
Count = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
Version = Annotated[int, Field(ge=1, le=2**62, description="Версия, которую видел редактор; устаревшая — 409")]
Id = Annotated[str, Field(max_length=100)]


class PersonIn(Strict):
    kind: PersonKindName = Field(description="student | staff | external")
    external_key: Short = Field("", description="Табельный номер / номер личного дела: ключ повторной загрузки")
    last_name: Short
    first_name: Short
    middle_name: Short = ""
    birth_date: Short = Field("", description="ДД.ММ.ГГГГ или ГГГГ-ММ-ДД; обязательна для обучающихся")
    class_name: Short = Field("", description="Класс обучающегося школы, например 7Б")
    guardian_name: Short = ""
    guardian_contact: Short = ""
    position: Short = ""
    hired_on: Short = Field("", description="Дата приёма на работу в эту организацию (сотрудники)")
    education: GuardedText = ""
    affiliation: Short = Field("", description="Место работы или учёбы внешнего участника")
    email: Short = ""
    phone: Short = ""
    pedagogical_since: Short = Field("", description="Начало педагогического стажа (сотрудники): «молодой "
                                                     "специалист» — стаж до 3 лет")
    course_year: Short = Field("", description="Курс студента колледжа (СПО), 1–5; у школьников — класс")


class PersonUpdate(PersonIn):
    version: Version


class ConsentIn(Strict):
    purpose: ConsentPurposeName = Field(description="participation | regional_base")
    given_by: ConsentGiverName = Field(description="self | guardian (за несовершеннолетнего)")
    giver_name: Short = ""
    document_ref: Short = Field("", description="Реквизиты отдельного документа согласия")
    text_version: Annotated[str, Field(max_length=50)] = ""
    given_on: Short = Field("", description="Пусто — сегодня")


class ConsentWithdrawal(Strict):
    withdrawn_on: Short = ""
    reason: GuardedText = ""


class MentorCardIn(Strict):
    origin: OriginName
    education: GuardedText = ""
    position: Short = ""
    experience_years: Count = 0
    life_experience: GuardedText = ""
    subjects: Tags = Field(default_factory=list)
    competencies: Tags = Field(default_factory=list, description="Из словаря компетенций школы")
    interests: Tags = Field(default_factory=list)
    age_group: AgeGroupName = AgeGroupName("")
    hours_per_month: Count = 0
    capacity: Count = Field(description="Сколько наставляемых может вести (1–30)")


class MentorCreate(MentorCardIn):
    person_id: Id = Field(description="Человек из списков школы с действующим согласием")


class MentorUpdate(MentorCardIn):
    version: Version


class LevelChangeIn(Strict):
    """The level moves only forward; ``correction`` (with its own reason) is required to move it back."""

    level: LevelName
    reason: GuardedText
    correction: bool = False


class TrainingIn(Strict):
    course: Short
    hours: Count
    completed_on: Short
    provider: Short = ""


class AgreementIn(Strict):
    number: Short
    date: Short


class DeactivationIn(Strict):
    reason: GuardedText = Field(description="Почему человек выходит из базы: уволился, выпустился, …")


class CompetencyIn(Strict):
    term: Short


class MenteeCreate(Strict):
    person_id: Id
    categories: Annotated[list[CategoryName], Field(max_length=20)]
    notes: GuardedText = ""


class MenteeUpdate(Strict):
    categories: Annotated[list[CategoryName], Field(max_length=20)]
    notes: GuardedText = ""
    version: Version


class RequestCreate(Strict):
    mentee_id: Id
    topics: Tags = Field(default_factory=list)
    goal: GuardedText = ""
    desired_form: FormName = FormName("")
    source: SourceName


class RequestStatusIn(Strict):
    status: RequestStatusName
    reason: GuardedText = ""

