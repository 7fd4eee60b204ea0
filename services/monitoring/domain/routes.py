"""A teacher's individual educational route (ИОМ, seed 004 §4.3.3) with a tutor of the regional ЦНППМ (ADR 011).

A long program (4-5 years) of the teacher's own professional growth: самоопределение (the desired image of oneself),
dated self-diagnoses over the 8 competence areas (each kept, so progress shows), the route's roadmap (items per year:
what, the form — курсы, стажировка, самообразование, …, the deadline, the status, the product) and reflection.

The school's curator opens the route for an employee of the school and records the teacher's consent to the tutor's
support; without consent no tutor is assigned. The assignment copies the teacher's and the school's names into the
route: that copy is all the tutor ever learns of the school."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from monitoring.domain.meetings import _CONTROL, parse_day

AREAS = ("scientific", "legal", "subject", "psychological", "methodical", "digital", "upbringing", "health")
"""The 8 competence areas of the self-diagnosis (004 §4.3.3 step 2): научно-теоретическая, нормативная правовая,
предметная, психолого-педагогическая, методическая, ИКТ/цифровая, внеурочная и воспитательная, здоровьесберегающая."""
MIN_SCORE, MAX_SCORE = 1, 5
YEARS = (4, 5)
FORMS = ("courses", "internship", "self_education", "trial", "project", "research", "event")
"""Forms of a roadmap item (004 §4.3.3 step 4): курсы ДПО, стажировка, самообразование, пробно-поисковые действия,
инновационный проект, исследовательская деятельность, мероприятие (семинар, конкурс, …)."""
STATUSES = ("planned", "in_progress", "done")
NOTE_KINDS = ("reflection", "comment")
MAX_ITEMS, MAX_DIAGNOSES, MAX_NOTES = 120, 40, 400
LIMITS = {"teacher_name": 200, "ideal_image": 2000, "consent_document": 100, "comment": 300, "title": 300,
          "product": 1000, "text": 2000, "tutor_name": 200, "school_name": 500}


@dataclass(frozen=True)
class AreaScore:
    area: str
    score: int
    comment: str = ""


@dataclass(frozen=True)
class Diagnosis:
    id: str
    taken_on: date
    scores: tuple[AreaScore, ...]
    recorded_by: str = ""

    def score_of(self, area: str) -> int:
        return next((s.score for s in self.scores if s.area == area), 0)


@dataclass
class RouteItem:
    id: str
    year: int
    title: str
    form: str
    due_on: date
    status: str = "planned"
    product: str = ""
    done_on: date | None = None


@dataclass(frozen=True)
class RouteNote:
    id: str
    kind: str
    text: str
    author_role: str
    author_name: str
    written_at: datetime


@dataclass
class Route:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    teacher_person_id: str
    teacher_name: str
    years: int
    starts_on: date
    ideal_image: str = ""
    consent_on: date | None = None
    consent_document: str = ""
    tutor_user_id: str = ""
    tutor_name: str = ""
    school_name: str = ""
    assigned_at: datetime | None = None
    diagnoses: list[Diagnosis] = field(default_factory=list)
    items: list[RouteItem] = field(default_factory=list)
    notes: list[RouteNote] = field(default_factory=list)
    created_by: str = ""
    created_at: datetime | None = None
    version: int = 1

    @property
    def ends_on(self) -> date:
        return end_of(self.starts_on, self.years)

    def item(self, item_id: str) -> RouteItem:
        found = next((i for i in self.items if i.id == item_id), None)
        if found is None:
            raise NotFound("Пункт дорожной карты не найден")
        return found


def end_of(starts_on: date, years: int) -> date:
    """The last day of the route: the day before the same date ``years`` later (29 February → 28 February)."""
    try:
        after = starts_on.replace(year=starts_on.year + years)
    except ValueError:
        after = date(starts_on.year + years, 3, 1)
    return date.fromordinal(after.toordinal() - 1)


def _text(value: str, name: str, problems: list[FieldProblem], *, required: str = "") -> str:
    text = _CONTROL.sub("", value).strip()
    if required and not text:
        problems.append(FieldProblem(name, required))
    if len(text) > LIMITS[name]:
        problems.append(FieldProblem(name, f"Не длиннее {LIMITS[name]} символов"))
    return text


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(problems)


def open_route(*, teacher_person_id: str, teacher_name: str, years: int, starts_on: str, ideal_image: str,
               org_id: str, municipality_id: str, region_id: str, by: str, at: datetime) -> Route:
    problems: list[FieldProblem] = []
    name = _text(teacher_name, "teacher_name", problems, required="Выберите педагога — сотрудника школы")
    if years not in YEARS:
        problems.append(FieldProblem("years", "Срок маршрута: 4 или 5 лет"))
    start = parse_day(starts_on, "starts_on", "Начало маршрута", problems)
    if start is None and not any(p.field == "starts_on" for p in problems):
        problems.append(FieldProblem("starts_on", "Укажите начало маршрута"))
    image = _text(ideal_image, "ideal_image", problems)
    _raise(problems)
    assert start is not None
    return Route(id=str(uuid.uuid4()), org_id=org_id, municipality_id=municipality_id, region_id=region_id,
                 teacher_person_id=teacher_person_id, teacher_name=name, years=years, starts_on=start,
                 ideal_image=image, created_by=by, created_at=at)


def record_consent(route: Route, *, consent_on: str, consent_document: str, today: date) -> Route:
    problems: list[FieldProblem] = []
    day = parse_day(consent_on, "consent_on", "Дата согласия", problems)
    if day is None and not any(p.field == "consent_on" for p in problems):
        problems.append(FieldProblem("consent_on", "Укажите дату согласия педагога"))
    if day is not None and day > today:
        problems.append(FieldProblem("consent_on", "Дата согласия не может быть в будущем"))
    number = _text(consent_document, "consent_document", problems, required="Укажите номер документа о согласии")
    _raise(problems)
    return replace(route, consent_on=day, consent_document=number, version=route.version + 1)


def assign_tutor(route: Route, *, tutor_user_id: str, tutor_name: str, teacher_name: str, school_name: str,
                 at: datetime) -> Route:
    """The tutor is assigned only with the teacher's consent; the names are copied here, once per assignment."""
    if route.consent_on is None:
        raise Conflict("Тьютора назначают только с согласия педагога: сначала внесите согласие")
    problems: list[FieldProblem] = []
    if not tutor_user_id.strip():
        problems.append(FieldProblem("tutor_user_id", "Выберите тьютора ЦНППМ своего региона"))
    tutor = _text(tutor_name, "tutor_name", problems)
    teacher = _text(teacher_name, "teacher_name", problems) or route.teacher_name
    school = _text(school_name, "school_name", problems)
    _raise(problems)
    return replace(route, tutor_user_id=tutor_user_id.strip(), tutor_name=tutor, teacher_name=teacher,
                   school_name=school, assigned_at=at, version=route.version + 1)


