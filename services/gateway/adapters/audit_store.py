"""The audit log of personal-data reads and exports. Appends and reads run with the tenant bound, so the
database's row-level security lets a school's director read his or her own organisation's log only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from gateway.adapters.tables import audit_events
from mentorship_kit.db import bind_tenant
from mentorship_kit.principal import Principal


@dataclass(frozen=True)
class AuditEntry:
    at: datetime | None
    user_id: str
    username: str
    roles: tuple[str, ...]
    action: str
    subject: str
    records: int
    endpoint: str
    client_ip: str
    user_agent: str


class AuditStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, principal: Principal, entry: AuditEntry) -> None:
        with Session(self._engine) as session, session.begin():
            bind_tenant(session, principal)
            session.execute(insert(audit_events).values(
                user_id=principal.user_id, username=entry.username, roles=sorted(r.value for r in principal.roles),
                scope=principal.scope.value, org_id=principal.org_id, municipality_id=principal.municipality_id,
                region_id=principal.region_id, action=entry.action, subject=entry.subject, records=entry.records,
                endpoint=entry.endpoint, client_ip=entry.client_ip, user_agent=entry.user_agent[:300]))

    def recent(self, principal: Principal, *, limit: int) -> list[AuditEntry]:
        with Session(self._engine) as session, session.begin():
            bind_tenant(session, principal)
            rows = session.execute(select(audit_events).order_by(audit_events.c.at.desc(), audit_events.c.id.desc())
                                   .limit(limit)).all()
        return [AuditEntry(r.at, r.user_id, r.username, tuple(r.roles), r.action, r.subject, r.records, r.endpoint,
                           r.client_ip, r.user_agent) for r in rows]
