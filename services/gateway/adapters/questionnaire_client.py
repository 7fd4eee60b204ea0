"""Monitoring's questionnaires as the gateway uses them (questionnaires.proto); replies are read models of
:mod:`gateway.adapters.questionnaire_reads`. A link's page calls :meth:`open_invitation` and
:meth:`answer_invitation` as ``system:respondent``: the token is the only key (ADR 012)."""

from __future__ import annotations

from typing import Any

import grpc

from gateway.adapters.questionnaire_reads import (
    AnswerReceiptRead,
    DynamicsRead,
    InvitationFormRead,
    InviteResponseRead,
    ListInvitationsResponseRead,
    ListMyInvitationsResponseRead,
    ListQuestionnairesResponseRead,
    ListResponsesResponseRead,
    PreferenceRankingsRead,
    QuestionnaireRead,
    SurveyFiguresRead,
)
from gateway.adapters.read_cache import ReadCache
from gateway.adapters.service_clients import _Client
from mentorship.monitoring.v1 import my_questionnaires_pb2 as mpb
from mentorship.monitoring.v1 import my_questionnaires_pb2_grpc, questionnaires_pb2_grpc
from mentorship.monitoring.v1 import questionnaires_pb2 as pb
from mentorship.reporting.v1 import reporting_pb2, surveys_pb2, surveys_pb2_grpc
from mentorship_kit.internal_token import TokenIssuer
from mentorship_kit.principal import Principal

RESPONDENT = Principal.system("respondent")


def _sections(sections: list[dict[str, Any]]) -> list[pb.Section]:
    return [pb.Section(title=str(s.get("title", "")), questions=[
        pb.Question(kind=str(q.get("kind", "")), text=str(q.get("text", "")), required=bool(q.get("required", True)),
                    options=[str(o) for o in q.get("options", [])], scale_min=int(q.get("scale_min", 0)),
                    scale_max=int(q.get("scale_max", 0)), rows=[str(r) for r in q.get("rows", [])])
        for q in s.get("questions", [])]) for s in sections]


def _answers(answers: dict[str, list[str]]) -> list[pb.Answer]:
    return [pb.Answer(question_id=k, values=v) for k, v in answers.items()]


