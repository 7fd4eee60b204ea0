"""The mentor base: the mentor card (формуляр, 002 §3.2), status level, training and cooperation agreements.

A card belongs to a person of the school who consented to take part. External mentors (a company, an
entrepreneur, an NGO, a university) work under a cooperation agreement (003: «договор о сотрудничестве»)
and cannot be paired before it is recorded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from mentorship_kit.vocabulary import field_title
from registry.domain.field_checks import TAG_MAX, Problems, clean_optional, clean_tags, clean_text, parse_date
from registry.domain.persons import Person, PersonKind

# One mentor rarely leads more than a group of a dozen; 30 leaves room for team forms (seed 001 §5).
CAPACITY_MIN, CAPACITY_MAX = 1, 30


class MentorOrigin(enum.StrEnum):
    """Где наставник работает/учится (DESIGN §3, seed 001 §5)."""

    STUDENT = "student"
    TEACHER = "teacher"
    PARENT = "parent"
    GRADUATE = "graduate"
    EMPLOYER = "employer"
    ENTREPRENEUR = "entrepreneur"
    NGO = "ngo"
    VETERAN = "veteran"
    UNIVERSITY = "university"



class MentorLevel(enum.StrEnum):
    """Статус наставника (000, вопрос 11): начальный → золотой → платиновый."""

    INITIAL = "initial"
    GOLD = "gold"
    PLATINUM = "platinum"


class AgeGroup(enum.StrEnum):
    ANY = ""
    PRIMARY = "primary"
    MIDDLE = "middle"
    SENIOR = "senior"
    COLLEGE = "college"
    ADULT = "adult"


EXTERNAL_ORIGINS = frozenset({MentorOrigin.EMPLOYER, MentorOrigin.ENTREPRENEUR, MentorOrigin.NGO,
                              MentorOrigin.UNIVERSITY})
ORIGIN_KINDS: dict[MentorOrigin, frozenset[PersonKind]] = {
    MentorOrigin.STUDENT: frozenset({PersonKind.STUDENT}),
    MentorOrigin.TEACHER: frozenset({PersonKind.STAFF}),
    **{origin: frozenset({PersonKind.STAFF, PersonKind.EXTERNAL})
       for origin in MentorOrigin if origin not in (MentorOrigin.STUDENT, MentorOrigin.TEACHER)},
}

# The platform's controlled vocabulary (seeds 000–004: forms, roles and the 8 areas of ИОМ); a school adds
# its own terms. Kept short and general so that the regional base can be searched by them.
BASE_COMPETENCIES: tuple[str, ...] = (
    "Подготовка к олимпиадам и конкурсам",
    "Проектная деятельность",
    "Исследовательская деятельность",
    "Адаптация в коллективе",
    "Профориентация",
    "Работа с одарёнными детьми",
    "Работа с детьми с ОВЗ",
    "Преодоление учебной неуспешности",
    "Воспитательная работа и классное руководство",
    "Лидерство и командная работа",
    "Предметная подготовка",
    "Методическая поддержка",
    "Психолого-педагогическая поддержка",
    "Цифровые навыки и ИКТ",
    "Правовая грамотность в образовании",
    "Здоровьесбережение",
    "Подготовка к конкурсам профессионального мастерства",
    "Функциональная грамотность",
    "Финансовая грамотность",
)

HOURS_MAX = 200
EXPERIENCE_MAX = 80


@dataclass(frozen=True)
class MentorCard:
    origin: MentorOrigin
    education: str = ""
    position: str = ""
    experience_years: int = 0
    life_experience: str = ""
    subjects: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    age_group: AgeGroup = AgeGroup.ANY
    hours_per_month: int = 0
    capacity: int = 1


@dataclass(frozen=True)
class Training:
    course: str
    hours: int
    completed_on: date
    provider: str = ""


LEVEL_ORDER = (MentorLevel.INITIAL, MentorLevel.GOLD, MentorLevel.PLATINUM)
"""000 Q11: молодой наставник («начальный») → продвинутый («золотой») → мастер-наставник («платиновый»)."""


@dataclass(frozen=True)
class LevelChange:
    from_level: MentorLevel
    to_level: MentorLevel
    reason: str
    changed_by: str
    changed_at: datetime
    correction: bool = False


@dataclass(frozen=True)
class Mentor:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    person_id: str | None
    full_name: str
    card: MentorCard
    registered_at: datetime
    level: MentorLevel = MentorLevel.INITIAL
    active: bool = True
    inactive_reason: str = ""
    agreement_number: str = ""
    agreement_date: date | None = None
    published: bool = False
    version: int = 1
    trainings: tuple[Training, ...] = ()
    level_history: tuple[LevelChange, ...] = ()

    @property
    def origin(self) -> MentorOrigin:
        return self.card.origin

    @property
    def subjects(self) -> tuple[str, ...]:
        return self.card.subjects

    @property
    def competencies(self) -> tuple[str, ...]:
        return self.card.competencies

    @property
    def capacity(self) -> int:
        return self.card.capacity

    @property
    def external(self) -> bool:
        return self.origin in EXTERNAL_ORIGINS

    def pairing_blockers(self, *, consent_valid: bool) -> list[str]:
        """Why the mentor cannot be put into a pair now (empty: can be)."""
        blockers = []
        if not self.active:
            blockers.append(f"наставник выведен из базы: {self.inactive_reason or 'без причины'}")
        if not consent_valid:
            blockers.append("нет действующего согласия на обработку персональных данных")
        if self.external and not self.agreement_number:
            blockers.append("не внесён договор о сотрудничестве с внешним наставником")
        return blockers


class Vocabulary:
    """The competencies a school may put on a card: the platform's list and the school's own terms."""

    def __init__(self, school_terms: list[str]) -> None:
        self.school = tuple(school_terms)
        self._known = {t.casefold(): t for t in (*BASE_COMPETENCIES, *school_terms)}

    def spelling(self, term: str) -> str | None:
        return self._known.get(term.casefold())


def _number(raw: Any, field: str, label: str, low: int, high: int, p: Problems) -> int:
    try:
        value = int(raw or 0)
    except (TypeError, ValueError):
        value = low - 1
    if not low <= value <= high:
        p.add(field, f"«{label}»: целое число от {low} до {high}")
    return value


def clean_card(raw: dict[str, Any], *, vocabulary: Vocabulary, person_kind: PersonKind | None) -> MentorCard:
    p = Problems()
    origin_value = str(raw.get("origin") or "")
    origin: MentorOrigin | None = None
    if origin_value not in MentorOrigin.__members__.values():
        p.add("origin", "Выберите, кем является наставник (педагог, обучающийся, выпускник, …)")
    else:
        origin = MentorOrigin(origin_value)
        if person_kind is not None and person_kind not in ORIGIN_KINDS[origin]:
            p.add("origin", _origin_mismatch(origin, person_kind))
    competencies = clean_tags(list(raw.get("competencies") or []), "competencies", field_title("competencies"), p)
    unknown = [c for c in competencies if vocabulary.spelling(c) is None]
    if unknown:
        p.add("competencies", "Нет в словаре компетенций школы: " + ", ".join(f"«{c}»" for c in unknown)
              + ". Добавьте их в словарь или выберите из списка")
    age_group = str(raw.get("age_group") or "")
    if age_group not in AgeGroup.__members__.values():
        p.add("age_group", "Возрастная категория наставляемых: 1–4, 5–9, 10–11 класс, студенты, педагоги")
    card = MentorCard(
        origin=origin or MentorOrigin.TEACHER,
        education=clean_optional(str(raw.get("education") or ""), "education", field_title("education"), p, limit=500),
        position=clean_optional(str(raw.get("position") or ""), "position", field_title("position"), p),
        experience_years=_number(raw.get("experience_years"), "experience_years", field_title("experience_years"),
                                 0, EXPERIENCE_MAX, p),
        life_experience=clean_optional(str(raw.get("life_experience") or ""), "life_experience",
                                       field_title("life_experience"), p, limit=2000, multiline=True),
        subjects=clean_tags(list(raw.get("subjects") or []), "subjects", field_title("subjects"), p),
        competencies=tuple(vocabulary.spelling(c) or c for c in competencies),
        interests=clean_tags(list(raw.get("interests") or []), "interests", field_title("interests"), p),
        age_group=AgeGroup(age_group) if age_group in AgeGroup.__members__.values() else AgeGroup.ANY,
        hours_per_month=_number(raw.get("hours_per_month"), "hours_per_month", field_title("hours_per_month"),
                                0, HOURS_MAX, p),
        capacity=_number(raw.get("capacity"), "capacity", field_title("capacity"), CAPACITY_MIN, CAPACITY_MAX, p),
    )
    p.raise_if_any()
    return card


def _origin_mismatch(origin: MentorOrigin, kind: PersonKind) -> str:
    if origin is MentorOrigin.STUDENT:
        return "Наставник-обучающийся должен быть обучающимся школы"
    if origin is MentorOrigin.TEACHER:
        return "Наставник-педагог должен быть сотрудником школы"
    return "Обучающийся может быть наставником только как «обучающийся»"


def register_mentor(*, mentor_id: str, person: Person, card: MentorCard, consent_valid: bool,
                    existing: Mentor | None, now: datetime) -> Mentor:
    if not consent_valid:
        raise ValidationFailed([FieldProblem("person_id", f"Нет действующего согласия на обработку персональных "
                                                          f"данных: {person.full_name}. Сначала внесите согласие")])
    if existing is not None:
        raise Conflict(f"{person.full_name} уже есть в базе наставников")
    return Mentor(id=mentor_id, org_id=person.org_id, municipality_id=person.municipality_id,
                  region_id=person.region_id, person_id=person.id, full_name=person.full_name, card=card,
                  registered_at=now)


def _expect(mentor: Mentor, version: int) -> None:
    if version and version != mentor.version:
        raise Conflict("Формуляр уже изменили: обновите страницу и внесите правки снова")


def update_card(mentor: Mentor, card: MentorCard, *, expected_version: int) -> Mentor:
    _expect(mentor, expected_version)
    return replace(mentor, card=card, version=mentor.version + 1)


def change_level(mentor: Mentor, level: str, *, reason: str, changed_by: str, now: datetime,
                 correction: bool = False) -> Mentor:
    """A new level with its reason (kept in the history). The level moves only forward (начальный → золотой →
    платиновый); a move back is an explicit correction with its own reason, and a correction moves only back."""
    p = Problems()
    if level not in MentorLevel.__members__.values():
        p.add("level", "Статус наставника: начальный, золотой или платиновый")
    why = clean_text(reason, "reason", field_title("level_reason"), p, limit=500)
    p.raise_if_any()
    target = MentorLevel(level)
    if target is mentor.level:
        raise Conflict("У наставника уже этот статус")
    if not mentor.active:
        raise Conflict("Наставник выведен из базы: статус не меняется")
    backwards = LEVEL_ORDER.index(target) < LEVEL_ORDER.index(mentor.level)
    if backwards and not correction:
        raise Conflict("Статус наставника повышается только вперёд (начальный → золотой → платиновый); понизить "
                       "его можно только исправлением с указанием причины")
    if correction and not backwards:
        raise Conflict("Исправление только понижает ошибочно присвоенный статус; повышение — обычным порядком")
    change = LevelChange(mentor.level, target, why, changed_by, now, correction)
    return replace(mentor, level=target, version=mentor.version + 1, level_history=(*mentor.level_history, change))


def add_training(mentor: Mentor, raw: dict[str, Any], *, today: date) -> tuple[Mentor, Training]:
    p = Problems()
    course = clean_text(str(raw.get("course") or ""), "course", field_title("course"), p, limit=300)
    hours = _number(raw.get("hours"), "hours", field_title("hours"), 1, 2000, p)
    completed = parse_date(str(raw.get("completed_on") or ""), "completed_on", field_title("completed_on"), p,
                           required=True, earliest=date(1960, 1, 1), latest=today)
    provider = clean_optional(str(raw.get("provider") or ""), "provider", field_title("provider"), p, limit=300)
    p.raise_if_any()
    assert completed is not None
    training = Training(course, hours, completed, provider)
    return replace(mentor, trainings=(*mentor.trainings, training), version=mentor.version + 1), training


def record_agreement(mentor: Mentor, *, number: str, agreement_date: str, today: date) -> Mentor:
    p = Problems()
    clean_number = clean_text(number, "number", field_title("number"), p, limit=TAG_MAX)
    day = parse_date(agreement_date, "date", field_title("date"), p, required=True, earliest=date(1990, 1, 1),
                     latest=today)
    p.raise_if_any()
    return replace(mentor, agreement_number=clean_number, agreement_date=day, version=mentor.version + 1)


def deactivate(mentor: Mentor, reason: str) -> Mentor:
    if not mentor.active:
        raise Conflict(f"Наставник уже выведен из базы: {mentor.inactive_reason}")
    return replace(mentor, active=False, inactive_reason=reason, published=False, version=mentor.version + 1)


def with_publication(mentor: Mentor, published: bool) -> Mentor:
    wanted = published and mentor.active
    return mentor if wanted == mentor.published else replace(mentor, published=wanted, version=mentor.version + 1)
