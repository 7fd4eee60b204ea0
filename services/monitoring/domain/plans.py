"""The pair's plan document: a teacher mentee's персонализированная программа наставничества (3-12 months, seed 004
§3-§5: professional deficits, events with dates and expected products, the final product) or a student mentee's
индивидуальный план развития (seed 001 §2: goals with dates and expected results).

The curator drafts it; the mentor and the curator agree it (two recorded agreements). Once agreed only progress
changes; changing the items of an agreed plan makes a new version that needs both agreements again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from monitoring.domain.meetings import _CONTROL, check_open, parse_day
from monitoring.domain.pairs import MonitoredPair

TEACHER_FORMS = frozenset({"teacher_teacher", "head_teacher", "university_teacher"})
"""Forms whose mentee is a педагог: their plan is the personalised program (004); any other is a student's ИПР."""
PROGRAM, DEVELOPMENT_PLAN = "program", "development_plan"
PROGRESS = ("not_started", "in_progress", "done")
"""не начато / в работе / выполнено."""
PARTIES = ("mentor", "curator")
MIN_MONTHS, MAX_MONTHS = 3, 12
MAX_ITEMS, MAX_DEFICITS = 60, 30
LIMITS = {"title": 300, "expected_product": 1000, "deficit": 500, "final_product": 2000, "note": 1000}


@dataclass
class PlanItem:
    id: str
    title: str
    due_on: date
    expected_product: str = ""
    progress: str = "not_started"
    progress_on: date | None = None
    progress_note: str = ""
    progress_by: str = ""


@dataclass(frozen=True)
class Agreement:
    party: str
    recorded_by: str
    recorded_at: datetime


@dataclass
class PlanDocument:
    pair_id: str
    org_id: str
    municipality_id: str
    region_id: str
    kind: str
    version: int
    term_start: date
    term_end: date
    deficits: list[str] = field(default_factory=list)
    final_product: str = ""
    items: list[PlanItem] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    drafted_by: str = ""
    updated_at: datetime | None = None

    @property
    def agreed(self) -> bool:
        return {a.party for a in self.agreements} == set(PARTIES)

    def content(self) -> tuple[object, ...]:
        """What an agreement covers: everything but progress."""
        return (self.term_start, self.term_end, tuple(self.deficits), self.final_product,
                tuple((i.id, i.title, i.due_on, i.expected_product) for i in self.items))


@dataclass(frozen=True)
class ItemDraft:
    id: str
    title: str
    due_on: str
    expected_product: str = ""


def plan_kind(pair: MonitoredPair) -> str:
    return PROGRAM if pair.form in TEACHER_FORMS else DEVELOPMENT_PLAN


def blank(pair: MonitoredPair) -> PlanDocument:
    """The document a pair without a plan starts from (version 0: nothing stored yet)."""
    return PlanDocument(pair_id=pair.id, org_id=pair.org_id, municipality_id=pair.municipality_id,
                        region_id=pair.region_id, kind=plan_kind(pair), version=0, term_start=pair.term_start,
                        term_end=pair.term_end)


def _text(value: str, limit_of: str, where: str, problems: list[FieldProblem]) -> str:
    text = _CONTROL.sub("", value).strip()
    if len(text) > LIMITS[limit_of]:
        problems.append(FieldProblem(where, f"Не длиннее {LIMITS[limit_of]} символов"))
    return text


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
    return date(year, month, min(day.day, last))


def _day(text: str, field: str, label: str, problems: list[FieldProblem]) -> date | None:
    """A required day: an empty one is refused too (``parse_day`` leaves empty to its caller)."""
    if not text.strip():
        problems.append(FieldProblem(field, f"«{label}»: укажите дату"))
        return None
    return parse_day(text, field, label, problems)


def _in_term(day: date, pair: MonitoredPair) -> bool:
    return pair.term_start <= day <= pair.term_end


def _term_words(pair: MonitoredPair) -> str:
    return f"с {pair.term_start.strftime('%d.%m.%Y')} по {pair.term_end.strftime('%d.%m.%Y')}"


