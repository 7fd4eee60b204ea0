"""Regional runs and their offers in PostgreSQL. Row-level security scopes every statement: the tier that ran it
reads and writes its schools' offers, a school reads and decides its own (ADR 009)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from matching.adapters.tables import pairs, regional_offer_items, regional_offers, regional_runs
from matching.domain.assignment import Objective
from matching.domain.regional import Decision, OfferItem, RegionalRun, RunScope, SchoolOffer
from matching.domain.scoring import Weights
from mentorship_kit.db import bind_tenant
from mentorship_kit.errors import Conflict
from mentorship_kit.principal import Principal, Scope

_ITEM_FIELDS = ("mentor_id", "mentor_name", "mentor_organisation", "mentor_org_id", "mentor_capacity", "form",
                "score", "reasons", "reason", "decided_by", "decided_at")


def _tenant(offer: SchoolOffer) -> dict[str, str]:
    return {"org_id": offer.org_id, "municipality_id": offer.municipality_id, "region_id": offer.region_id}


def _counts(offer: SchoolOffer) -> dict[str, int]:
    return {"requests": offer.requests, "proposed": offer.proposed, "accepted": offer.count(Decision.ACCEPTED),
            "declined": offer.count(Decision.DECLINED)}


def _item_row(offer: SchoolOffer, item: OfferItem) -> dict[str, Any]:
    return {"run_id": offer.run_id, "token": item.token, **_tenant(offer),
            **{f: getattr(item, f) for f in _ITEM_FIELDS}, "decision": item.decision.value,
            "pair_id": item.pair_id or None}


def _item(row: Any) -> OfferItem:
    return OfferItem(token=str(row.token), **{f: getattr(row, f) for f in _ITEM_FIELDS
                                              if f not in ("mentor_id", "mentor_org_id")},
                     mentor_id=str(row.mentor_id), mentor_org_id=str(row.mentor_org_id),
                     decision=Decision(row.decision), pair_id=str(row.pair_id or ""))


def _offer(row: Any, items: list[OfferItem]) -> SchoolOffer:
    return SchoolOffer(run_id=str(row.run_id), org_id=str(row.org_id), municipality_id=str(row.municipality_id),
                       region_id=str(row.region_id), created_at=row.created_at, requests=row.requests, items=items,
                       version=int(row.version))


def _run(row: Any, offers: list[SchoolOffer]) -> RegionalRun:
    return RegionalRun(id=str(row.id), scope=RunScope(row.scope), municipality_id=str(row.municipality_id or ""),
                       region_id=str(row.region_id), objective=Objective(row.objective),
                       weights=Weights(**row.weights), created_by=row.created_by, created_at=row.created_at,
                       requests=row.requests, mentors=row.mentors, total_score=int(row.total_score),
                       facts=dict(row.facts), offers=offers)


class SqlRegionalRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, run: RegionalRun) -> None:
        self._s.execute(insert(regional_runs).values(
            id=run.id, org_id=None, municipality_id=run.municipality_id or None, region_id=run.region_id,
            scope=run.scope.value, objective=run.objective.value, weights=run.weights.as_dict(),
            requests=run.requests, mentors=run.mentors, total_score=run.total_score, facts=run.facts,
            created_by=run.created_by, created_at=run.created_at))
        if run.offers:
            self._s.execute(insert(regional_offers), [
                {"run_id": o.run_id, **_tenant(o), **_counts(o), "created_at": o.created_at, "version": o.version}
                for o in run.offers])
            self._s.execute(insert(regional_offer_items), [_item_row(o, i) for o in run.offers for i in o.items])

    def _offers(self, *where: Any, limit: int | None = None, lock: bool = False) -> list[SchoolOffer]:
        q = select(regional_offers).where(*where).order_by(regional_offers.c.created_at.desc(),
                                                           regional_offers.c.org_id)
        if limit:
            q = q.limit(limit)
        rows = self._s.execute(q.with_for_update() if lock else q).all()
        if not rows:
            return []
        items: dict[tuple[str, str], list[OfferItem]] = {}
        keys = [(r.run_id, r.org_id) for r in rows]
        found = self._s.execute(select(regional_offer_items).where(
            regional_offer_items.c.run_id.in_({k[0] for k in keys}),
            regional_offer_items.c.org_id.in_({k[1] for k in keys}))
            .order_by(regional_offer_items.c.mentor_name, regional_offer_items.c.token)).all()
        for item in found:
            items.setdefault((str(item.run_id), str(item.org_id)), []).append(_item(item))
        return [_offer(r, items.get((str(r.run_id), str(r.org_id)), [])) for r in rows]

    def get(self, run_id: str) -> RegionalRun | None:
        row = self._s.execute(select(regional_runs).where(regional_runs.c.id == run_id)).first()
        if row is None:
            return None
        return _run(row, self._offers(regional_offers.c.run_id == run_id))

    def recent(self, *, limit: int) -> list[RegionalRun]:
        rows = self._s.execute(select(regional_runs).order_by(regional_runs.c.created_at.desc()).limit(limit)).all()
        return [_run(r, []) for r in rows]

    def school_offers(self, *, limit: int) -> list[SchoolOffer]:
        """The bound school's offers (row-level security admits its own only), newest first."""
        return self._offers(limit=limit)

    def offer(self, run_id: str, org_id: str, *, lock: bool = False) -> SchoolOffer | None:
        found = self._offers(regional_offers.c.run_id == run_id, regional_offers.c.org_id == org_id, lock=lock)
        return found[0] if found else None

    def save_offer(self, offer: SchoolOffer) -> None:
        """Writes version n only over version n-1, with the decisions of its items."""
        done = self._s.execute(update(regional_offers).where(
            regional_offers.c.run_id == offer.run_id, regional_offers.c.org_id == offer.org_id,
            regional_offers.c.version == offer.version - 1).values(**_counts(offer), version=offer.version))
        if cast(CursorResult[Any], done).rowcount != 1:
            raise Conflict("Предложение изменено другим пользователем: обновите страницу и повторите")
        for item in offer.items:
            if item.decision is not Decision.PENDING:
                t = regional_offer_items
                self._s.execute(update(t).where(t.c.run_id == offer.run_id, t.c.token == item.token).values(
                    decision=item.decision.value, reason=item.reason, pair_id=item.pair_id or None,
                    decided_by=item.decided_by, decided_at=item.decided_at))


class SqlMentorLoad:
    """Active pairs per mentor across one region — counts only — read by matching's named system role (ADR 009)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def active_load(self, region_id: str, mentor_ids: list[str]) -> dict[str, int]:
        if not mentor_ids:
            return {}
        region = Principal(user_id="system:mentor-load", roles=frozenset(), scope=Scope.REGION, region_id=region_id)
        q = (select(pairs.c.mentor_id, func.count()).where(pairs.c.status == "active",
                                                           pairs.c.mentor_id.in_(mentor_ids))
             .group_by(pairs.c.mentor_id))
        with Session(self._engine) as session, session.begin():
            bind_tenant(session, region)
            return {str(m): int(n) for m, n in session.execute(q).all()}
