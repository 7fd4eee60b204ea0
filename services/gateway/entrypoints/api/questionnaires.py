"""Анкеты over REST (issue 13, ADR 012): the builder and its templates, publishing and versions, personal links,
paper answers, the answers (JSON and XLSX) and the before/after dynamics — and, for a matching run in the preferences
mode, the preferences questionnaire sent to its participants and its answers taken as the run's rankings."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gateway.adapters.matching_reads import RunRead
from gateway.adapters.questionnaire_reads import (
    AnswerReceiptRead,
    DynamicsRead,
    InvitationFormRead,
    InviteResponseRead,
    ListInvitationsResponseRead,
    ListMyInvitationsResponseRead,
    ListQuestionnairesResponseRead,
    ListResponsesResponseRead,
    QuestionnaireRead,
    SurveyFiguresRead,
)
from gateway.container import Container
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.documents import XLSX, _attachment
from gateway.entrypoints.api.questionnaire_schemas import (
    InvitationsIn,
    MyAnswerIn,
    PaperAnswerIn,
    PreferenceInvitationsIn,
    QuestionnaireIn,
)
from gateway.entrypoints.deps import ChangingSession, ContainerDep, CurrentSession, allowed, audit_pii_read
from gateway.entrypoints.params import Choice, Id, IdFilter
from gateway.entrypoints.web.questionnaire_view import responses_xlsx
from gateway.service_layer.preference_questionnaires import invite_run, rankings_from_answers
from mentorship_kit.policy import Action
from mentorship_kit.principal import Principal

router = APIRouter(prefix="/api/v1", tags=["Анкеты и замеры"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})
_read, _manage = Depends(allowed(Action.QUESTIONNAIRE_READ)), Depends(allowed(Action.QUESTIONNAIRE_MANAGE))
BASE = "/questionnaires"
ONE = BASE + "/{questionnaire_id}"


@router.get(BASE + "/templates", response_model=ListQuestionnairesResponseRead, dependencies=[_read])
def templates(session: CurrentSession, container: ContainerDep) -> ListQuestionnairesResponseRead:
    """Готовые шаблоны анкет по целевой модели (id — ключ шаблона)."""
    return container.questionnaires.templates(session.principal)


@router.post(BASE + "/templates/{key}/copy", status_code=201, response_model=QuestionnaireRead,
             dependencies=[_manage])
def copy_template(key: Id, session: ChangingSession, container: ContainerDep) -> QuestionnaireRead:
    """Черновик анкеты школы по шаблону."""
    return container.questionnaires.copy_template(session.principal, key)


@router.get(BASE, response_model=ListQuestionnairesResponseRead, dependencies=[_read])
def list_questionnaires(session: CurrentSession, container: ContainerDep,
                        purpose: Choice = "") -> ListQuestionnairesResponseRead:
    return container.questionnaires.listing(session.principal, purpose)


@router.post(BASE, status_code=201, response_model=QuestionnaireRead, dependencies=[_manage])
def create(body: QuestionnaireIn, session: ChangingSession, container: ContainerDep) -> QuestionnaireRead:
    return _save(container, session.principal, "", body)


def _save(container: Container, p: Principal, questionnaire_id: str, body: QuestionnaireIn) -> QuestionnaireRead:
    return container.questionnaires.save(p, questionnaire_id, title=body.title, purpose=body.purpose,
                                         forms=body.forms, anonymous=body.anonymous,
                                         sections=[s.model_dump() for s in body.sections])


@router.get(ONE, response_model=QuestionnaireRead, dependencies=[_read])
def get(questionnaire_id: Id, session: CurrentSession, container: ContainerDep) -> QuestionnaireRead:
    return container.questionnaires.get(session.principal, questionnaire_id)


@router.put(ONE, response_model=QuestionnaireRead, dependencies=[_manage])
def update(questionnaire_id: Id, body: QuestionnaireIn, session: ChangingSession,
           container: ContainerDep) -> QuestionnaireRead:
    """Правка черновика; опубликованная анкета не меняется (409) — для изменений создайте новую версию."""
    return _save(container, session.principal, questionnaire_id, body)


@router.post(ONE + "/publish", response_model=QuestionnaireRead, dependencies=[_manage])
def publish(questionnaire_id: Id, session: ChangingSession, container: ContainerDep) -> QuestionnaireRead:
    return container.questionnaires.publish(session.principal, questionnaire_id)


@router.post(ONE + "/versions", status_code=201, response_model=QuestionnaireRead, dependencies=[_manage])
def new_version(questionnaire_id: Id, session: ChangingSession, container: ContainerDep) -> QuestionnaireRead:
    return container.questionnaires.new_version(session.principal, questionnaire_id)


@router.post(ONE + "/invitations", status_code=201, response_model=InviteResponseRead, dependencies=[_manage])
def invite(questionnaire_id: Id, body: InvitationsIn, session: ChangingSession,
           container: ContainerDep) -> InviteResponseRead:
    """Персональные одноразовые ссылки: токен возвращается только здесь (ссылка — ``/q/{token}``)."""
    return container.questionnaires.invite(session.principal, questionnaire_id,
                                           [i.model_dump() for i in body.invitees], body.valid_days)


@router.get(ONE + "/invitations", response_model=ListInvitationsResponseRead, dependencies=[_read])
def invitations(request: Request, questionnaire_id: Id, session: CurrentSession,
                container: ContainerDep) -> ListInvitationsResponseRead:
    found = container.questionnaires.invitations(session.principal, questionnaire_id)
    audit_pii_read(request, session, action=Action.QUESTIONNAIRE_READ, subject="кому разосланы анкеты",
                   records=len(found.invitations))
    return found


@router.post(ONE + "/responses", status_code=201, response_model=AnswerReceiptRead, dependencies=[_manage])
def paper_answer(questionnaire_id: Id, body: PaperAnswerIn, session: ChangingSession,
                 container: ContainerDep) -> AnswerReceiptRead:
    """Бумажная анкета, внесённая куратором; для анонимной анкеты сведения об участнике не сохраняются."""
    answers: dict[str, list[str]] = {}
    for a in body.answers:
        answers.setdefault(a.question_id, []).extend(a.values)
    return container.questionnaires.record_paper(
        session.principal, questionnaire_id, answers, respondent_kind=body.respondent_kind,
        respondent_id=body.respondent_id, label=body.label, pair_id=body.pair_id, stage=body.stage)


@router.get(ONE + "/responses", response_model=ListResponsesResponseRead, dependencies=[_read])
def responses(request: Request, questionnaire_id: Id, session: CurrentSession,
              container: ContainerDep) -> ListResponsesResponseRead:
    found = container.questionnaires.responses(session.principal, questionnaire_id)
    audit_pii_read(request, session, action=Action.QUESTIONNAIRE_READ, subject="ответы на анкету",
                   records=len(found.responses))
    return found


@router.get(ONE + "/export.xlsx", dependencies=[_read],
            responses={200: {"content": {XLSX: {}}, "description": "Ответы школы, XLSX"}})
def responses_export(request: Request, questionnaire_id: Id, session: CurrentSession,
                     container: ContainerDep) -> Response:
    found = container.questionnaires.responses(session.principal, questionnaire_id)
    q = found.questionnaire or container.questionnaires.get(session.principal, questionnaire_id)
    audit_pii_read(request, session, action=Action.QUESTIONNAIRE_READ, subject="выгрузка ответов на анкету (XLSX)",
                   records=len(found.responses))
    return Response(responses_xlsx(q, found.responses), media_type=XLSX, headers=_attachment("answers.xlsx"))


@router.get(ONE + "/dynamics", response_model=DynamicsRead, dependencies=[_read])
def dynamics(questionnaire_id: Id, session: CurrentSession, container: ContainerDep,
             pair_id: IdFilter = "") -> DynamicsRead:
    """Замер на входе и на выходе: средние по шкалам, изменение, доля улучшивших — по школе или по паре."""
    return container.questionnaires.dynamics(session.principal, questionnaire_id, pair_id)


@router.post("/matching/runs/{run_id}/preference-invitations", status_code=201, response_model=InviteResponseRead,
             dependencies=[_manage])
def preference_invitations(run_id: Id, body: PreferenceInvitationsIn, session: ChangingSession,
                           container: ContainerDep) -> InviteResponseRead:
    """Анкета предпочтений участникам прогона «по взаимным предпочтениям»: каждому — кого он может ранжировать."""
    return invite_run(container, session.principal, run_id, body.questionnaire_id, body.valid_days)


@router.post("/matching/runs/{run_id}/rankings/from-questionnaires", response_model=RunRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def rankings_from_questionnaires(run_id: Id, session: ChangingSession, container: ContainerDep) -> RunRead:
    """«Взять из анкет»: рейтинги прогона из ответов на анкету предпочтений, без повторного ввода."""
    return rankings_from_answers(container, session.principal, run_id)


@router.get("/indicators/surveys", response_model=SurveyFiguresRead,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def survey_figures(session: CurrentSession, container: ContainerDep,
                   grouping: schemas.GroupingName | None = None) -> SurveyFiguresRead:
    """Анкеты и замеры в числах по организациям или муниципалитетам и всего: ответов по назначению анкеты
    (``answers``), замеров на входе и на выходе, выходов с парным входом, доля улучшивших (``improved``) и среднее
    изменение балла (``mean_change``). Без имён и текстов ответов."""
    return container.survey_figures.survey_figures(session.principal,
                                                   grouping=grouping.value if grouping else None)


# ---- «Мои анкеты» of a signed-in mentor or teacher mentee (ADR 012 addendum): the participant is the session's
_answer = Depends(allowed(Action.QUESTIONNAIRE_ANSWER))


@router.get("/my/questionnaires", response_model=ListMyInvitationsResponseRead, dependencies=[_answer])
def my_questionnaires(session: CurrentSession, container: ContainerDep) -> ListMyInvitationsResponseRead:
    """Мои анкеты: открытые приглашения участнику, вошедшему под своей учётной записью."""
    return container.questionnaires.my_invitations(session.principal)


@router.get("/my/questionnaires/{invitation_id}", response_model=InvitationFormRead, dependencies=[_answer])
def my_questionnaire(invitation_id: Id, session: CurrentSession, container: ContainerDep) -> InvitationFormRead:
    return container.questionnaires.open_my_invitation(session.principal, invitation_id)


@router.post("/my/questionnaires/{invitation_id}/answers", status_code=201, response_model=AnswerReceiptRead,
             dependencies=[_answer])
def answer_my_questionnaire(invitation_id: Id, body: MyAnswerIn, session: ChangingSession,
                            container: ContainerDep) -> AnswerReceiptRead:
    """Ответ участника на свою анкету в платформе — один раз, как по ссылке; анонимная анкета не хранит, кто ответил."""
    answers: dict[str, list[str]] = {}
    for a in body.answers:
        answers.setdefault(a.question_id, []).extend(a.values)
    return container.questionnaires.answer_my_invitation(session.principal, invitation_id, answers)
