"""The home page: what needs doing today, per role, with counts and links (issue 10 item 15).

Declarative like the routes: each section names the one action that lets a role see it (``SECTIONS``), so the
policy decides who sees what and the policy-matrix test checks it. A section reads only through the clients
the caller may already use; one that fails shows its reason in its place instead of hiding the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from mentorship_kit import vocabulary
from mentorship_kit.errors import DomainError
from mentorship_kit.policy import Action, is_allowed
from mentorship_kit.principal import Principal, Scope

ITEMS_SHOWN = 5  # links under a count; the rest is one click away on the linked page
LISTED = 50  # imports and runs looked at: the newest ones, what a curator still has to finish


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    count: int
    link: str
    link_title: str
    items: tuple[tuple[str, str], ...] = ()  # (label, href) of the first few
    error: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    action: Action
    build: Callable[[Principal, Any], Task] = field(repr=False)


def _task(key: str, count: int, link: str, link_title: str, items: tuple[tuple[str, str], ...] = (),
          hint: str = "") -> Task:
    return Task(key, vocabulary.HOME_TASK_TITLES[key], count, link, link_title, items, hint=hint)


def _documents(container: Any, p: Principal) -> list[Any]:
    """The caller's own documents: a school's, or the municipality's own (not its schools', which it decides)."""
    docs = container.documents.headers(p)
    if p.scope is Scope.ORG:
        return [d for d in docs if d.org_id == p.org_id]
    if p.scope is Scope.REGION:  # the regional operator's own roadmap (issue 15)
        return [d for d in docs if d.owner_level == "region" and d.region_id == p.region_id]
    return [d for d in docs if d.owner_level == "municipality" and d.municipality_id == p.municipality_id]


def _doc_items(docs: Sequence[Any]) -> tuple[tuple[str, str], ...]:
    return tuple((f"{vocabulary.DOCUMENT_KIND_TITLES.get(d.kind, d.kind)}: {d.title or d.owner_name}",
                  f"/documents/{d.id}") for d in docs[:ITEMS_SHOWN])


def returned_documents(p: Principal, container: Any) -> Task:
    docs = [d for d in _documents(container, p) if d.status == "returned"]
    return _task("returned", len(docs), "/documents", "К списку документов", _doc_items(docs))


def draft_documents(p: Principal, container: Any) -> Task:
    docs = [d for d in _documents(container, p) if d.status == "draft"]
    return _task("drafts", len(docs), "/documents", "К списку документов", _doc_items(docs))


def waiting_imports(p: Principal, container: Any) -> Task:
    jobs = [j for j in container.participants.list_imports(p, limit=LISTED) if j.status == "preview"]
    return _task("imports", len(jobs), "/school/imports", "К загрузкам",
                 tuple((j.filename, f"/school/imports/{j.id}") for j in jobs[:ITEMS_SHOWN]))


def open_requests(p: Principal, container: Any) -> Task:
    total = container.participants.list_requests(p, status="open", page_size=1).total
    return _task("requests", total, "/school/requests?status=open", "К запросам",
                 hint="Пара подбирается на странице «Подбор пар»")


def draft_runs(p: Principal, container: Any) -> Task:
    runs = [r for r in container.matching.list_runs(p, limit=LISTED).runs if r.status == "draft"]
    return _task("runs", len(runs), "/school/matching", "К подбору пар",
                 tuple((f"Прогон от {_day(r.created_at)}", f"/school/matching/runs/{r.id}")
                       for r in runs[:ITEMS_SHOWN]))


def pairs_without_consent(p: Principal, container: Any) -> Task:
    pairs, token = [], ""
    for _ in range(10):
        page = container.matching.list_pairs(p, status="active", page_size=200, page_token=token)
        pairs += [pair for pair in page.pairs if not pair.mentor_consent_on]
        token = page.next_page_token
        if not token:
            break
    return _task("consents", len(pairs), "/school/pairs?status=active", "К парам",
                 tuple((f"{pair.mentor_name} — {pair.mentee_name}", f"/school/pairs/{pair.id}")
                       for pair in pairs[:ITEMS_SHOWN]))


def overdue_meetings(p: Principal, container: Any) -> Task:
    """Pairs whose meetings are overdue, as monitoring derives it on every read (ADR 008): never stale."""
    pairs = container.monitoring.list_pairs(p, overdue_only=True).pairs
    items = tuple((": ".join([pair_number(pair.pair_id), *pair.overdue[:1]]), f"/school/pairs/{pair.pair_id}/work")
                  for pair in pairs[:ITEMS_SHOWN])
    return _task("overdue", len(pairs), "/school/monitoring", "К мониторингу пар", items,
                 hint="Встреча по плану не проведена или встреч не было дольше срока школы")


def overdue_groups(p: Principal, container: Any) -> Task:
    """Groups with no meeting for N weeks, derived by monitoring on every read like the pairs' (ADR 017)."""
    groups = container.monitoring.list_groups(p, overdue_only=True).groups
    items = tuple((": ".join([group_number(g.group_id), *g.overdue[:1]]), f"/school/groups/{g.group_id}/work")
                  for g in groups[:ITEMS_SHOWN])
    return _task("overdue_groups", len(groups), "/school/monitoring", "К мониторингу пар", items,
                 hint="Встреч группы не было дольше срока школы")


