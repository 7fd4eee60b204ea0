"""The registry's reminders by e-mail (issue 12 item 6, ADR 017 addendum): a school's roadmap items due this month
and not done, and its documents returned by the municipality. Derived from the documents on every pass like
monitoring's; each is a *condition* claimed once, so a reminder is mailed once however often the job runs:

- a returned document is (document, ``returned-v<version>``): returned again after a new submission of a newer
  version is a new condition;
- a roadmap item is (document, ``item-<item id>-<YYYY-MM>``): due this month and not done.

Labels name the document kind, its number and dates — never a person: the letter leaves the school's staff, and a
roadmap item is free text a school may have typed a name into, so its text is not sent (the link opens it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from mentorship_kit.vocabulary import DOCUMENT_KIND_TITLES
from registry.domain.documents import Document, Kind, Progress, Status

RETURNED = "document_returned"
ROADMAP_DUE = "roadmap_due"


@dataclass(frozen=True)
class DocumentReminder:
    kind: str
    document_id: str
    condition: str
    label: str


def _day(iso: str) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}"


def due_document_reminders(documents: Iterable[Document], progress: Mapping[str, Mapping[str, str]], *,
                           today: date) -> list[DocumentReminder]:
    """The school's own documents (RLS keeps the rest out) → what is due today. ``progress``: document id → item id
    → stored progress."""
    month = today.strftime("%Y-%m")
    due: list[DocumentReminder] = []
    for doc in documents:
        title = DOCUMENT_KIND_TITLES.get(doc.kind.value, doc.kind.value)
        if doc.status is Status.RETURNED:
            due.append(DocumentReminder(RETURNED, doc.id, f"returned-v{doc.version}",
                                        f"{title} (версия {doc.version}) возвращена на доработку"))
        if doc.kind is not Kind.ROADMAP:
            continue
        stored = progress.get(doc.id, {})
        for stage in doc.content.get("stages", []):
            for n, item in enumerate(stage.get("items", []), start=1):
                due_on = item.get("due_on") or ""
                if due_on.startswith(month) and stored.get(item["id"], "") != Progress.DONE:
                    due.append(DocumentReminder(
                        ROADMAP_DUE, doc.id, f"item-{item['id']}-{month}",
                        f"{title}: этап {stage.get('number')}, п. {n} — срок до {_day(due_on)}"))
    return due


def compose(reminders: list[DocumentReminder], *, link_base: str) -> tuple[str, str]:
    """One letter per school per pass: the subject and the plain-text body."""
    lines = ["Здравствуйте!", "", "На платформе «Наставничество» ждут внимания документы школы:", ""]
    lines += [f"— {r.label}: {link_base.rstrip('/')}/documents/{r.document_id}" for r in reminders]
    lines += ["", "Это письмо отправлено один раз по каждому напоминанию. Список дел — на странице «На сегодня»."]
    return f"Наставничество: документы школы ({len(reminders)})", "\n".join(lines)