def diagnose(route: Route, *, taken_on: str, scores: list[AreaScore], by: str, today: date) -> Route:
    """A new dated diagnosis: every one of the 8 areas scored 1..5 once; the earlier ones stay."""
    problems: list[FieldProblem] = []
    day = parse_day(taken_on, "taken_on", "Дата самодиагностики", problems)
    if day is None and not any(p.field == "taken_on" for p in problems):
        problems.append(FieldProblem("taken_on", "Укажите дату самодиагностики"))
    if day is not None and day > today:
        problems.append(FieldProblem("taken_on", "Дата самодиагностики не может быть в будущем"))
    by_area: dict[str, AreaScore] = {}
    for s in scores:
        if s.area not in AREAS:
            problems.append(FieldProblem("scores", f"Неизвестная область компетенций: {s.area[:40]}"))
            continue
        if s.area in by_area:
            problems.append(FieldProblem(f"score_{s.area}", "Каждая область оценивается один раз"))
        if not MIN_SCORE <= s.score <= MAX_SCORE:
            problems.append(FieldProblem(f"score_{s.area}", f"Оценка области — от {MIN_SCORE} до {MAX_SCORE}"))
        comment = _text(s.comment, "comment", problems)
        by_area[s.area] = AreaScore(s.area, s.score, comment)
    missing = [a for a in AREAS if a not in by_area]
    if missing:
        problems.append(FieldProblem("scores", "Оцените все 8 областей профессиональных компетенций"))
    if len(route.diagnoses) >= MAX_DIAGNOSES:
        problems.append(FieldProblem("taken_on", f"Не больше {MAX_DIAGNOSES} самодиагностик в маршруте"))
    _raise(problems)
    assert day is not None
    diagnosis = Diagnosis(str(uuid.uuid4()), day, tuple(by_area[a] for a in AREAS), by)
    ordered = sorted([*route.diagnoses, diagnosis], key=lambda d: d.taken_on)
    return replace(route, diagnoses=ordered, version=route.version + 1)


