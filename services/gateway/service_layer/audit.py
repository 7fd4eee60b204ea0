"""Who read or exported personal data, when and from where (152-ФЗ: answerable within hours)."""

from __future__ import annotations

from gateway.adapters.audit_store import AuditEntry, AuditStore
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Principal


class AuditService:
    def __init__(self, store: AuditStore) -> None:
        self._store = store

    def record(self, principal: Principal, *, username: str, action: str, subject: str, records: int,
               endpoint: str, client_ip: str, user_agent: str) -> None:
        self._store.append(principal, AuditEntry(None, principal.user_id, username, (), action, subject, records,
                                                 endpoint, client_ip, user_agent))

    def recent(self, principal: Principal, *, limit: int = 200) -> list[AuditEntry]:
        require(principal, Action.AUDIT_READ)
        return self._store.recent(principal, limit=limit)