def draft(pair: MonitoredPair, known: PlanDocument | None, *, term_start: str, term_end: str, deficits: list[str],
          final_product: str, items: list[ItemDraft], by: str, at: datetime) -> PlanDocument:
    """The new state of the document, or every problem at once. Progress of an item kept by id survives; a changed
    content drops the agreements, and a change of a version anyone agreed starts a new version."""
    problems: list[FieldProblem] = []
    kind = plan_kind(pair)
    start = _day(term_start, "term_start", "Начало", problems)
    end = _day(term_end, "term_end", "Окончание", problems)
    if start is not None and end is not None:
        if not (_in_term(start, pair) and _in_term(end, pair)) or end < start:
            problems.append(FieldProblem("term_end", f"Срок плана — внутри срока пары: {_term_words(pair)}"))
        elif kind == PROGRAM and not add_months(start, MIN_MONTHS) <= end <= add_months(start, MAX_MONTHS):
            problems.append(FieldProblem("term_end", "Срок персонализированной программы — от 3 до 12 месяцев"))
    if len(deficits) > MAX_DEFICITS:
        problems.append(FieldProblem("deficits", f"Не больше {MAX_DEFICITS} дефицитов"))
    cleaned_deficits = [t for t in (_text(d, "deficit", "deficits", problems) for d in deficits) if t]
    product = _text(final_product, "final_product", "final_product", problems)
    if not items:
        problems.append(FieldProblem("items", "Добавьте хотя бы одно мероприятие или цель"))
    if len(items) > MAX_ITEMS:
        problems.append(FieldProblem("items", f"Не больше {MAX_ITEMS} мероприятий"))
    previous = {i.id: i for i in known.items} if known else {}
    built: list[PlanItem] = []
    for n, item in enumerate(items, start=1):
        where = f"items.{n}"
        title = _text(item.title, "title", f"{where}.title", problems)
        if not title:
            problems.append(FieldProblem(f"{where}.title", f"Пункт {n}: укажите название"))
        day = _day(item.due_on, f"{where}.due_on", f"Пункт {n}: срок", problems)
        if day is not None and not _in_term(day, pair):
            problems.append(FieldProblem(f"{where}.due_on", f"Пункт {n}: срок — в сроке пары: {_term_words(pair)}"))
        product_of = _text(item.expected_product, "expected_product", f"{where}.expected_product", problems)
        kept = previous.get(item.id)
        if item.id and kept is None:
            problems.append(FieldProblem(f"{where}.id", f"Пункт {n}: такого пункта в плане нет"))
        if day is not None:
            new = PlanItem(id=item.id or str(uuid.uuid4()), title=title, due_on=day, expected_product=product_of)
            built.append(replace(kept, title=title, due_on=day, expected_product=product_of) if kept else new)
    if len({i.id for i in built}) != len(built):
        problems.append(FieldProblem("items", "Пункт плана указан дважды"))
    if problems:
        raise ValidationFailed(problems)
    check_open(pair)
    assert start is not None and end is not None
    base = known or blank(pair)
    document = replace(base, kind=kind, term_start=start, term_end=end, deficits=cleaned_deficits,
                       final_product=product, items=built, drafted_by=by, updated_at=at)
    if known is not None and document.content() == known.content():
        return known
    # Once anyone agreed a version, its content is fixed: a change is a new version, so a late agreement naming the
    # old one is refused instead of covering text its author never saw.
    new_version = base.version == 0 or bool(base.agreements)
    return replace(document, version=base.version + 1 if new_version else base.version, agreements=[])


def agree(document: PlanDocument, pair: MonitoredPair, *, party: str, version: int, by: str,
          at: datetime) -> PlanDocument:
    if party not in PARTIES:
        raise ValidationFailed([FieldProblem("party", "Согласует наставник или куратор")])
    if document.version == 0:
        raise Conflict("Плана ещё нет: сначала сохраните черновик")
    if version != document.version:
        raise Conflict(f"План изменён (сейчас версия {document.version}): прочтите его снова и согласуйте")
    if party in {a.party for a in document.agreements}:
        raise Conflict("Эта версия плана уже согласована " + ("наставником" if party == "mentor" else "куратором"))
    check_open(pair)
    return replace(document, agreements=[*document.agreements, Agreement(party, by, at)])


def record_progress(document: PlanDocument, pair: MonitoredPair, *, item_id: str, progress: str, on: str, note: str,
                    by: str, today: date) -> tuple[PlanDocument, PlanItem]:
    """The document with one item's progress, and that item; only on an agreed plan."""
    problems: list[FieldProblem] = []
    if progress not in PROGRESS:
        problems.append(FieldProblem("progress", "Ход выполнения: не начато, в работе или выполнено"))
    day = _day(on, "on", "Дата отметки", problems)
    if day is not None and day > today:
        problems.append(FieldProblem("on", "Дата отметки не может быть в будущем"))
    if day is not None and day < pair.term_start:
        problems.append(FieldProblem("on", f"Дата отметки — в сроке пары: {_term_words(pair)}"))
    text = _text(note, "note", "note", problems)
    item = next((i for i in document.items if i.id == item_id), None)
    if document.version and item is None:
        problems.append(FieldProblem("item_id", "Такого пункта в плане нет"))
    if problems:
        raise ValidationFailed(problems)
    if not document.agreed:
        raise Conflict("План ещё не согласован наставником и куратором: ход выполнения отмечают после согласования")
    check_open(pair)
    assert item is not None and day is not None
    updated = replace(item, progress=progress, progress_on=day, progress_note=text, progress_by=by)
    items = [updated if i.id == item_id else i for i in document.items]
    return replace(document, items=items), updated
