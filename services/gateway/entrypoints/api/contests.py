"""Contests over REST (issue 15 item 4, ADR 023): a tier's contest from its announcement to its results, the jury,
applications of the tier below and the jurors' scores. One policy gate per route; a juror reaches only the contests
he or she judges (the registry's row-level security as well)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field

from gateway.adapters.contest_reads import (
    ApplicationRead,
    ContestCardRead,
    ContestRead,
    JurorScoreRead,
    ListContestsResponseRead,
)
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.schemas import JuryLoginRead, Strict
from gateway.entrypoints.deps import ChangingSession, Contests, CurrentSession, allowed
from gateway.entrypoints.params import Choice, Id
from gateway.service_layer.contests import Choice as Candidate
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Конкурсы"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})

DateText = Annotated[str, Field(max_length=20, description="ГГГГ-ММ-ДД")]
Uuid = Annotated[str, Field(max_length=100)]
Revision = Annotated[int, Field(ge=0, le=2**62, description="ревизия конкурса, которую вы видели")]


class CriterionIn(Strict):
    title: Annotated[str, Field(max_length=300)]
    max_score: Annotated[int, Field(ge=1, le=100)]


class ContestIn(Strict):
    kind: Annotated[str, Field(max_length=50, description="mentor_of_year | best_pair | nastavnik_plus | "
                                                          "municipal_models | other")]
    title: Annotated[str, Field(max_length=300)]
    description: Annotated[str, Field(max_length=4000)] = ""
    nominations: Annotated[list[Annotated[str, Field(max_length=200)]], Field(min_length=1, max_length=20)]
    criteria: Annotated[list[CriterionIn], Field(min_length=1, max_length=20)]
    applications_until: DateText
    results_on: DateText


class ContestUpdateIn(ContestIn):
    revision: Revision


class MoveIn(Strict):
    to_state: Annotated[str, Field(max_length=20, description="announced | judging | results")]
    revision: Revision


class JuryIn(Strict):
    jurors: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=30,
                                                                         description="из GET /api/v1/contests/jury")]


class ApplicationIn(Strict):
    nomination: Annotated[str, Field(max_length=200)]
    subject_kind: Annotated[str, Field(max_length=20, description="mentor | pair | teacher | organisation | "
                                                                  "municipality")]
    subject_id: Uuid = ""
    shown_fields: Annotated[list[Annotated[str, Field(max_length=20)]], Field(
        max_length=10, default_factory=list,
        description="full_name | position | organisation | experience — с согласия участника")]
    consent_confirmed: bool = False
    achievements: Annotated[str, Field(max_length=2000)] = ""
    description: Annotated[str, Field(max_length=2000)] = ""


class ScoreIn(Strict):
    conflict: bool = False
    conflict_note: Annotated[str, Field(max_length=500)] = ""
    scores: Annotated[list[Annotated[int, Field(ge=0, le=100)]], Field(max_length=20, default_factory=list)]
    comment: Annotated[str, Field(max_length=2000)] = ""




@router.get("/contests", response_model=ListContestsResponseRead, dependencies=[Depends(allowed(Action.CONTEST_READ))])
def list_contests(session: CurrentSession, contests: Contests, state: Choice = "") -> ListContestsResponseRead:
    """Конкурсы в пределах полномочий: свои (организатор), объявленные для своего уровня, у члена жюри — только те,
    в жюри которых он включён."""
    return contests.contests.list_contests(session.principal, state=state)


@router.post("/contests", response_model=ContestRead, status_code=201,
             dependencies=[Depends(allowed(Action.CONTEST_MANAGE))])
def create_contest(body: ContestIn, session: ChangingSession, contests: Contests) -> ContestRead:
    """Новый конкурс своего уровня (черновик): вид, номинации, критерии с наибольшим баллом, сроки."""
    return contests.contests.create(session.principal, kind=body.kind, title=body.title, description=body.description,
                                    nominations=body.nominations,
                                    criteria=[(c.title, c.max_score) for c in body.criteria],
                                    applications_until=body.applications_until, results_on=body.results_on)


@router.get("/contests/jury", response_model=list[JuryLoginRead],
            dependencies=[Depends(allowed(Action.CONTEST_MANAGE))])
def jury_logins(session: CurrentSession, contests: Contests) -> list[JuryLoginRead]:
    """Учётные записи жюри своего региона — кого можно включить в жюри конкурса."""
    found: list[Candidate] = contests.jury_logins(session.principal)
    return [JuryLoginRead(user_id=c.id, full_name=c.name) for c in found]


@router.get("/contests/{contest_id}", response_model=ContestCardRead,
            dependencies=[Depends(allowed(Action.CONTEST_READ))])
def contest_card(contest_id: Id, session: CurrentSession, contests: Contests) -> ContestCardRead:
    """Конкурс: условия, жюри, заявки (организатору — все с оценками; члену жюри — заявки с его оценками;
    участнику — свои)."""
    return contests.contests.card(session.principal, contest_id)


@router.put("/contests/{contest_id}", response_model=ContestRead,
            dependencies=[Depends(allowed(Action.CONTEST_MANAGE))])
def update_contest(contest_id: Id, body: ContestUpdateIn, session: ChangingSession, contests: Contests) -> ContestRead:
    """Изменить черновик конкурса; 409 — конкурс уже объявлен или изменён другим."""
    return contests.contests.update(session.principal, contest_id, revision=body.revision, kind=body.kind,
                                    title=body.title, description=body.description, nominations=body.nominations,
                                    criteria=[(c.title, c.max_score) for c in body.criteria],
                                    applications_until=body.applications_until, results_on=body.results_on)


@router.post("/contests/{contest_id}/move", response_model=ContestRead,
             dependencies=[Depends(allowed(Action.CONTEST_MANAGE))])
def move_contest(contest_id: Id, body: MoveIn, session: ChangingSession, contests: Contests) -> ContestRead:
    """Следующий этап: объявить (приём заявок) → работа жюри → подвести итоги (места и награды по номинациям)."""
    return contests.contests.move(session.principal, contest_id, to_state=body.to_state, revision=body.revision)


@router.put("/contests/{contest_id}/jury", response_model=ContestCardRead,
            dependencies=[Depends(allowed(Action.CONTEST_MANAGE))])
def set_jury(contest_id: Id, body: JuryIn, session: ChangingSession, contests: Contests) -> ContestCardRead:
    """Состав жюри целиком (учётные записи с ролью «член жюри» своего региона)."""
    return contests.set_jurors(session.principal, contest_id, body.jurors)


@router.post("/contests/{contest_id}/applications", response_model=ApplicationRead, status_code=201,
             dependencies=[Depends(allowed(Action.CONTEST_APPLY))])
def apply(contest_id: Id, body: ApplicationIn, session: ChangingSession, contests: Contests) -> ApplicationRead:
    """Заявка на конкурс: наставник, пара, педагог-наставляемый, школа или муниципальная модель. Сведения о человеке
    — только те, на показ которых он дал согласие (``shown_fields``, ``consent_confirmed``)."""
    return contests.apply(session.principal, contest_id, nomination=body.nomination, subject_kind=body.subject_kind,
                          subject_id=body.subject_id, shown_fields=body.shown_fields,
                          consent_confirmed=body.consent_confirmed, achievements=body.achievements,
                          description=body.description)


@router.post("/contest-applications/{application_id}/withdraw", response_model=ApplicationRead,
             dependencies=[Depends(allowed(Action.CONTEST_APPLY))])
def withdraw(application_id: Id, session: ChangingSession, contests: Contests) -> ApplicationRead:
    """Отозвать свою заявку до окончания приёма заявок."""
    return contests.contests.withdraw(session.principal, application_id)


@router.put("/contest-applications/{application_id}/score", response_model=JurorScoreRead,
            dependencies=[Depends(allowed(Action.CONTEST_JUDGE))])
def score(application_id: Id, body: ScoreIn, session: ChangingSession, contests: Contests) -> JurorScoreRead:
    """Оценка члена жюри по каждому критерию (повторная оценка заменяет прежнюю) или заявление о конфликте
    интересов (``conflict``: тогда заявку он не оценивает)."""
    return contests.contests.score(session.principal, application_id, conflict=body.conflict,
                                   conflict_note=body.conflict_note, scores=body.scores, comment=body.comment)
