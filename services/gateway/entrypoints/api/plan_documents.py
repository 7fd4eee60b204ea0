"""The pair's plan document over REST (issue 12 item 2): read, draft, agree, progress. One policy gate per route;
the rules are monitoring's."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from gateway.adapters.monitoring_reads import PlanDocumentRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.plan_schemas import PlanAgreementIn, PlanDocumentIn, PlanProgressIn
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Monitoring, allowed, audit_pii_read
from gateway.entrypoints.params import Id
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Работа пар: персонализированная программа и план развития"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})


@router.get("/pairs/{pair_id}/plan-document", response_model=PlanDocumentRead,
            dependencies=[Depends(allowed(Action.PAIR_READ))])
def plan_document(request: Request, pair_id: Id, session: CurrentSession, monitoring: Monitoring) -> PlanDocumentRead:
    """Программа или план развития пары; версия 0 — ещё не составлен (срок — срок пары)."""
    document = monitoring.plan_document(session.principal, pair_id)
    audit_pii_read(request, session, action=Action.PAIR_READ, subject="план пары", records=len(document.items))
    return document


@router.put("/pairs/{pair_id}/plan-document", response_model=PlanDocumentRead,
            dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
def save_plan_document(pair_id: Id, body: PlanDocumentIn, session: ChangingSession,
                       monitoring: Monitoring) -> PlanDocumentRead:
    """Черновик плана; изменение согласованного плана создаёт новую версию, которую снова согласуют."""
    return monitoring.save_plan_document(
        session.principal, pair_id, term_start=body.term_start, term_end=body.term_end, deficits=body.deficits,
        final_product=body.final_product, items=[item.model_dump() for item in body.items])


@router.post("/pairs/{pair_id}/plan-document/agreements", response_model=PlanDocumentRead,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
def agree_plan_document(pair_id: Id, body: PlanAgreementIn, session: ChangingSession,
                        monitoring: Monitoring) -> PlanDocumentRead:
    """Согласование версии наставником или куратором; после обоих план согласован."""
    return monitoring.agree_plan_document(session.principal, pair_id, party=body.party.value, version=body.version)


@router.post("/pairs/{pair_id}/plan-document/items/{item_id}/progress", response_model=PlanDocumentRead,
             dependencies=[Depends(allowed(Action.PAIR_WORK_RECORD))])
def record_plan_progress(pair_id: Id, item_id: Id, body: PlanProgressIn, session: ChangingSession,
                         monitoring: Monitoring) -> PlanDocumentRead:
    """Ход выполнения пункта согласованного плана: не начато / в работе / выполнено, дата и примечание."""
    return monitoring.record_plan_progress(session.principal, pair_id, item_id=item_id,
                                           progress=body.progress.value, on=body.on, note=body.note)