class QuestionnaireClient(_Client):
    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer) -> None:
        super().__init__(channel, issuer)
        self._q = questionnaires_pb2_grpc.QuestionnaireServiceStub(channel)
        self._my = my_questionnaires_pb2_grpc.MyQuestionnaireServiceStub(channel)

    # ---- «Мои анкеты» of a signed-in participant: the participant is the caller's, never a parameter
    def my_invitations(self, p: Principal) -> ListMyInvitationsResponseRead:
        return ListMyInvitationsResponseRead.of(self._call(self._my.ListMyInvitations,
                                                           mpb.ListMyInvitationsRequest(), p))

    def open_my_invitation(self, p: Principal, invitation_id: str) -> InvitationFormRead:
        return InvitationFormRead.of(self._call(self._my.OpenMyInvitation,
                                                mpb.MyInvitationRef(invitation_id=invitation_id), p))

    def answer_my_invitation(self, p: Principal, invitation_id: str,
                             answers: dict[str, list[str]]) -> AnswerReceiptRead:
        request = mpb.AnswerMyInvitationRequest(invitation_id=invitation_id, answers=_answers(answers))
        return AnswerReceiptRead.of(self._call(self._my.AnswerMyInvitation, request, p))

    def templates(self, p: Principal) -> ListQuestionnairesResponseRead:
        return ListQuestionnairesResponseRead.of(self._call(self._q.ListTemplates, pb.ListTemplatesRequest(), p))

    def copy_template(self, p: Principal, key: str) -> QuestionnaireRead:
        return QuestionnaireRead.of(self._call(self._q.CopyTemplate, pb.CopyTemplateRequest(template_key=key), p))

    def listing(self, p: Principal, purpose: str = "") -> ListQuestionnairesResponseRead:
        return ListQuestionnairesResponseRead.of(self._call(self._q.ListQuestionnaires,
                                                            pb.ListQuestionnairesRequest(purpose=purpose), p))

    def get(self, p: Principal, questionnaire_id: str) -> QuestionnaireRead:
        return QuestionnaireRead.of(self._call(self._q.GetQuestionnaire,
                                               pb.QuestionnaireRef(questionnaire_id=questionnaire_id), p))

    def save(self, p: Principal, questionnaire_id: str, *, title: str, purpose: str, forms: list[str],
             anonymous: bool, sections: list[dict[str, Any]]) -> QuestionnaireRead:
        request = pb.SaveQuestionnaireRequest(questionnaire_id=questionnaire_id, title=title, purpose=purpose,
                                              forms=forms, anonymous=anonymous, sections=_sections(sections))
        return QuestionnaireRead.of(self._call(self._q.SaveQuestionnaire, request, p))

    def publish(self, p: Principal, questionnaire_id: str) -> QuestionnaireRead:
        return QuestionnaireRead.of(self._call(self._q.PublishQuestionnaire,
                                               pb.QuestionnaireRef(questionnaire_id=questionnaire_id), p))

    def new_version(self, p: Principal, questionnaire_id: str) -> QuestionnaireRead:
        return QuestionnaireRead.of(self._call(self._q.NewVersion,
                                               pb.QuestionnaireRef(questionnaire_id=questionnaire_id), p))

    def invite(self, p: Principal, questionnaire_id: str, invitees: list[dict[str, Any]],
               valid_days: int = 0) -> InviteResponseRead:
        request = pb.InviteRequest(questionnaire_id=questionnaire_id, valid_days=valid_days, invitees=[
            pb.Invitee(**{k: v for k, v in i.items() if k != "options"},
                       options=[pb.RankOption(id=o["id"], label=o["label"]) for o in i.get("options", [])])
            for i in invitees])
        return InviteResponseRead.of(self._call(self._q.Invite, request, p))

    def invitations(self, p: Principal, questionnaire_id: str) -> ListInvitationsResponseRead:
        return ListInvitationsResponseRead.of(self._call(self._q.ListInvitations,
                                                         pb.QuestionnaireRef(questionnaire_id=questionnaire_id), p))

    def open_invitation(self, token: str) -> InvitationFormRead:
        return InvitationFormRead.of(self._call(self._q.OpenInvitation, pb.TokenRequest(token=token), RESPONDENT))

    def answer_invitation(self, token: str, answers: dict[str, list[str]]) -> AnswerReceiptRead:
        request = pb.AnswerInvitationRequest(token=token, answers=_answers(answers))
        return AnswerReceiptRead.of(self._call(self._q.AnswerInvitation, request, RESPONDENT))

    def record_paper(self, p: Principal, questionnaire_id: str, answers: dict[str, list[str]], *,
                     respondent_kind: str = "participant", respondent_id: str = "", label: str = "",
                     pair_id: str = "", stage: str = "") -> AnswerReceiptRead:
        request = pb.PaperAnswerRequest(questionnaire_id=questionnaire_id, answers=_answers(answers),
                                        respondent_kind=respondent_kind, respondent_id=respondent_id, label=label,
                                        pair_id=pair_id, stage=stage)
        return AnswerReceiptRead.of(self._call(self._q.RecordPaperAnswer, request, p))

    def responses(self, p: Principal, questionnaire_id: str) -> ListResponsesResponseRead:
        return ListResponsesResponseRead.of(self._call(self._q.ListResponses,
                                                       pb.QuestionnaireRef(questionnaire_id=questionnaire_id), p))

    def dynamics(self, p: Principal, questionnaire_id: str, pair_id: str = "") -> DynamicsRead:
        return DynamicsRead.of(self._call(self._q.GetDynamics,
                                          pb.DynamicsRequest(questionnaire_id=questionnaire_id, pair_id=pair_id), p))

    def preference_rankings(self, p: Principal, run_id: str) -> PreferenceRankingsRead:
        return PreferenceRankingsRead.of(self._call(self._q.GetPreferenceRankings,
                                                    pb.PreferenceRankingsRequest(run_id=run_id), p))


class SurveyFiguresClient(_Client):
    """Reporting's figures of the questionnaires (surveys.proto): counts and means per unit in the caller's reach."""

    def __init__(self, channel: grpc.Channel, issuer: TokenIssuer, *, cache: ReadCache | None = None) -> None:
        super().__init__(channel, issuer, cache=cache)
        self._figures = surveys_pb2_grpc.SurveyFiguresServiceStub(channel)

    def survey_figures(self, p: Principal, *, grouping: str | None) -> SurveyFiguresRead:
        value = reporting_pb2.Grouping.Value(f"GROUPING_{grouping.upper()}") if grouping \
            else reporting_pb2.GROUPING_UNSPECIFIED
        return self._read(self._figures.GetSurveyFigures, surveys_pb2.GetSurveyFiguresRequest(grouping=value), p,
                          SurveyFiguresRead.of)
