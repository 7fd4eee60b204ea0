"""The school's reminder addresses and claims of mailed conditions in the registry (migration 0012), in the unit of
work's session — so a claim commits or rolls back with the letter it was claimed for."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from mentorship_kit.principal import Principal
from registry.adapters.tables import reminder_recipients, sent_document_reminders


class SqlReminderClaims:
    def __init__(self, session: Session, principal: Principal) -> None:
        self._s, self._p = session, principal

    def recipients(self) -> list[str]:
        return list(self._s.execute(select(reminder_recipients.c.email).order_by(reminder_recipients.c.email))
                    .scalars())

    def claim(self, kind: str, document_id: str, condition: str) -> bool:
        q = pg_insert(sent_document_reminders).values(
            org_id=self._p.org_id, municipality_id=self._p.municipality_id, region_id=self._p.region_id, kind=kind,
            document_id=document_id, condition=condition).on_conflict_do_nothing()
        return self._s.execute(q.returning(sent_document_reminders.c.kind)).first() is not None

    def replace_recipients(self, emails: list[str]) -> None:
        """The projection of monitoring's list (the consumer, bound to the event's school): the school's rows only —
        row-level security keeps the delete and the inserts inside it."""
        self._s.execute(delete(reminder_recipients).where(reminder_recipients.c.org_id == self._p.org_id))
        if emails:
            self._s.execute(reminder_recipients.insert(), [
                {"org_id": self._p.org_id, "municipality_id": self._p.municipality_id,
                 "region_id": self._p.region_id, "email": email} for email in sorted(set(emails))])
