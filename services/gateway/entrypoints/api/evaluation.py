"""Оценка программы наставничества (001 §6) over REST: the period's sheet with the evidence beside each indicator,
completing and correcting it, the school's history, the «Аналитическая справка» as DOCX; a pair's student outcomes
(000 App. 2, 3.5 / 3.6); a mentor's evidence sheet (001 §7, 000 Q11); and the levels across schools for the outer
contour (counts and school names only, never people)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.adapters.contest_client import ContestClient
from gateway.adapters.evaluation_export import evaluation_docx
from gateway.adapters.evaluation_reads import (
    EvaluationLevelsRead,
    EvaluationSheetRead,
    ListEvaluationsResponseRead,
    PairOutcomeRead,
    ProgramEvaluationRead,
)
from gateway.adapters.monitoring_client import MonitoringClient
from gateway.adapters.participant_client import ParticipantClient
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.documents import DOCX, _attachment
from gateway.entrypoints.api.evaluation_schemas import (
    EvaluationCreate,
    MentorContestRead,
    MentorEvidenceSheetRead,
    OutcomeIn,
)
from gateway.entrypoints.deps import (
    ChangingSession,
    Contests,
    CurrentPrincipal,
    CurrentSession,
    Monitoring,
    Participants,
    Reporting,
    allowed,
    audit_pii_read,
)
from gateway.entrypoints.params import Id, IdFilter, PeriodCode
from mentorship_kit import errors
from mentorship_kit.policy import Action
from mentorship_kit.principal import Principal

router = APIRouter(prefix="/api/v1", tags=["Оценка программы наставничества"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})
PeriodFilter = Annotated[str, Query(max_length=20, description="2026-H1, 2026-H2 или 2025-2026; пусто — последний")]


@router.get("/monitoring/evaluations", response_model=ListEvaluationsResponseRead,
            dependencies=[Depends(allowed(Action.EVALUATION_READ))])
def evaluation_history(session: CurrentSession, monitoring: Monitoring) -> ListEvaluationsResponseRead:
    """История оценок школы: последняя версия каждого оценённого периода, от ранних к поздним."""
    return monitoring.evaluations(session.principal)


@router.get("/monitoring/evaluations/{period}", response_model=EvaluationSheetRead,
            dependencies=[Depends(allowed(Action.EVALUATION_READ))])
def evaluation_sheet(period: PeriodCode, session: CurrentSession, monitoring: Monitoring) -> EvaluationSheetRead:
    """Девять показателей 001 §6 с данными платформы рядом с каждым («нет данных», где их нет), текущая версия
    оценки и все версии периода."""
    return monitoring.evaluation_sheet(session.principal, period=period)


@router.post("/monitoring/evaluations/{period}", status_code=201, response_model=ProgramEvaluationRead,
             dependencies=[Depends(allowed(Action.EVALUATION_SCORE))])
def complete_evaluation(period: PeriodCode, body: EvaluationCreate, session: ChangingSession,
                        monitoring: Monitoring) -> ProgramEvaluationRead:
    """Завершить оценку периода (0/1/2 балла по каждому из девяти показателей); завершённая оценка не меняется —
    исправление создаёт новую версию и требует причину и номер исправляемой версии (устаревшая — 409)."""
    return monitoring.complete_evaluation(session.principal, period=period, scores=body.scores, notes=body.notes,
                                          commission=body.commission, reason=body.reason,
                                          based_on_version=body.based_on_version)


def spravka(principal: Principal, monitoring: MonitoringClient, period: str) -> Response:
    sheet = monitoring.evaluation_sheet(principal, period=period)
    history = monitoring.evaluations(principal).evaluations
    content = evaluation_docx(sheet, history, school="", today=datetime.now(UTC).date())
    return Response(content, media_type=DOCX, headers=_attachment(f"spravka-monitoring-{sheet.period}.docx"))


@router.get("/monitoring/evaluations/{period}/spravka.docx", response_class=Response,
            dependencies=[Depends(allowed(Action.EVALUATION_READ))], responses={200: {"content": {DOCX: {}}}})
def evaluation_spravka(period: PeriodCode, session: CurrentSession, monitoring: Monitoring) -> Response:
    """«Аналитическая справка по итогам мониторинга» за период в DOCX: показатели, данные, баллы, уровень, динамика."""
    return spravka(session.principal, monitoring, period)


@router.get("/pairs/{pair_id}/outcome", response_model=PairOutcomeRead,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def pair_outcome(pair_id: Id, session: CurrentSession, monitoring: Monitoring) -> PairOutcomeRead:
    """Результаты наставляемого-обучающегося по паре (показатели 3.5 и 3.6 приложения 2); version 0 — не внесены."""
    return monitoring.pair_outcome(session.principal, pair_id)


@router.put("/pairs/{pair_id}/outcome", response_model=PairOutcomeRead,
            dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
def record_pair_outcome(pair_id: Id, body: OutcomeIn, session: ChangingSession,
                        monitoring: Monitoring) -> PairOutcomeRead:
    """Внести результаты наставляемого по паре (в ходе работы пары или по её итогам); 409 — наставляемый не
    обучающийся (показатели 3.5 и 3.6 считают обучающихся); для пары «учитель – учитель» — показатели 3.1–3.3
    (``management_reserve``, ``project_lead``, ``pro_contest``; ADR 021)."""
    return monitoring.record_pair_outcome(session.principal, pair_id, **body.model_dump())


def mentor_evidence_sheet(principal: Principal, participants: ParticipantClient, monitoring: MonitoringClient,
                          contests: ContestClient, person_id: str) -> MentorEvidenceSheetRead:
    card = participants.person_card(principal, person_id)
    mentor = card.mentor
    if mentor is None:
        raise errors.NotFound("Этот человек не в базе наставников")
    return MentorEvidenceSheetRead(
        mentor_id=mentor.id, person_id=person_id, full_name=mentor.full_name, level=mentor.level,
        level_history=mentor.level_history, trainings=mentor.trainings,
        training_hours=sum(t.hours for t in mentor.trainings), work=monitoring.mentor_evidence(principal, mentor.id),
        contests=_contests_of(principal, contests, mentor.id))


def _contests_of(principal: Principal, contests: ContestClient, mentor_id: str) -> list[MentorContestRead]:
    """Participation and awards in the platform's contests (ADR 023): the school's own applications of the mentor,
    his or her pairs included."""
    found = contests.mentor_contests(principal, mentor_id)
    return [MentorContestRead(contest_id=a.contest_id, contest_title=found.contest_titles.get(a.contest_id, ""),
                              nomination=a.nomination, subject_kind=a.subject_kind, state=a.state, award=a.award,
                              place=a.place, submitted_at=a.submitted_at) for a in found.applications]


@router.get("/persons/{person_id}/mentor-evidence", response_model=MentorEvidenceSheetRead,
            dependencies=[Depends(allowed(Action.MENTOR_LIST))])
def mentor_evidence(request: Request, person_id: Id, session: CurrentSession, participants: Participants,
                    monitoring: Monitoring, contests: Contests) -> MentorEvidenceSheetRead:
    """Лист эффективности наставника (001 §7, 000 вопрос 11): статус и его история, обучение (формуляр), пары,
    встречи, отчёты, результаты наставляемых (мониторинг), участие и награды в конкурсах платформы."""
    sheet = mentor_evidence_sheet(session.principal, participants, monitoring, contests.contests, person_id)
    audit_pii_read(request, session, action=Action.MENTOR_LIST, subject=f"лист эффективности наставника {person_id}",
                   records=1)
    return sheet


@router.get("/indicators/evaluations", response_model=EvaluationLevelsRead,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def evaluation_levels(principal: CurrentPrincipal, reporting: Reporting, period: PeriodFilter = "",
                      municipality: IdFilter = "", organisation: IdFilter = "") -> EvaluationLevelsRead:
    """Уровни и баллы оценки программ школ (001 §6) в пределах полномочий и число школ по уровням — без ФИО;
    ``municipality`` / ``organisation`` — только школы одного муниципалитета или одна школа
    (вне полномочий — 403/404)."""
    return reporting.evaluation_levels(principal, period=period, municipality_id=municipality,
                                       organisation_id=organisation)
