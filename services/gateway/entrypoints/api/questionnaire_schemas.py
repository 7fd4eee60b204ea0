"""REST shapes of the questionnaires (issue 13). Value sets and bounds are monitoring's; its rules and their Russian
messages stay there — the bounds here only keep a request the size of the wire."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from gateway.entrypoints.api.schemas import Strict

Short = Annotated[str, Field(max_length=200)]
Wide = 1_000


class QuestionIn(Strict):
    kind: Annotated[str, Field(max_length=20, description="single | multiple | scale | text | matrix | ranking")]
    text: Annotated[str, Field(max_length=500)]
    required: bool = True
    options: Annotated[list[Short], Field(max_length=30, default_factory=list)]
    scale_min: Annotated[int, Field(ge=-Wide, le=Wide)] = 0
    scale_max: Annotated[int, Field(ge=-Wide, le=Wide)] = 0
    rows: Annotated[list[Short], Field(max_length=20, default_factory=list)]


class SectionIn(Strict):
    title: Short
    questions: Annotated[list[QuestionIn], Field(max_length=100)]


class QuestionnaireIn(Strict):
    title: Short
    purpose: Annotated[str, Field(max_length=50)]
    forms: Annotated[list[Annotated[str, Field(max_length=50)]], Field(max_length=20)]
    anonymous: bool = False
    sections: Annotated[list[SectionIn], Field(max_length=10)]


class InviteeIn(Strict):
    respondent_kind: Annotated[str, Field(max_length=20, description="mentor | mentee | curator | participant")]
    respondent_id: Annotated[str, Field(max_length=100)] = ""
    label: Short = ""
    pair_id: Annotated[str, Field(max_length=100)] = ""
    stage: Annotated[str, Field(max_length=10, description="entry | exit — для анкеты замера")] = ""


class InvitationsIn(Strict):
    invitees: Annotated[list[InviteeIn], Field(min_length=1, max_length=500)]
    valid_days: Annotated[int, Field(ge=0, le=Wide, description="Срок ссылки, дней (1..90; 0 — 14 дней)")] = 0


class AnswerIn(Strict):
    question_id: Annotated[str, Field(max_length=20)]
    values: Annotated[list[Annotated[str, Field(max_length=2001)]], Field(max_length=200)]


class PaperAnswerIn(Strict):
    answers: Annotated[list[AnswerIn], Field(max_length=100)]
    respondent_kind: Annotated[str, Field(max_length=20)] = "participant"
    respondent_id: Annotated[str, Field(max_length=100)] = ""
    label: Short = ""
    pair_id: Annotated[str, Field(max_length=100)] = ""
    stage: Annotated[str, Field(max_length=10)] = ""


class MyAnswerIn(Strict):
    answers: Annotated[list[AnswerIn], Field(max_length=100)]


class PreferenceInvitationsIn(Strict):
    questionnaire_id: Annotated[str, Field(max_length=100)]
    valid_days: Annotated[int, Field(ge=0, le=Wide)] = 0