def add_item(route: Route, *, year: int, title: str, form: str, due_on: str, product: str) -> tuple[Route, RouteItem]:
    """An item of the roadmap: in a year of the route, its deadline inside that year of the route."""
    problems: list[FieldProblem] = []
    if not 1 <= year <= route.years:
        problems.append(FieldProblem("year", f"Год маршрута: от 1 до {route.years}"))
    what = _text(title, "title", problems, required="Опишите мероприятие дорожной карты")
    if form not in FORMS:
        problems.append(FieldProblem("form", "Форма: курсы, стажировка, самообразование, пробно-поисковые действия, "
                                             "проект, исследование или мероприятие"))
    day = parse_day(due_on, "due_on", "Срок", problems)
    if day is None and not any(p.field == "due_on" for p in problems):
        problems.append(FieldProblem("due_on", "Укажите срок"))
    if day is not None and 1 <= year <= route.years:
        first = route.starts_on if year == 1 else date.fromordinal(end_of(route.starts_on, year - 1).toordinal() + 1)
        last = end_of(route.starts_on, year)
        if not first <= day <= last:
            problems.append(FieldProblem("due_on", f"Срок {year}-го года маршрута: с {first:%d.%m.%Y} "
                                                   f"по {last:%d.%m.%Y}"))
    expected = _text(product, "product", problems)
    if len(route.items) >= MAX_ITEMS:
        problems.append(FieldProblem("title", f"Не больше {MAX_ITEMS} пунктов дорожной карты"))
    _raise(problems)
    assert day is not None
    item = RouteItem(str(uuid.uuid4()), year, what, form, day, product=expected)
    items = sorted([*route.items, item], key=lambda i: (i.due_on, i.year))
    return replace(route, items=items, version=route.version + 1), item


def set_status(route: Route, *, item_id: str, status: str, on: str, product: str,
               today: date) -> tuple[Route, RouteItem, bool]:
    """The status of an item; ``True`` when it just became done (the event is published once)."""
    known = route.item(item_id)
    problems: list[FieldProblem] = []
    if status not in STATUSES:
        problems.append(FieldProblem("status", "Отметка: запланировано, в работе или выполнено"))
    day = parse_day(on, "on", "Дата", problems) if on.strip() else today
    if day is not None and day > today:
        problems.append(FieldProblem("on", "Дата отметки не может быть в будущем"))
    achieved = _text(product, "product", problems) or known.product
    _raise(problems)
    became_done = status == "done" and known.status != "done"
    updated = replace(known, status=status, product=achieved,
                      done_on=(day if became_done else known.done_on) if status == "done" else None)
    items = [updated if i.id == item_id else i for i in route.items]
    return replace(route, items=items, version=route.version + 1), updated, became_done


def add_note(route: Route, *, kind: str, text: str, author_role: str, author_name: str,
             at: datetime) -> Route:
    problems: list[FieldProblem] = []
    if kind not in NOTE_KINDS:
        problems.append(FieldProblem("kind", "Запись: рефлексия или комментарий"))
    body = _text(text, "text", problems, required="Запись пуста")
    if len(route.notes) >= MAX_NOTES:
        problems.append(FieldProblem("text", f"Не больше {MAX_NOTES} записей в маршруте"))
    _raise(problems)
    note = RouteNote(str(uuid.uuid4()), kind, body, author_role, author_name[:200], at)
    return replace(route, notes=[note, *route.notes], version=route.version + 1)