def _work_task(key: str, kind: str, p: Principal, container: Any, hint: str) -> Task:
    due = [r for r in container.monitoring.due_work(p).reminders if r.kind == kind]
    return _task(key, len(due), "/school/monitoring", "К мониторингу пар",
                 tuple((r.label, f"/school/pairs/{r.pair_id}/work") for r in due[:ITEMS_SHOWN]), hint=hint)


def plans_unagreed(p: Principal, container: Any) -> Task:
    return _work_task("plans_unagreed", "plan_unagreed", p, container,
                      "План работы пары согласуют наставник и куратор")


def roadmap_due(p: Principal, container: Any, *, today: date | None = None) -> Task:
    """Items of the school's own roadmap due this month and not done — the roadmap lives in the registry."""
    day = today or datetime.now(UTC).date()
    month = day.strftime("%Y-%m")
    items: list[tuple[str, str]] = []
    for header in [d for d in _documents(container, p) if d.kind == "roadmap"]:
        doc = container.documents.get(p, header.id)
        for stage in doc.content.stages if doc.content else []:
            items += [(f"{item.activity} — до {_day(item.due_on)}", f"/documents/{doc.id}")
                      for item in stage.items if item.due_on.startswith(month) and item.progress != "done"]
    return _task("roadmap_due", len(items), "/documents", "К дорожной карте", tuple(items[:ITEMS_SHOWN]),
                 hint="Мероприятия дорожной карты со сроком в этом месяце")


def upper_deadlines(p: Principal, container: Any) -> Task:
    """Deadlines the approved roadmaps above set the caller («срок для ОО» / «срок для МОУО», issue 15 item 1), until
    the item is marked done there; the nearest first."""
    above = "municipality" if p.scope is Scope.ORG else "region"  # only the tier right above sets the caller's
    found = [(item.lower_due_on, item.activity) for doc in container.tiers.upper_roadmaps(p).roadmaps
             if doc.owner_level == above
             for stage in (doc.content.stages if doc.content else []) for item in stage.items
             if item.lower_due_on and item.progress != "done"]
    found.sort()
    return _task("upper_deadlines", len(found), "/roadmaps/upper", "К дорожным картам",
                 tuple((f"{activity} — до {_day(due)}", "/roadmaps/upper") for due, activity in found[:ITEMS_SHOWN]),
                 hint="Сроки, которые согласованная дорожная карта муниципалитета или региона ставит вам")


def self_diagnosis_due(p: Principal, container: Any) -> Task:
    """The yearly self-diagnosis (004 App. 2 п. 3.3) not passed yet this year."""
    form = container.tiers.self_diagnosis_form(p)
    missing = int(form.latest is None or not form.latest.version)
    return _task("self_diagnosis", missing, "/self-diagnosis", "К самодиагностике",
                 hint="Проводится ежегодно; результат видит вышестоящий уровень")


def reports_due(p: Principal, container: Any) -> Task:
    """The mentor's reports of ended periods not filed yet: a mentor's own pairs, the school's for the staff."""
    due = container.monitoring.reports_due(p).reports
    return _task("reports_due", len(due), "/school/monitoring", "К парам",
                 tuple((f"{pair_number(d.pair_id)}: период №{d.period_number}", f"/school/pairs/{d.pair_id}/reports")
                       for d in due[:ITEMS_SHOWN]),
                 hint="Отчёт о проделанной работе принимают после окончания отчётного периода")


def pair_number(pair_id: str) -> str:
    """«Пара №…» by the start of its id: a label that carries no name (the same one the reminder e-mail uses)."""
    return f"Пара №{pair_id[:8]}"


def group_number(group_id: str) -> str:
    """«Группа №…» by the start of its id, like a pair's label: no name."""
    return f"Группа №{group_id[:8]}"


