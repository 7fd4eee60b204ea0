"""Read models of monitoring's questionnaires (questionnaires.proto) as :mod:`gateway.adapters.questionnaire_client`
returns them. Answers and who was invited are personal data of the school's inner contour."""

from __future__ import annotations

from gateway.adapters.proto_json import ReadModel
from mentorship.monitoring.v1 import my_questionnaires_pb2 as mpb
from mentorship.monitoring.v1 import questionnaires_pb2 as pb
from mentorship.reporting.v1 import surveys_pb2 as spb


class QuestionRead(ReadModel):
    contract = pb.Question
    id: str
    kind: str
    text: str
    required: bool
    options: list[str]
    scale_min: int
    scale_max: int
    rows: list[str]

    @property
    def scale(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class SectionRead(ReadModel):
    contract = pb.Section
    title: str
    questions: list[QuestionRead]


class QuestionnaireRead(ReadModel):
    contract = pb.Questionnaire
    id: str
    series_id: str
    version: int
    title: str
    purpose: str
    forms: list[str]
    anonymous: bool
    status: str
    sections: list[SectionRead]
    created_at: str
    published_at: str
    responses: int
    invitations: int

    @property
    def questions(self) -> list[QuestionRead]:
        return [q for s in self.sections for q in s.questions]


class ListQuestionnairesResponseRead(ReadModel):
    contract = pb.ListQuestionnairesResponse
    questionnaires: list[QuestionnaireRead]


class RankOptionRead(ReadModel):
    contract = pb.RankOption
    id: str
    label: str


class InvitationRead(ReadModel):
    contract = pb.Invitation
    id: str
    questionnaire_id: str
    respondent_kind: str
    respondent_id: str
    label: str
    pair_id: str
    stage: str
    run_id: str
    who_id: str
    expires_at: str
    used: bool
    created_at: str


class IssuedLinkRead(ReadModel):
    contract = pb.IssuedLink
    invitation: InvitationRead | None = None
    token: str


class InviteResponseRead(ReadModel):
    contract = pb.InviteResponse
    links: list[IssuedLinkRead]


class ListInvitationsResponseRead(ReadModel):
    contract = pb.ListInvitationsResponse
    invitations: list[InvitationRead]


class InvitationFormRead(ReadModel):
    contract = pb.InvitationForm
    questionnaire: QuestionnaireRead | None = None
    options: list[RankOptionRead]
    expires_at: str


class AnswerRead(ReadModel):
    contract = pb.Answer
    question_id: str
    values: list[str]


class AnswerReceiptRead(ReadModel):
    contract = pb.AnswerReceipt
    questionnaire_title: str
    submitted_on: str


class ResponseRead(ReadModel):
    contract = pb.Response
    id: str
    questionnaire_id: str
    channel: str
    submitted_on: str
    answers: list[AnswerRead]
    respondent_kind: str
    respondent_id: str
    label: str
    pair_id: str
    stage: str

    def values(self, question_id: str) -> list[str]:
        return next((a.values for a in self.answers if a.question_id == question_id), [])


class ListResponsesResponseRead(ReadModel):
    contract = pb.ListResponsesResponse
    questionnaire: QuestionnaireRead | None = None
    responses: list[ResponseRead]


class ScaleChangeRead(ReadModel):
    contract = pb.ScaleChange
    key: str
    label: str
    entry_mean: float
    exit_mean: float
    change: float
    participants: int


class DynamicsRead(ReadModel):
    contract = pb.Dynamics
    questionnaire_id: str
    pair_id: str
    scales: list[ScaleChangeRead]
    participants: int
    improved: int
    entry_only: int
    share_improved: float
    pair_ids: list[str]


class AnsweredRankingRead(ReadModel):
    contract = pb.AnsweredRanking
    who_id: str
    ranked_ids: list[str]


class PreferenceRankingsRead(ReadModel):
    contract = pb.PreferenceRankings
    run_id: str
    mentees: list[AnsweredRankingRead]
    mentors: list[AnsweredRankingRead]
    invited: int
    answered: int


class PurposeCountRead(ReadModel):
    contract = spb.PurposeCount
    purpose: str
    answers: int


class SurveyFiguresRowRead(ReadModel):
    contract = spb.SurveyFiguresRow
    unit_id: str
    unit_name: str
    parent_name: str
    answers: list[PurposeCountRead]
    entries: int
    exits: int
    paired_exits: int
    improved: int
    mean_change: float


class SurveyFiguresRead(ReadModel):
    """Анкеты и замеры in numbers per unit and in total (reporting, from monitoring's events; no names)."""

    contract = spb.GetSurveyFiguresResponse
    grouping: str
    rows: list[SurveyFiguresRowRead]
    totals: SurveyFiguresRowRead | None = None


class MyInvitationRead(ReadModel):
    contract = mpb.MyInvitation
    invitation_id: str
    questionnaire_title: str
    purpose: str
    anonymous: bool
    expires_at: str


class ListMyInvitationsResponseRead(ReadModel):
    contract = mpb.ListMyInvitationsResponse
    invitations: list[MyInvitationRead]
