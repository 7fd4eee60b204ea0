"""Programs and roadmaps and their approval (seed 004 §4.2: the municipality agrees school roadmaps;
the region controls municipal ones and adopts its own, 004 App. 2). Pure domain: no storage, no wire formats.

States: draft → submitted → approved | returned → (revised) submitted … Every submitted version is frozen;
editing an approved document opens the next version as a new draft, while the approved version stays
"the school's roadmap" until another one is approved.
"""

from __future__ import annotations

import copy
import enum
import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from mentorship_kit.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from mentorship_kit.vocabulary import DOCUMENT_KIND_TITLES


class Kind(enum.StrEnum):
    PROGRAM = "program"
    ROADMAP = "roadmap"


class OwnerLevel(enum.StrEnum):
    SCHOOL = "school"
    MUNICIPALITY = "municipality"
    REGION = "region"


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class Progress(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"


KIND_TITLES = {kind: DOCUMENT_KIND_TITLES[kind.value] for kind in Kind}
STAGE_COUNT = 7
REGION_SECTION_COUNT = 3
"""The regional roadmap (004 App. 2) has three sections (I–III), not the seven stages of the target model."""
TEXT_MAX, SECTION_MAX, ITEMS_MAX = 2000, 20000, 200
EARLIEST_YEAR, LATEST_YEAR = 2020, 2100
"""The years a roadmap's dates may fall in: the target model dates from 2020 (seed 000); a year outside is a
typo (2999, 0226), refused rather than kept and counted as «просрочено» or never due."""


@dataclass(frozen=True)
class Comment:
    item_ref: str
    text: str
    author_name: str = ""
    at: datetime | None = None
    version: int = 0


@dataclass(frozen=True)
class Transition:
    document_id: str
    version: int
    from_status: Status
    to_status: Status
    actor_id: str
    actor_name: str
    actor_role: str
    at: datetime
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class VersionInfo:
    """One kept version of a document, as the list of versions shows it."""

    version: int
    status: Status
    created_at: datetime
    created_by_name: str


@dataclass(frozen=True)
class TransitionRecord:
    """A recorded transition as the history shows it: its comments are counted here and listed separately."""

    version: int
    from_status: str
    to_status: str
    actor_name: str
    actor_role: str
    at: datetime
    comments: int


@dataclass(frozen=True)
class Document:
    id: str
    kind: Kind
    owner_level: OwnerLevel
    org_id: str | None
    municipality_id: str
    region_id: str
    owner_name: str
    title: str
    status: Status
    version: int
    approved_version: int
    revision: int
    content: dict[str, Any]
    updated_at: datetime
    submitted_at: datetime | None = None
    approver_name: str = ""
    approver_position: str = ""
    approved_at: datetime | None = None
    comments: tuple[Comment, ...] = field(default=())


# -- who may do what with whose document ---------------------------------------------------------------
_EDITORS = {OwnerLevel.SCHOOL: {Role.SCHOOL_CURATOR, Role.SCHOOL_DIRECTOR},
            OwnerLevel.MUNICIPALITY: {Role.MUNICIPAL_CURATOR}, OwnerLevel.REGION: {Role.REGIONAL_OPERATOR}}
_DECIDERS = {OwnerLevel.SCHOOL: {Role.MUNICIPAL_CURATOR}, OwnerLevel.MUNICIPALITY: {Role.REGIONAL_OPERATOR},
             OwnerLevel.REGION: {Role.REGIONAL_OPERATOR}}
_POSITIONS = {Role.MUNICIPAL_CURATOR: "Муниципальный куратор", Role.REGIONAL_OPERATOR: "Региональный оператор"}


def stage_count(owner_level: OwnerLevel) -> int:
    return REGION_SECTION_COUNT if owner_level is OwnerLevel.REGION else STAGE_COUNT


def owns(principal: Principal, doc: Document) -> bool:
    if doc.owner_level is OwnerLevel.SCHOOL:
        return principal.scope is Scope.ORG and principal.org_id == doc.org_id
    if doc.owner_level is OwnerLevel.REGION:
        return principal.scope is Scope.REGION and principal.region_id == doc.region_id
    return principal.scope is Scope.MUNICIPALITY and principal.municipality_id == doc.municipality_id


def _require_editor(principal: Principal, doc: Document) -> None:
    if not (owns(principal, doc) and principal.roles & _EDITORS[doc.owner_level]):
        raise Forbidden("Изменять и отправлять документ может только его владелец (куратор или руководитель)")


def _require_decider(principal: Principal, doc: Document) -> None:
    if doc.owner_level is OwnerLevel.REGION:
        # Nobody above the region works in the platform: the regional operator adopts its own roadmap (004 App. 2
        # п. 1.2 «утверждение регионального плана»), after submitting it as a frozen version.
        if not (owns(principal, doc) and principal.roles & _DECIDERS[doc.owner_level]):
            raise Forbidden("Утверждает региональную дорожную карту только региональный оператор своего региона")
        return
    if owns(principal, doc):
        raise Forbidden("Нельзя согласовать собственный документ: его согласует вышестоящий уровень")
    in_reach = (principal.municipality_id == doc.municipality_id if doc.owner_level is OwnerLevel.SCHOOL
                else principal.region_id == doc.region_id)
    if not (in_reach and principal.roles & _DECIDERS[doc.owner_level]):
        who = "муниципальный куратор муниципалитета школы" if doc.owner_level is OwnerLevel.SCHOOL \
            else "региональный оператор"
        raise Forbidden(f"Согласует этот документ только {who}")


def _check_revision(doc: Document, revision: int) -> None:
    if revision != doc.revision:
        raise Conflict("Документ уже изменён другим пользователем (или в другой вкладке): обновите страницу, "
                       "ваши правки не сохранены")


def _transition(doc: Document, principal: Principal, to: Status, now: datetime,
                comments: tuple[Comment, ...] = ()) -> Transition:
    role = sorted(principal.roles)[0].value
    return Transition(doc.id, doc.version, doc.status, to, principal.user_id, principal.display_name, role, now,
                      comments)


# -- use-case steps ---------------------------------------------------------------------------------------
def new_document(*, kind: Kind, owner_level: OwnerLevel, principal: Principal, owner_name: str,
                 template: dict[str, Any], now: datetime) -> Document:
    level_of_scope = {Scope.ORG: OwnerLevel.SCHOOL, Scope.MUNICIPALITY: OwnerLevel.MUNICIPALITY,
                      Scope.REGION: OwnerLevel.REGION}
    if level_of_scope.get(principal.scope) is not owner_level or not principal.roles & _EDITORS[owner_level]:
        raise Forbidden("Создать документ может куратор (или руководитель) самой организации")
    if owner_level is not OwnerLevel.SCHOOL and kind is not Kind.ROADMAP:
        raise ValidationFailed([FieldProblem("kind", "Муниципалитет и регион ведут дорожную карту, не программу")])
    content = _with_ids(copy.deepcopy({k: v for k, v in template.items() if k in ("stages", "sections",
                                                                                   "annual_plan")}))
    return Document(
        id=str(uuid.uuid4()), kind=kind, owner_level=owner_level, org_id=principal.org_id,
        municipality_id=(principal.municipality_id or "") if owner_level is not OwnerLevel.REGION else "",
        region_id=principal.region_id or "",
        owner_name=owner_name, title=f"{KIND_TITLES[kind]} — {owner_name}"[:300], status=Status.DRAFT,
        version=1, approved_version=0, revision=1, content=validate_content(kind, content, owner_level),
        updated_at=now)


def save_draft(doc: Document, *, principal: Principal, revision: int, title: str, content: dict[str, Any],
               now: datetime) -> tuple[Document, bool]:
    """Returns the saved document and whether a new version was opened.

    Submitted versions are frozen: revising a returned or an approved document opens the next version.
    """
    _require_editor(principal, doc)
    _check_revision(doc, revision)
    if doc.status is Status.SUBMITTED:
        raise Conflict("Документ на согласовании: правки возможны после решения муниципалитета")
    clean_title = " ".join((title or doc.title).split())
    if not clean_title or len(clean_title) > 300:
        raise ValidationFailed([FieldProblem("title", "Название документа: от 1 до 300 символов")])
    opened = doc.status in (Status.APPROVED, Status.RETURNED)
    return replace(doc, title=clean_title, content=validate_content(doc.kind, content, doc.owner_level),
                   revision=doc.revision + 1,
                   version=doc.version + 1 if opened else doc.version,
                   status=Status.DRAFT if opened else doc.status, updated_at=now), opened


def submit(doc: Document, *, principal: Principal, revision: int, now: datetime) -> tuple[Document, Transition]:
    _require_editor(principal, doc)
    _check_revision(doc, revision)
    if doc.status not in (Status.DRAFT, Status.RETURNED):
        raise Conflict("Отправить на согласование можно черновик или возвращённый документ")
    if doc.kind is Kind.PROGRAM:
        _require_complete_program(doc)
    transition = _transition(doc, principal, Status.SUBMITTED, now)
    return replace(doc, status=Status.SUBMITTED, submitted_at=now, revision=doc.revision + 1, updated_at=now), \
        transition


def _require_complete_program(doc: Document) -> None:
    """Every section of the structure (seed 000, Прил. 1) is required: an empty one is not sent for approval."""
    empty = [FieldProblem("content", f"Раздел «{s.get('title', '')}» не заполнен: заполните его, прежде чем "
                                     "отправлять программу на согласование")
             for s in doc.content.get("sections", []) if not str(s.get("text") or "").strip()]
    if empty:
        raise ValidationFailed(empty[:20])


def approve(doc: Document, *, principal: Principal, revision: int, now: datetime) -> tuple[Document, Transition]:
    _require_decider(principal, doc)
    _check_revision(doc, revision)
    if doc.status is not Status.SUBMITTED:
        raise Conflict("Согласовать можно только документ, отправленный на согласование")
    transition = _transition(doc, principal, Status.APPROVED, now)
    position = next((_POSITIONS[r] for r in sorted(principal.roles) if r in _POSITIONS), "")
    return replace(doc, status=Status.APPROVED, approved_version=doc.version, revision=doc.revision + 1,
                   approver_name=principal.display_name, approver_position=position, approved_at=now,
                   updated_at=now, comments=()), transition


def return_with_comments(doc: Document, *, principal: Principal, revision: int, comments: list[Comment],
                         now: datetime) -> tuple[Document, Transition]:
    _require_decider(principal, doc)
    _check_revision(doc, revision)
    if doc.status is not Status.SUBMITTED:
        raise Conflict("Вернуть на доработку можно только документ, отправленный на согласование")
    refs = item_refs(doc.content) | {""}
    clean = []
    for c in comments:
        text = " ".join((c.text or "").split())
        if not text:
            continue
        if len(text) > TEXT_MAX:
            raise ValidationFailed([FieldProblem("comments", f"Замечание не длиннее {TEXT_MAX} символов")])
        if c.item_ref not in refs:
            raise ValidationFailed([FieldProblem("comments", "Замечание относится к пункту, которого нет в документе")])
        clean.append(Comment(c.item_ref, text, principal.display_name, now, doc.version))
    if not clean:
        raise ValidationFailed([FieldProblem("comments", "Возвращая документ, укажите хотя бы одно замечание")])
    transition = _transition(doc, principal, Status.RETURNED, now, tuple(clean))
    return replace(doc, status=Status.RETURNED, revision=doc.revision + 1, updated_at=now,
                   comments=tuple(clean)), transition


# -- content ------------------------------------------------------------------------------------------------
def _with_ids(content: dict[str, Any]) -> dict[str, Any]:
    for stage in content.get("stages", []):
        for item in stage.get("items", []):
            item.setdefault("id", str(uuid.uuid4()))
    for row in content.get("annual_plan", []):
        row.setdefault("id", str(uuid.uuid4()))
    return content


def item_refs(content: dict[str, Any]) -> set[str]:
    refs = {i["id"] for s in content.get("stages", []) for i in s.get("items", [])}
    refs |= {s["key"] for s in content.get("sections", [])}
    return refs | {r["id"] for r in content.get("annual_plan", [])}


def _text(value: Any, limit: int, where: str, problems: list[FieldProblem]) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        problems.append(FieldProblem("content", f"{where}: не длиннее {limit} символов"))
    return text


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(value: Any, where: str, problems: list[FieldProblem]) -> str:
    if not value:
        return ""
    text = str(value)
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        problems.append(FieldProblem("content", f"{where}: дата в формате ГГГГ-ММ-ДД"))
        return ""
    try:
        found = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        problems.append(FieldProblem("content", f"{where}: такой даты не существует ({text})"))
        return ""
    if not EARLIEST_YEAR <= found.year <= LATEST_YEAR:
        problems.append(FieldProblem("content", f"{where}: срок {found:%d.%m.%Y} вне лет, на которые ведётся "
                                                f"дорожная карта ({EARLIEST_YEAR}–{LATEST_YEAR})"))
        return ""
    return found.isoformat()


def validate_content(kind: Kind, content: dict[str, Any],
                     owner_level: OwnerLevel = OwnerLevel.SCHOOL) -> dict[str, Any]:
    """Normalise and check; every problem is named with where it is («Этап 3, п. 2: …»)."""
    problems: list[FieldProblem] = []
    content = _with_ids(copy.deepcopy(content))
    if kind is Kind.ROADMAP:
        stages = content.get("stages", [])
        numbers = [int(s.get("number", 0)) for s in stages]
        count = stage_count(owner_level)
        if sorted(numbers) != list(range(1, count + 1)):
            problems.append(FieldProblem("content", "Региональная дорожная карта состоит из 3 разделов"
                                         if owner_level is OwnerLevel.REGION
                                         else "Дорожная карта состоит из 7 этапов целевой модели"))
        clean_stages: list[dict[str, Any]] = []
        for stage in sorted(stages, key=lambda s: int(s.get("number", 0))):
            items = []
            for n, item in enumerate(stage.get("items", []), start=1):
                where = f"Этап {stage.get('number')}, п. {n}"
                activity = _text(item.get("activity"), TEXT_MAX, where, problems)
                if not activity:
                    problems.append(FieldProblem("content", f"{where}: укажите мероприятие"))
                starts, due = _date(item.get("starts_on"), where, problems), _date(item.get("due_on"), where, problems)
                if starts and due and due < starts:
                    problems.append(FieldProblem("content", f"{where}: срок окончания раньше начала"))
                # «срок для ОО» / «срок для МОУО»: a deadline the item sets the tier below (issue 15 item 1)
                lower_due = _date(item.get("lower_due_on"), where, problems)
                if lower_due and owner_level is OwnerLevel.SCHOOL:
                    problems.append(FieldProblem("content", f"{where}: у школы нет нижестоящего уровня"))
                items.append({"id": str(item["id"]), "activity": activity,
                              "period": _text(item.get("period"), 200, where, problems), "starts_on": starts,
                              "due_on": due, "lower_due_on": lower_due,
                              "responsible": _text(item.get("responsible"), 300, where, problems),
                              "result": _text(item.get("result"), TEXT_MAX, where, problems)})
            clean_stages.append({"number": int(stage.get("number", 0)),
                                 "title": _text(stage.get("title"), 300, f"Этап {stage.get('number')}", problems),
                                 "items": items})
        if sum(len(s["items"]) for s in clean_stages) > ITEMS_MAX:
            problems.append(FieldProblem("content", f"Не больше {ITEMS_MAX} пунктов"))
        result: dict[str, Any] = {"stages": clean_stages}
    else:
        sections = [{"key": _text(s.get("key"), 100, "Раздел", problems),
                     "title": _text(s.get("title"), 300, "Раздел", problems),
                     "text": _text(s.get("text"), SECTION_MAX, f"Раздел «{s.get('title', '')}»", problems)}
                    for s in content.get("sections", [])]
        if not sections:
            problems.append(FieldProblem("content", "В программе нет разделов"))
        plan = []
        for n, row in enumerate(content.get("annual_plan", []), start=1):
            where = f"План мероприятий, строка {n}"
            event = _text(row.get("event"), TEXT_MAX, where, problems)
            if not event:
                problems.append(FieldProblem("content", f"{where}: укажите мероприятие"))
            plan.append({"id": str(row["id"]), "event": event,
                         **{k: _text(row.get(k), 500, where, problems)
                            for k in ("form", "dates", "responsible", "participants", "result")}})
        result = {"sections": sections, "annual_plan": plan}
    if problems:
        raise ValidationFailed(problems[:20])
    return result


def effective_progress(stored: str, due_on: str, today: date) -> Progress:
    """«Просрочено» is never stored: it is what a not-done item past its due date is."""
    progress = Progress(stored) if stored else Progress.PLANNED
    if progress is not Progress.DONE and due_on and date.fromisoformat(due_on) < today:
        return Progress.OVERDUE
    return progress


def progress_counts(content: dict[str, Any], progress: dict[str, str], today: date) -> tuple[int, int, int]:
    """(items, done, overdue) of a roadmap with the given stored progress per item id."""
    items = [i for s in content.get("stages", []) for i in s.get("items", [])]
    states = [effective_progress(progress.get(i["id"], ""), i.get("due_on", ""), today) for i in items]
    return len(items), states.count(Progress.DONE), states.count(Progress.OVERDUE)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, str]]:
    """What changed between two versions, item by item, in words a curator reads."""
    changes: list[dict[str, str]] = []

    def compare(where: str, ref: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
                fields: tuple[str, ...]) -> None:
        if before is None and after is not None:
            changes.append({"kind": "added", "where": where, "item_ref": ref, "field": "", "before": "",
                            "after": str(after.get(fields[0], ""))})
        elif after is None and before is not None:
            changes.append({"kind": "removed", "where": where, "item_ref": ref, "field": "",
                            "before": str(before.get(fields[0], "")), "after": ""})
        elif before is not None and after is not None:
            for f in fields:
                if str(before.get(f, "")) != str(after.get(f, "")):
                    changes.append({"kind": "changed", "where": where, "item_ref": ref, "field": f,
                                    "before": str(before.get(f, "")), "after": str(after.get(f, ""))})

    def index(stages: list[dict[str, Any]]) -> dict[str, tuple[str, dict[str, Any]]]:
        return {i["id"]: (f"Этап {s['number']}, п. {n}", i) for s in stages
                for n, i in enumerate(s.get("items", []), start=1)}

    old_items, new_items = index(old.get("stages", [])), index(new.get("stages", []))
    for ref in [*old_items, *[r for r in new_items if r not in old_items]]:
        where = (new_items.get(ref) or old_items[ref])[0]
        compare(where, ref, old_items.get(ref, ("", None))[1], new_items.get(ref, ("", None))[1],
                ("activity", "period", "starts_on", "due_on", "lower_due_on", "responsible", "result"))
    old_sections = {s["key"]: s for s in old.get("sections", [])}
    new_sections = {s["key"]: s for s in new.get("sections", [])}
    for key in [*old_sections, *[k for k in new_sections if k not in old_sections]]:
        section = new_sections.get(key) or old_sections[key]
        compare(f"Раздел «{section['title']}»", key, old_sections.get(key), new_sections.get(key), ("text", "title"))
    old_plan = {r["id"]: r for r in old.get("annual_plan", [])}
    new_plan = {r["id"]: r for r in new.get("annual_plan", [])}
    for ref in [*old_plan, *[r for r in new_plan if r not in old_plan]]:
        compare("План мероприятий", ref, old_plan.get(ref), new_plan.get(ref),
                ("event", "form", "dates", "responsible", "participants", "result"))
    return changes
