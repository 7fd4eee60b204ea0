"""REST shapes: separate Create and Read models; value sets come from the proto contracts.

Limits here only guard the gateway (no megabyte strings travel on); the precise rules and their
Russian messages belong to the services' domains. Read models of what the services return live beside their
clients (``gateway.adapters.*_reads``); the ones here are the gateway's own. All are ``ReadModel``s: frozen,
refusing unknown fields (the convention: ``gateway.adapters.proto_json``).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from gateway.adapters.proto_json import ReadModel
from gateway.adapters.service_clients import GROUPINGS, ORGANISATION_KINDS

OrganisationKindName = enum.StrEnum("OrganisationKindName", {v: v for v in ORGANISATION_KINDS})  # type: ignore[misc]
GroupingName = enum.StrEnum("GroupingName", {v: v for v in GROUPINGS})  # type: ignore[misc]

GuardedText = Annotated[str, Field(max_length=2000)]
Tags = Annotated[list[Annotated[str, Field(max_length=2000)]], Field(max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginRequest(Strict):
    username: Annotated[str, Field(max_length=200)]
    password: Annotated[str, Field(max_length=200)]


class UserRead(ReadModel):
    id: str
    username: str
    display_name: str
    role: str
    role_title: str
    scope: str
    org_id: str | None
    municipality_id: str | None
    region_id: str | None
    identity_provider: str
    participant_id: str | None = Field(None, description="Наставник или наставляемый: его карточка (ADR 010)")


class SessionRead(ReadModel):
    user: UserRead
    csrf_token: str = Field(description="Send back as the X-CSRF-Token header on every change")




class RegionCreate(Strict):
    name: GuardedText
    code: Annotated[str, Field(max_length=100)]



class MunicipalityCreate(Strict):
    region_id: Annotated[str, Field(max_length=100)]
    name: GuardedText
    code: Annotated[str, Field(max_length=100)]



class OrganisationCreate(Strict):
    municipality_id: Annotated[str, Field(max_length=100)]
    name: GuardedText
    kind: OrganisationKindName
    code: Annotated[str, Field(max_length=100)]



class StaffAccountCreate(Strict):
    username: Annotated[str, Field(max_length=100, description="Логин: латиница, цифры, «.», «_», «-»")]
    display_name: GuardedText = Field(description="ФИО сотрудника")
    email: Annotated[str, Field(max_length=300)]
    role: Annotated[str, Field(max_length=50, description="school_director | school_curator | "
                                                          "school_psychologist (наставники и наставляемые-педагоги "
                                                          "получают вход из своей карточки)")]


class StaffAccountRead(ReadModel):
    id: str
    username: str
    display_name: str
    role: str
    role_title: str
    active: bool
    identity_provider: str
    one_time_password: str | None = Field(None, description="Только в ответе на создание, в локальном режиме")
    participant_id: str | None = Field(None, description="Карточка наставника или наставляемого, чей это вход")


class FirstLoginCreate(Strict):
    role: Annotated[str, Field(max_length=50, description="school_curator | school_director (организация), "
                                                          "municipal_curator (муниципалитет), "
                                                          "regional_operator, tutor (регион)")]
    target_id: Annotated[str, Field(max_length=64, description="id организации, муниципалитета или региона")]
    display_name: GuardedText = Field(description="ФИО")
    email: Annotated[str, Field(max_length=300)]
    username: Annotated[str, Field(max_length=100, description="Логин; по умолчанию — из адреса e-mail")] = ""


class RosterRowRead(ReadModel):
    row: int
    organisation: str
    kind: str
    municipality: str
    curator_name: str
    email: str
    org_id: str = Field("", description="Пусто в предпросмотре, если организация будет создана")
    organisation_created: bool = Field(False, description="Организации ещё нет: будет (или была) создана")
    municipality_created: bool = False
    curator_created: bool = Field(False, description="У организации ещё нет куратора: учётная запись будет создана")
    username: str = ""
    one_time_password: str | None = Field(None, description="Только в ответе на подтверждение, в локальном режиме")


class RosterProblemRead(ReadModel):
    row: int
    column: str
    message: str


class RosterRead(ReadModel):
    id: str
    region_id: str
    filename: str
    status: str = Field(description="preview — ничего не записано; confirmed — записано")
    organisations_new: int
    municipalities_new: int
    curators_new: int
    problem_rows: int
    rows: list[RosterRowRead]
    problems: list[RosterProblemRead]


class AuditEntryRead(ReadModel):
    at: datetime
    username: str
    roles: list[str]
    action: str
    subject: str
    records: int
    endpoint: str
    client_ip: str
    user_agent: str


class ErrorItem(ReadModel):
    field: str
    message: str


class ErrorResponse(ReadModel):
    detail: str
    errors: list[ErrorItem] = Field(default_factory=list)


class JuryLoginRead(ReadModel):
    """A login of the region with the jury role: whom a contest's organiser may put on its jury (ADR 023)."""

    user_id: str
    full_name: str
