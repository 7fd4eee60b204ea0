"""Use cases of the pair's plan document (issue 12 item 2): read, draft, agree, progress. Every write runs in one
transaction with the pair locked; a refused write leaves nothing behind."""

from __future__ import annotations

from mentorship_kit.errors import Forbidden
from mentorship_kit.policy import Action, Reach, require
from monitoring.domain import events
from monitoring.domain.plans import ItemDraft, PlanDocument, agree, blank, draft, record_progress
from monitoring.service_layer.unit_of_work import UnitOfWork
from monitoring.service_layer.work_handlers import Clock, _pair, utc_now


def plan_document(pair_id: str, uow: UnitOfWork) -> PlanDocument:
    """The pair's plan, or a blank one (version 0) shaped by the pair's form."""
    require(uow.principal, Action.PAIR_READ)
    with uow:
        pair = _pair(uow, pair_id)
        return uow.plan_documents.get(pair.id) or blank(pair)


def save_draft(pair_id: str, uow: UnitOfWork, *, term_start: str, term_end: str, deficits: list[str],
               final_product: str, items: list[ItemDraft], now: Clock = utc_now) -> PlanDocument:
    require(uow.principal, Action.PAIR_WORK_RECORD)
    at = now()
    with uow:
        pair = _pair(uow, pair_id, lock=True)
        known = uow.plan_documents.get(pair.id)
        document = draft(pair, known, term_start=term_start, term_end=term_end, deficits=deficits,
                         final_product=final_product, items=items, by=uow.principal.user_id, at=at)
        if document is not known:
            uow.plan_documents.put(document)
            uow.commit()
    return document


def agree_plan(pair_id: str, uow: UnitOfWork, *, party: str, version: int, now: Clock = utc_now) -> PlanDocument:
    """One agreement (the curator records the mentor's from paper until mentors sign in); the second publishes
    PlanAgreed."""
    granted = require(uow.principal, Action.PAIR_WORK_RECORD)
    if granted is Reach.OWN and party != "mentor":
        raise Forbidden("Наставник согласует план только от своего имени: согласие куратора вносит куратор")
    at = now()
    with uow:
        pair = _pair(uow, pair_id, lock=True)
        document = agree(uow.plan_documents.get(pair.id) or blank(pair), pair, party=party, version=version,
                         by=uow.principal.user_id, at=at)
        uow.plan_documents.put(document)
        if document.agreed:
            uow.collect(events.PlanAgreed(pair.id, pair.org_id, pair.municipality_id, pair.region_id, document.kind,
                                          document.version, len(document.items),
                                          tuple((i.id, i.due_on.isoformat()) for i in document.items),
                                          tuple(i.id for i in document.items if i.progress == "done")))
        uow.commit()
    return document


def plan_progress(pair_id: str, uow: UnitOfWork, *, item_id: str, progress: str, on: str, note: str = "",
                  now: Clock = utc_now) -> PlanDocument:
    require(uow.principal, Action.PAIR_WORK_RECORD)
    today = now().date()
    with uow:
        pair = _pair(uow, pair_id, lock=True)
        known = uow.plan_documents.get(pair.id) or blank(pair)
        was_done = any(i.id == item_id and i.progress == "done" for i in known.items)
        document, item = record_progress(known, pair, item_id=item_id, progress=progress, on=on, note=note,
                                         by=uow.principal.user_id, today=today)
        uow.plan_documents.put(document)
        if item.progress == "done" and not was_done:
            uow.collect(events.PlanItemDone(pair.id, pair.org_id, pair.municipality_id, pair.region_id,
                                            document.kind, document.version, item.id, item.progress_on.isoformat()
                                            if item.progress_on else ""))
        uow.commit()
    return document
