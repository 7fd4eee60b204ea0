"""Individual routes (ИОМ) in PostgreSQL. Row-level security decides which rows exist for the caller: the school's
for its inner contour, the assigned ones for a tutor (ADR 011); this repository never filters by tenant itself."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from monitoring.adapters.tables import individual_routes as t
from monitoring.domain.routes import AreaScore, Diagnosis, Route, RouteItem, RouteNote

_TENANT = ("org_id", "municipality_id", "region_id")
_PLAIN = ("teacher_name", "school_name", "years", "starts_on", "ideal_image", "consent_on", "consent_document",
          "tutor_name", "assigned_at", "created_by", "created_at", "version")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _route(row: Any) -> Route:
    diagnoses = [Diagnosis(d["id"], date.fromisoformat(d["taken_on"]),
                           tuple(AreaScore(s["area"], int(s["score"]), s["comment"]) for s in d["scores"]),
                           d.get("recorded_by", "")) for d in row.diagnoses]
    items = [RouteItem(i["id"], int(i["year"]), i["title"], i["form"], date.fromisoformat(i["due_on"]), i["status"],
                       i["product"], _day(i.get("done_on"))) for i in row.items]
    notes = [RouteNote(n["id"], n["kind"], n["text"], n["author_role"], n["author_name"],
                       datetime.fromisoformat(n["written_at"])) for n in row.notes]
    values: dict[str, Any] = {**{n: str(getattr(row, n)) for n in _TENANT}, **{n: getattr(row, n) for n in _PLAIN}}
    return Route(id=str(row.id), teacher_person_id=str(row.teacher_person_id), tutor_user_id=row.tutor_user_id or "",
                 diagnoses=diagnoses, items=items, notes=notes, **values)


def _documents(r: Route) -> dict[str, Any]:
    return {
        "diagnoses": [{"id": d.id, "taken_on": d.taken_on.isoformat(), "recorded_by": d.recorded_by,
                       "scores": [{"area": s.area, "score": s.score, "comment": s.comment} for s in d.scores]}
                      for d in r.diagnoses],
        "items": [{"id": i.id, "year": i.year, "title": i.title, "form": i.form, "due_on": i.due_on.isoformat(),
                   "status": i.status, "product": i.product, "done_on": i.done_on.isoformat() if i.done_on else None}
                  for i in r.items],
        "notes": [{"id": n.id, "kind": n.kind, "text": n.text, "author_role": n.author_role,
                   "author_name": n.author_name, "written_at": n.written_at.isoformat()} for n in r.notes],
    }


class SqlRouteRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, route_id: str, *, lock: bool = False) -> Route | None:
        q = select(t).where(t.c.id == route_id)
        row = self._s.execute(q.with_for_update() if lock else q).first()
        return _route(row) if row else None

    def list(self) -> list[Route]:
        rows = self._s.execute(select(t).order_by(t.c.created_at.desc(), t.c.id)).all()
        return [_route(r) for r in rows]

    def add(self, r: Route) -> None:
        self._s.execute(pg_insert(t).values(
            id=r.id, **{n: getattr(r, n) for n in _TENANT}, teacher_person_id=r.teacher_person_id,
            tutor_user_id=r.tutor_user_id or None, **{n: getattr(r, n) for n in _PLAIN}, **_documents(r)))

    def save(self, r: Route, *, known_version: int) -> bool:
        """Writes the route if nobody changed it since ``known_version`` was read (the row is locked anyway)."""
        values = {"tutor_user_id": r.tutor_user_id or None, **{n: getattr(r, n) for n in _PLAIN}, **_documents(r)}
        done = self._s.execute(update(t).where(t.c.id == r.id, t.c.version == known_version).values(**values))
        return bool(done.rowcount)  # type: ignore[attr-defined]
