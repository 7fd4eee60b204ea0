"""gRPC servicer of the questionnaires (questionnaires.proto): messages in, use cases, messages out."""

from __future__ import annotations

from typing import TypeAlias

import grpc

from mentorship.monitoring.v1 import my_questionnaires_pb2 as my_pb
from mentorship.monitoring.v1 import my_questionnaires_pb2_grpc, questionnaires_pb2_grpc
from mentorship.monitoring.v1 import questionnaires_pb2 as pb
from mentorship_kit.grpc_server import ServicerBase
from monitoring.adapters import questionnaire_codec as codec
from monitoring.service_layer import questionnaire_handlers as h
from monitoring.service_layer.questionnaire_unit_of_work import QuestionnaireUnitOfWork

Ctx: TypeAlias = grpc.ServicerContext


class QuestionnaireServicer(ServicerBase[QuestionnaireUnitOfWork],
                            questionnaires_pb2_grpc.QuestionnaireServiceServicer):
    def ListTemplates(self, request: pb.ListTemplatesRequest, context: Ctx) -> pb.ListQuestionnairesResponse:
        return pb.ListQuestionnairesResponse(questionnaires=[codec.questionnaire_msg(q)
                                                             for q in h.list_templates(self.uow())])

    def CopyTemplate(self, request: pb.CopyTemplateRequest, context: Ctx) -> pb.Questionnaire:
        return codec.listed_msg(h.copy_template(request.template_key, self.uow()))

    def ListQuestionnaires(self, request: pb.ListQuestionnairesRequest, context: Ctx) -> pb.ListQuestionnairesResponse:
        return pb.ListQuestionnairesResponse(questionnaires=[codec.listed_msg(x)
                                                             for x in h.list_questionnaires(request.purpose,
                                                                                            self.uow())])

    def GetQuestionnaire(self, request: pb.QuestionnaireRef, context: Ctx) -> pb.Questionnaire:
        return codec.listed_msg(h.get_questionnaire(request.questionnaire_id, self.uow()))

    def SaveQuestionnaire(self, request: pb.SaveQuestionnaireRequest, context: Ctx) -> pb.Questionnaire:
        return codec.listed_msg(h.save_questionnaire(request.questionnaire_id, codec.draft_of(request), self.uow()))

    def PublishQuestionnaire(self, request: pb.QuestionnaireRef, context: Ctx) -> pb.Questionnaire:
        return codec.listed_msg(h.publish_questionnaire(request.questionnaire_id, self.uow()))

    def NewVersion(self, request: pb.QuestionnaireRef, context: Ctx) -> pb.Questionnaire:
        return codec.listed_msg(h.new_version(request.questionnaire_id, self.uow()))

    def Invite(self, request: pb.InviteRequest, context: Ctx) -> pb.InviteResponse:
        issued = h.invite(request.questionnaire_id, [codec.invitee_of(i) for i in request.invitees],
                          request.valid_days, self.uow())
        return pb.InviteResponse(links=[pb.IssuedLink(invitation=codec.invitation_msg(inv), token=token)
                                        for inv, token in issued])

    def ListInvitations(self, request: pb.QuestionnaireRef, context: Ctx) -> pb.ListInvitationsResponse:
        return pb.ListInvitationsResponse(invitations=[codec.invitation_msg(i)
                                                       for i in h.invitations(request.questionnaire_id, self.uow())])

    def OpenInvitation(self, request: pb.TokenRequest, context: Ctx) -> pb.InvitationForm:
        q, options, expires_at = h.open_invitation(request.token, self.uow())
        return pb.InvitationForm(questionnaire=codec.questionnaire_msg(q),
                                 options=[pb.RankOption(id=o.id, label=o.label) for o in options],
                                 expires_at=expires_at.isoformat())

    def AnswerInvitation(self, request: pb.AnswerInvitationRequest, context: Ctx) -> pb.AnswerReceipt:
        title, on = h.answer_invitation(request.token, codec.answers_of(list(request.answers)), self.uow())
        return pb.AnswerReceipt(questionnaire_title=title, submitted_on=on.isoformat())

    def RecordPaperAnswer(self, request: pb.PaperAnswerRequest, context: Ctx) -> pb.AnswerReceipt:
        invitee = codec.Invitee(request.respondent_kind, request.respondent_id, request.label, request.pair_id,
                                request.stage)
        title, on = h.record_paper(request.questionnaire_id, codec.answers_of(list(request.answers)), invitee,
                                   self.uow())
        return pb.AnswerReceipt(questionnaire_title=title, submitted_on=on.isoformat())

    def ListResponses(self, request: pb.QuestionnaireRef, context: Ctx) -> pb.ListResponsesResponse:
        listed, rows = h.responses(request.questionnaire_id, self.uow())
        return pb.ListResponsesResponse(questionnaire=codec.listed_msg(listed),
                                        responses=[codec.response_msg(listed.questionnaire.id, r) for r in rows])

    def GetDynamics(self, request: pb.DynamicsRequest, context: Ctx) -> pb.Dynamics:
        found, pair_ids = h.dynamics(request.questionnaire_id, request.pair_id, self.uow())
        return codec.dynamics_msg(request.questionnaire_id, request.pair_id, found, pair_ids)

    def GetPreferenceRankings(self, request: pb.PreferenceRankingsRequest, context: Ctx) -> pb.PreferenceRankings:
        mentees, mentors, invited, answered = h.preference_rankings(request.run_id, self.uow())
        return pb.PreferenceRankings(
            run_id=request.run_id, invited=invited, answered=answered,
            mentees=[pb.AnsweredRanking(who_id=k, ranked_ids=v) for k, v in mentees.items()],
            mentors=[pb.AnsweredRanking(who_id=k, ranked_ids=v) for k, v in mentors.items()])


class MyQuestionnaireServicer(ServicerBase[QuestionnaireUnitOfWork],
                              my_questionnaires_pb2_grpc.MyQuestionnaireServiceServicer):
    """«Мои анкеты» of a signed-in participant (my_questionnaires.proto)."""

    def ListMyInvitations(self, request: my_pb.ListMyInvitationsRequest,
                          context: Ctx) -> my_pb.ListMyInvitationsResponse:
        return my_pb.ListMyInvitationsResponse(invitations=[
            my_pb.MyInvitation(invitation_id=x.invitation.id, questionnaire_title=x.questionnaire.title,
                               purpose=x.questionnaire.purpose, anonymous=x.questionnaire.anonymous,
                               expires_at=x.invitation.expires_at.isoformat())
            for x in h.my_invitations(self.uow())])

    def OpenMyInvitation(self, request: my_pb.MyInvitationRef, context: Ctx) -> pb.InvitationForm:
        q, options, expires_at = h.open_my_invitation(request.invitation_id, self.uow())
        return pb.InvitationForm(questionnaire=codec.questionnaire_msg(q),
                                 options=[pb.RankOption(id=o.id, label=o.label) for o in options],
                                 expires_at=expires_at.isoformat())

    def AnswerMyInvitation(self, request: my_pb.AnswerMyInvitationRequest, context: Ctx) -> pb.AnswerReceipt:
        title, on = h.answer_my_invitation(request.invitation_id, codec.answers_of(list(request.answers)), self.uow())
        return pb.AnswerReceipt(questionnaire_title=title, submitted_on=on.isoformat())
