"""The other reminders of a pair's work (issue 12 item 6): a report due — a reporting period ended without the
mentor's report — and a plan awaiting agreement — drafted, not agreed by both the mentor and the curator.

Each is due once per *condition*: the pair with the period's number, or the pair with the plan's version. A report
filed or a plan agreed ends the condition; a new version of an agreed plan is a new condition. Labels carry kinds,
numbers and dates only: the e-mail leaves the school's inner contour."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from monitoring.domain.pairs import MonitoredPair
from monitoring.domain.plans import PlanDocument
from monitoring.domain.reminders import pair_number
from monitoring.domain.reports import MentorReport, pair_periods

REPORT_DUE, PLAN_UNAGREED = "report_due", "plan_unagreed"
PARTY_WORDS = {"mentor": "наставника", "curator": "куратора"}


@dataclass(frozen=True)
class WorkReminder:
    kind: str
    pair_id: str
    condition: str
    label: str


def reports_due(pairs: Iterable[MonitoredPair], reports: Iterable[MentorReport], *,
                today: date) -> list[WorkReminder]:
    """Every ended reporting period of every pair without its report (a closed pair's periods end where it ended)."""
    filed = {(r.pair_id, r.period_number) for r in reports}
    due = []
    for pair in pairs:
        for period in pair_periods(pair):
            if period.due(today) and (pair.id, period.number) not in filed:
                due.append(WorkReminder(
                    REPORT_DUE, pair.id, f"period-{period.number}",
                    f"{pair_number(pair.id).capitalize()}: отчёт за период №{period.number} "
                    f"({period.start.strftime('%d.%m.%Y')}–{period.end.strftime('%d.%m.%Y')}) не сдан"))
    return due


def plans_unagreed(pairs: Iterable[MonitoredPair], documents: Iterable[PlanDocument]) -> list[WorkReminder]:
    """Plans of active pairs drafted and still missing an agreement (which of the two is named)."""
    active = {p.id for p in pairs if p.status.value == "active"}
    due = []
    for doc in documents:
        if doc.pair_id not in active or doc.agreed:
            continue
        missing = [PARTY_WORDS[party] for party in PARTY_WORDS if party not in {a.party for a in doc.agreements}]
        due.append(WorkReminder(
            PLAN_UNAGREED, doc.pair_id, f"version-{doc.version}",
            f"{pair_number(doc.pair_id).capitalize()}: план (версия {doc.version}) ждёт согласования "
            + " и ".join(missing)))
    return due


def compose_work(reminders: list[WorkReminder], *, link_base: str) -> tuple[str, str]:
    """One e-mail for the school's newly due conditions of one pass: each line a pair's number, what is due and
    a link — never a name."""
    base = link_base.rstrip("/")
    subject = f"Наставничество: что нужно сделать ({len(reminders)})"
    lines = ["Здравствуйте!", "", "В работе пар наставничества вашей организации нужно сделать:", ""]
    for r in reminders:
        lines += [f"— {r.label}", f"  {base}/school/pairs/{r.pair_id}/work"]
    lines += ["", "О каждом пункте письмо приходит один раз."]
    return subject, "\n".join(lines)
