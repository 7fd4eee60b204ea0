"""Matching runs and pairs over REST (the school's inner contour): one policy gate per route."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gateway.adapters import order_export
from gateway.adapters.matching_reads import (
    DecidePetitionResponseRead,
    ListRunsResponseRead,
    PairPageRead,
    PairRead,
    PickReplacementResponseRead,
    PublishRunResponseRead,
    ReplacementCandidatesResponseRead,
    RunRead,
)
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.matching_schemas import (
    AssignmentCreate,
    FormName,
    MentorConsentIn,
    PairCloseIn,
    PairCompleteIn,
    PairKindName,
    PairStatusName,
    PetitionDecisionIn,
    PetitionIn,
    PublishIn,
    ReplacementIn,
    RunCreate,
)
from gateway.entrypoints.deps import (
    ChangingSession,
    CurrentSession,
    Matching,
    Registry,
    allowed,
    audit_pii_read,
)
from gateway.entrypoints.params import Id, IdFilter, PageToken
from mentorship_kit.errors import Conflict
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Подбор наставников и пары"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})
PageSize = Annotated[int, Query(ge=1, le=200)]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.post("/matching/runs", status_code=201, response_model=RunRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def start_run(request: Request, body: RunCreate, session: ChangingSession, matching: Matching) -> RunRead:
    """Подбор по открытым запросам школы: кандидаты с обоснованием; в режиме optimal — точный оптимум."""
    run = matching.start_run(session.principal, mode=body.mode.value, objective=body.objective.value,
                             weights=body.weights.model_dump() if body.weights else None, top_k=body.top_k,
                             group_min=body.group_min, group_max=body.group_max, team_mentors=body.team_mentors)
    audit_pii_read(request, session, action=Action.MATCHING_RUN, subject="прогон подбора",
                   records=len(run.proposals) + len(run.unmatched))
    return run


@router.get("/matching/runs", response_model=ListRunsResponseRead,
            dependencies=[Depends(allowed(Action.MATCHING_READ))])
def list_runs(session: CurrentSession, matching: Matching, limit: Limit = 20) -> ListRunsResponseRead:
    """Последние прогоны школы: итоги без кандидатов."""
    return matching.list_runs(session.principal, limit=limit)


@router.get("/matching/runs/{run_id}", response_model=RunRead, dependencies=[Depends(allowed(Action.MATCHING_READ))])
def get_run(request: Request, run_id: Id, session: CurrentSession, matching: Matching) -> RunRead:
    run = matching.get_run(session.principal, run_id)
    audit_pii_read(request, session, action=Action.MATCHING_READ, subject="прогон подбора",
                   records=len(run.proposals) + len(run.unmatched))
    return run


@router.post("/matching/runs/{run_id}/assignments", response_model=RunRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def assign(run_id: Id, body: AssignmentCreate, session: ChangingSession, matching: Matching) -> RunRead:
    """Назначение вручную; нарушение правила формы — 422, пока не подтверждено (``confirm_warnings``)."""
    return matching.assign(session.principal, run_id, request_id=body.request_id, mentor_id=body.mentor_id,
                           confirm_warnings=body.confirm_warnings, version=body.version)


@router.post("/matching/runs/{run_id}/publish", response_model=PublishRunResponseRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def publish(run_id: Id, body: PublishIn, session: ChangingSession, matching: Matching) -> PublishRunResponseRead:
    """Утверждение: выбранные предложения становятся парами; устаревшая версия прогона — 409."""
    return matching.publish(session.principal, run_id, version=body.version, kind=body.kind.value,
                            reporting=body.reporting.value, term_months=body.term_months)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/matching/runs/{run_id}/order.docx", response_class=Response,
            dependencies=[Depends(allowed(Action.MATCHING_READ))],
            responses={200: {"content": {DOCX: {}}, "description": "Приказ с приложением: пары прогона"}})
def run_order(request: Request, run_id: Id, session: CurrentSession, matching: Matching,
              registry: Registry) -> Response:
    """Приказ «Об утверждении наставнических пар (групп)» по утверждённому прогону; черновик — 409."""
    p = session.principal
    run = matching.get_run(p, run_id)
    if run.status != "published":
        raise Conflict("Приказ формируется по утверждённому прогону: сначала утвердите пары")
    pairs = matching.pairs_of_run(p, run_id)
    groups = matching.list_groups(p, run_id=run_id).groups
    school = next((o.name for o in registry.list_organisations(p) if o.id == p.org_id), "")
    published = run.published_at or None
    content = order_export.order_docx(school=school, published_at=published,
                                      pairs=[pair.model_dump(mode="json") for pair in pairs],
                                      groups=[group.model_dump(mode="json") for group in groups])
    audit_pii_read(request, session, action=Action.MATCHING_READ, subject=f"приказ об утверждении пар (DOCX) {run_id}",
                   records=len(pairs) + sum(len(g.members) for g in groups))
    day = (published or "")[:10]
    name = f"Приказ об утверждении наставнических пар {day}.docx".replace("  ", " ")
    disposition = f"attachment; filename=\"order-{day or run_id}.docx\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=DOCX, headers={"Content-Disposition": disposition})


@router.get("/pairs", response_model=PairPageRead, dependencies=[Depends(allowed(Action.PAIR_READ))])
def list_pairs(request: Request, session: CurrentSession, matching: Matching, status: PairStatusName | None = None,
               mentor_id: IdFilter = "", mentee_id: IdFilter = "", form: FormName | None = None,
               kind: PairKindName | None = None, run_id: IdFilter = "", page_size: PageSize = 50,
               page_token: PageToken = "") -> PairPageRead:
    """Пары школы по имени наставляемого; фильтры — статус, форма, вид, наставник, прогон; ``next_page_token`` —
    следующая страница (по ключу, без смещения: добавленные пары не сдвигают страницы)."""
    page = matching.list_pairs(session.principal, status=status.value if status else "", mentor_id=mentor_id,
                               mentee_id=mentee_id, page_size=page_size, page_token=page_token,
                               form=form.value if form else "", kind=kind.value if kind else "", run_id=run_id)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="наставнические пары", records=len(page.pairs))
    return page


@router.get("/pairs/{pair_id}", response_model=PairRead, dependencies=[Depends(allowed(Action.PAIR_READ))])
def get_pair(request: Request, pair_id: Id, session: CurrentSession, matching: Matching) -> PairRead:
    pair = matching.get_pair(session.principal, pair_id)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="наставническая пара", records=1)
    return pair


@router.post("/pairs/{pair_id}/close", response_model=PairRead, dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def close_pair(pair_id: Id, body: PairCloseIn, session: ChangingSession, matching: Matching) -> PairRead:
    return matching.close_pair(session.principal, pair_id, reason=body.reason, version=body.version)


@router.post("/pairs/{pair_id}/mentor-consent", response_model=PairRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def record_mentor_consent(pair_id: Id, body: MentorConsentIn, session: ChangingSession,
                          matching: Matching) -> PairRead:
    """Письменное согласие наставника на назначение (004 §4.1): дата и реквизиты документа."""
    return matching.record_mentor_consent(session.principal, pair_id, consent_on=body.consent_on,
                                          document=body.document, version=body.version)


@router.post("/pairs/{pair_id}/complete", response_model=PairRead, dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def complete_pair(pair_id: Id, body: PairCompleteIn, session: ChangingSession, matching: Matching) -> PairRead:
    """Пара завершена: итог и результат; до окончания срока — только с ``confirm_early``."""
    return matching.complete_pair(session.principal, pair_id, outcome=body.outcome, result=body.result.value,
                                  confirm_early=body.confirm_early, version=body.version)


@router.post("/pairs/{pair_id}/petition", response_model=PairRead,
             dependencies=[Depends(allowed(Action.PAIR_PETITION))])
def file_petition(pair_id: Id, body: PetitionIn, session: ChangingSession, matching: Matching) -> PairRead:
    """Ходатайство наставляемого о замене наставника или просьба наставника об освобождении (004 §5.2)."""
    return matching.file_petition(session.principal, pair_id, kind=body.kind.value, filed_on=body.filed_on,
                                  reason=body.reason, version=body.version)


@router.post("/pairs/{pair_id}/petition/decision", response_model=DecidePetitionResponseRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def decide_petition(request: Request, pair_id: Id, body: PetitionDecisionIn, session: ChangingSession,
                    matching: Matching) -> DecidePetitionResponseRead:
    """Решение куратора; при удовлетворении пара закрывается и сразу предлагаются кандидаты на замену."""
    decided = matching.decide_petition(session.principal, pair_id, approve=body.approve, comment=body.comment,
                                       version=body.version)
    if decided.candidates:
        audit_pii_read(request, session, action=Action.MATCHING_RUN, subject=f"кандидаты на замену {pair_id}",
                       records=len(decided.candidates))
    return decided


@router.get("/pairs/{pair_id}/candidates", response_model=ReplacementCandidatesResponseRead,
            dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def replacement_candidates(request: Request, pair_id: Id, session: CurrentSession,
                           matching: Matching) -> ReplacementCandidatesResponseRead:
    """Кандидаты для запроса пары, закрытой по удовлетворённому обращению (прежний наставник исключён)."""
    found = matching.replacement_candidates(session.principal, pair_id)
    audit_pii_read(request, session, action=Action.MATCHING_RUN, subject=f"кандидаты на замену {pair_id}",
                   records=len(found.candidates))
    return found


@router.post("/pairs/{pair_id}/replacement", response_model=PickReplacementResponseRead,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def pick_replacement(pair_id: Id, body: ReplacementIn, session: ChangingSession,
                     matching: Matching) -> PickReplacementResponseRead:
    """Новый наставник из предложенных: новая пара по тому же запросу."""
    return matching.pick_replacement(session.principal, pair_id, mentor_id=body.mentor_id, version=body.version)
