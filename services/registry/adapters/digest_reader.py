"""Open requests of many schools, read by the registry's named system role (ADR 009).

``registry_system`` holds column grants on requests and mentees that include no name, goal or person id, and a
read policy that admits a municipality or region binding only; the session binds the *caller's* outer tier, so
row-level security keeps the read inside the caller's municipality or region."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from mentorship_kit.db import bind_tenant
from mentorship_kit.principal import Principal
from registry.adapters.participant_tables import mentees, mentoring_requests
from registry.service_layer.digest_handlers import DigestRow


class SqlDigestReader:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def open_requests(self, principal: Principal, *, municipality_id: str, limit: int,
                      offset: int) -> list[DigestRow]:
        r, m = mentoring_requests, mentees
        q = (select(r.c.id, r.c.org_id, r.c.municipality_id, r.c.topics, r.c.desired_form, m.c.person_kind)
             .join(m, m.c.id == r.c.mentee_id)
             .where(r.c.status == "open", r.c.pair_id.is_(None), m.c.active.is_(True))
             .order_by(r.c.org_id, r.c.id).limit(limit).offset(offset))
        if municipality_id:
            q = q.where(r.c.municipality_id == municipality_id)
        with Session(self._engine) as session, session.begin():
            bind_tenant(session, principal)
            rows = session.execute(q).all()
        return [DigestRow(request_id=str(row.id), org_id=str(row.org_id), municipality_id=str(row.municipality_id),
                          topics=tuple(row.topics), desired_form=row.desired_form, person_kind=row.person_kind)
                for row in rows]
