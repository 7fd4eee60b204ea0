"""Claim-and-send of the registry's reminders (ADR 017 addendum), the shape of monitoring's work reminders: the
school's fresh conditions are claimed and mailed in one letter in the same transaction — a failed send rolls every
claim back and the next pass retries; a claimed condition is never mailed again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from registry.domain.document_reminders import DocumentReminder, compose, due_document_reminders
from registry.domain.documents import Kind
from registry.service_layer.unit_of_work import UnitOfWork

Send = Callable[[list[str], str, str], None]


class ReminderClaims(Protocol):
    """The school's reminder addresses and the claims of mailed conditions, in the unit of work's transaction."""

    def recipients(self) -> list[str]: ...
    def claim(self, kind: str, document_id: str, condition: str) -> bool:
        """True the first time a condition is claimed; False when it was claimed (mailed) before."""
        ...
    def replace_recipients(self, emails: list[str]) -> None:
        """The school's addresses become exactly ``emails`` (the projection of monitoring's list)."""
        ...


def due(uow: UnitOfWork, *, today: date) -> list[DocumentReminder]:
    """What is due for the unit of work's school: its own documents only (the school's principal, RLS)."""
    org_id = uow.principal.org_id
    headers = uow.documents.headers(org_id=org_id)
    # headers carry no content: a roadmap is read whole for its items' dates
    documents = [(uow.documents.get(h.id) or h) if h.kind is Kind.ROADMAP else h for h in headers]
    progress = {d.id: {k: v[0] for k, v in uow.documents.progress(d.id).items()}
                for d in documents if d.kind is Kind.ROADMAP}
    return due_document_reminders(documents, progress, today=today)


def send_document_reminders(uow: UnitOfWork, claims: Callable[[UnitOfWork], ReminderClaims], send: Send, *,
                            today: date, link_base: str) -> int:
    """Mails the school's not yet mailed conditions in one letter; returns how many were mailed."""
    with uow:
        store = claims(uow)
        recipients = store.recipients()
        if not recipients:
            return 0
        fresh = [r for r in due(uow, today=today) if store.claim(r.kind, r.document_id, r.condition)]
        if not fresh:
            return 0
        subject, body = compose(fresh, link_base=link_base)
        send(recipients, subject, body)
        uow.commit()
    return len(fresh)


def learn_recipients(uow: UnitOfWork, claims: Callable[[UnitOfWork], ReminderClaims], emails: list[str]) -> None:
    """The school named its reminder addresses in monitoring (``reminder_recipients_changed``): the registry keeps
    the same list, so the school names them once. An empty list stops the registry's letters too."""
    with uow:
        claims(uow).replace_recipients(emails)
        uow.commit()