def route_items_due(p: Principal, container: Any, *, today: date | None = None) -> Task:
    """Items of the caller's routes (ИОМ, ADR 011) not done whose deadline falls in this month or has passed: the
    tutor's own routes, or the school's."""
    day = today or datetime.now(UTC).date()
    month_end = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    due = [(route, item) for route in container.routes.routes.list_routes(p) for item in route.items
           if item.status != "done" and date.fromisoformat(item.due_on) < month_end]
    due.sort(key=lambda pair: pair[1].due_on)
    link = "/school/routes" if p.scope is Scope.ORG else "/tutor/routes"
    return _task("route_items", len(due), link, "К маршрутам",
                 tuple((f"{route.teacher_name}: {item.title} (до {item.due_on[8:10]}.{item.due_on[5:7]})",
                        f"/routes/{route.id}") for route, item in due[:ITEMS_SHOWN]))


def open_questionnaires(p: Principal, container: Any) -> Task:
    """A signed-in participant's open invitations to answer (ADR 012 addendum): answered in the platform, no link."""
    found = container.questionnaires.my_invitations(p).invitations
    return _task("questionnaires", len(found), "/my/questionnaires", "К моим анкетам",
                 tuple((x.questionnaire_title, f"/my/questionnaires/{x.invitation_id}") for x in found[:ITEMS_SHOWN]))


def documents_to_decide(p: Principal, container: Any) -> Task:
    entries = container.documents.inbox(p)
    return _task("decide", len(entries), "/inbox", "К списку на согласование",
                 tuple((f"{e.document.owner_name}: {vocabulary.DOCUMENT_KIND_TITLES.get(e.document.kind, '')}",
                        f"/documents/{e.document.id}") for e in entries[:ITEMS_SHOWN]))


def access_log(p: Principal, container: Any) -> Task:
    entries = container.audit.recent(p, limit=200)
    return _task("audit", len(entries), "/school/audit", "К журналу доступа",
                 hint="Директор проверяет, кто и что смотрел")


def administered(p: Principal, container: Any) -> Task:
    organisations = container.registry.list_organisations(p)
    municipalities = container.registry.list_municipalities(p)
    return _task("structure", len(organisations), "/admin/structure", "К организациям",
                 hint=f"Муниципалитетов: {len(municipalities)}. Администратор ведёт регионы, муниципалитеты и "
                      "организации и снимает блокировку входа")


SECTIONS: tuple[Section, ...] = (
    Section("decide", Action.DOCUMENT_DECIDE, documents_to_decide),
    Section("returned", Action.DOCUMENT_EDIT, returned_documents),
    Section("drafts", Action.DOCUMENT_EDIT, draft_documents),
    Section("imports", Action.PERSON_IMPORT, waiting_imports),
    Section("requests", Action.REQUEST_MANAGE, open_requests),
    Section("runs", Action.MATCHING_READ, draft_runs),
    Section("consents", Action.MATCHING_READ, pairs_without_consent),  # the school's staff, not a participant
    Section("overdue", Action.PAIR_READ, overdue_meetings),  # a participant's login: its own pairs (ADR 010)
    Section("overdue_groups", Action.PAIR_READ, overdue_groups),  # a mentor's login: his own groups (RLS)
    Section("reports_due", Action.PAIR_WORK_RECORD, reports_due),
    Section("route_items", Action.ROUTE_WORK, route_items_due),
    Section("questionnaires", Action.QUESTIONNAIRE_ANSWER, open_questionnaires),  # a participant's login only
    Section("plans_unagreed", Action.PAIR_WORK_RECORD, plans_unagreed),
    Section("roadmap_due", Action.DOCUMENT_EDIT, roadmap_due),
    # The school and the municipality: what the tiers above ask of them (issue 15).
    Section("upper_deadlines", Action.SELF_DIAGNOSIS_FILL, upper_deadlines),
    Section("self_diagnosis", Action.SELF_DIAGNOSIS_FILL, self_diagnosis_due),
    Section("audit", Action.AUDIT_READ, access_log),
    Section("structure", Action.STRUCTURE_MANAGE, administered),
)


def today(p: Principal, container: Any) -> list[Task]:
    """The sections the caller's roles allow, each counted now; a failing one carries its Russian reason."""
    tasks = []
    for section in SECTIONS:
        if not is_allowed(p, section.action):
            continue
        try:
            tasks.append(section.build(p, container))
        except DomainError as exc:
            tasks.append(Task(section.key, vocabulary.HOME_TASK_TITLES[section.key], 0, "", "", error=exc.message))
    return tasks


INFORMATION = frozenset({"audit", "structure"})
"""Sections that inform rather than ask for something to be done: not counted in «дел на сегодня»."""


def pending(tasks: Sequence[Task]) -> int:
    return sum(t.count for t in tasks if t.key not in INFORMATION)


def _day(moment: str | None) -> str:
    text = (moment or "")[:10]
    return f"{text[8:10]}.{text[5:7]}.{text[:4]}" if len(text) == 10 else "—"
