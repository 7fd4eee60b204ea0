"""Contests of the mentoring (issue 15 item 4, ADR 023): «Наставник года», «Лучшая пара», #Наставник+ (001 §8, 002,
003) and the regional contest of municipal models (004 App. 2 п.2.5, 4.3.1). Pure domain: the contest's shape and
states, who may apply with what, the jury's scores and the results.

The organiser is a tier (a school, a municipality, the region); applications come from inside its reach; a juror's
scores count unless he or she declared a conflict of interest on that application."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from mentorship_kit.principal import Scope
from mentorship_kit.vocabulary import CONTEST_STATE_TITLES

TITLE_MAX, DESCRIPTION_MAX, NAME_MAX, TEXT_MAX, NOTE_MAX = 300, 4000, 200, 2000, 500
NOMINATIONS_MAX, CRITERIA_MAX, SCORE_MAX, JURORS_MAX = 20, 20, 100, 30
PRIZE_PLACES = 3  # 1 — победитель, 2-3 — призёры, the rest — участники (001 §8: «победители и призёры»)


class ContestKind(enum.StrEnum):
    MENTOR_OF_YEAR = "mentor_of_year"
    BEST_PAIR = "best_pair"
    NASTAVNIK_PLUS = "nastavnik_plus"
    MUNICIPAL_MODELS = "municipal_models"
    OTHER = "other"


class Level(enum.StrEnum):
    SCHOOL = "school"
    MUNICIPALITY = "municipality"
    REGION = "region"


class State(enum.StrEnum):
    DRAFT = "draft"
    ANNOUNCED = "announced"
    JUDGING = "judging"
    RESULTS = "results"


class SubjectKind(enum.StrEnum):
    MENTOR = "mentor"
    PAIR = "pair"
    TEACHER = "teacher"          # a teacher mentee prepared by a mentor (000 App. 2, 3.3)
    ORGANISATION = "organisation"
    MUNICIPALITY = "municipality"


class Award(enum.StrEnum):
    WINNER = "winner"
    PRIZE = "prize"
    PARTICIPANT = "participant"


PEOPLE = (SubjectKind.MENTOR, SubjectKind.PAIR, SubjectKind.TEACHER)
SHOWABLE = ("full_name", "position", "organisation", "experience")
"""What a person's application may show of the card, each only with the person's consent."""

LEVEL_OF_SCOPE = {Scope.ORG: Level.SCHOOL, Scope.MUNICIPALITY: Level.MUNICIPALITY, Scope.REGION: Level.REGION}
NEXT_STATE = {State.DRAFT: State.ANNOUNCED, State.ANNOUNCED: State.JUDGING, State.JUDGING: State.RESULTS}


@dataclass(frozen=True)
class Criterion:
    title: str
    max_score: int


@dataclass(frozen=True)
class ContestDraft:
    kind: ContestKind
    title: str
    description: str
    nominations: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    applications_until: date
    results_on: date


def _day(raw: str, name: str, problems: list[FieldProblem]) -> date | None:
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(FieldProblem(name, "Укажите дату в виде ГГГГ-ММ-ДД (такой даты не существует?)"))
        return None
    if not 2020 <= day.year <= 2100:
        problems.append(FieldProblem(name, "Дата должна быть между 2020 и 2100 годом"))
        return None
    return day


def _text(raw: str, name: str, limit: int, problems: list[FieldProblem], *, required: bool = True) -> str:
    value = " ".join(raw.split()) if limit <= NAME_MAX or limit == TITLE_MAX else raw.strip()
    if required and not value:
        problems.append(FieldProblem(name, "Заполните поле"))
    elif len(value) > limit:
        problems.append(FieldProblem(name, f"Не длиннее {limit} символов"))
    elif any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        problems.append(FieldProblem(name, "Уберите управляющие символы"))
    return value


def clean_contest(level: Level, *, kind: str, title: str, description: str, nominations: Sequence[str],
                  criteria: Sequence[tuple[str, int]], applications_until: str, results_on: str) -> ContestDraft:
    problems: list[FieldProblem] = []
    try:
        contest_kind = ContestKind(kind)
    except ValueError:
        problems.append(FieldProblem("kind", "Выберите вид конкурса из списка"))
        contest_kind = ContestKind.OTHER
    if contest_kind is ContestKind.MUNICIPAL_MODELS and level is not Level.REGION:
        problems.append(FieldProblem("kind", "Конкурс муниципальных моделей наставничества проводит регион"))
    clean_title = _text(title, "title", TITLE_MAX, problems)
    clean_description = _text(description, "description", DESCRIPTION_MAX, problems, required=False)
    names = [_text(n, "nominations", NAME_MAX, problems, required=False) for n in nominations]
    names = [n for n in names if n]
    if not names:
        problems.append(FieldProblem("nominations", "Назовите хотя бы одну номинацию"))
    elif len(names) > NOMINATIONS_MAX:
        problems.append(FieldProblem("nominations", f"Не больше {NOMINATIONS_MAX} номинаций"))
    elif len({n.casefold() for n in names}) != len(names):
        problems.append(FieldProblem("nominations", "Номинации не должны повторяться"))
    cleaned: list[Criterion] = []
    for criterion_title, max_score in criteria:
        name = _text(criterion_title, "criteria", TITLE_MAX, problems, required=False)
        if not name:
            continue
        if not 1 <= max_score <= SCORE_MAX:
            problems.append(FieldProblem("criteria", f"Наибольший балл критерия — от 1 до {SCORE_MAX}"))
        cleaned.append(Criterion(name, max_score))
    if not cleaned:
        problems.append(FieldProblem("criteria", "Назовите хотя бы один критерий оценки"))
    elif len(cleaned) > CRITERIA_MAX:
        problems.append(FieldProblem("criteria", f"Не больше {CRITERIA_MAX} критериев"))
    until = _day(applications_until, "applications_until", problems)
    results = _day(results_on, "results_on", problems)
    if until and results and results < until:
        problems.append(FieldProblem("results_on", "Итоги подводятся не раньше окончания приёма заявок"))
    if problems:
        raise ValidationFailed(problems)
    assert until is not None and results is not None
    return ContestDraft(contest_kind, clean_title, clean_description, tuple(names), tuple(cleaned), until, results)


def check_move(current: State, wanted: str, *, applications: int, unscored: int) -> State:
    """The one way forward: draft → announced → judging → results; results need every application scored."""
    try:
        target = State(wanted)
    except ValueError:
        raise ValidationFailed([FieldProblem("to_state", "Неизвестный этап конкурса")]) from None
    if NEXT_STATE.get(current) is not target:
        raise Conflict(f"Конкурс нельзя перевести из этапа «{STATE_TITLES[current]}» в «{STATE_TITLES[target]}»")
    if target is State.RESULTS and unscored:
        raise Conflict(f"Не оценены заявки: {unscored}. Итоги подводятся, когда каждую заявку оценил хотя бы один "
                       "член жюри без конфликта интересов")
    if target is State.JUDGING and applications == 0:
        raise Conflict("На конкурс не подано ни одной заявки")
    return target


STATE_TITLES = {State(k): title for k, title in CONTEST_STATE_TITLES.items()}


def subjects_for(level: Level, kind: ContestKind, applicant: Scope) -> tuple[SubjectKind, ...]:
    """What the applicant's tier may put forward: a school its people and itself, a municipality its model."""
    if kind is ContestKind.MUNICIPAL_MODELS:
        return (SubjectKind.MUNICIPALITY,) if applicant is Scope.MUNICIPALITY else ()
    if applicant is Scope.ORG:
        return (*PEOPLE, SubjectKind.ORGANISATION) if level is not Level.SCHOOL else PEOPLE
    if applicant is Scope.MUNICIPALITY and level is Level.REGION:
        return (SubjectKind.MUNICIPALITY,)
    return ()


@dataclass(frozen=True)
class ApplicationDraft:
    nomination: str
    subject_kind: SubjectKind
    shown_fields: tuple[str, ...]
    achievements: str
    description: str


def clean_application(*, nominations: Sequence[str], allowed: Sequence[SubjectKind], nomination: str,
                      subject_kind: str, shown_fields: Iterable[str], consent_confirmed: bool, achievements: str,
                      description: str, state: State, applications_until: date, today: date) -> ApplicationDraft:
    if state is not State.ANNOUNCED:
        raise Conflict("Заявки принимаются только на этапе приёма заявок")
    if today > applications_until:
        raise Conflict(f"Приём заявок закончился {applications_until:%d.%m.%Y}")
    problems: list[FieldProblem] = []
    if nomination not in nominations:
        problems.append(FieldProblem("nomination", "Выберите номинацию конкурса"))
    try:
        kind = SubjectKind(subject_kind)
    except ValueError:
        kind = None
    if kind is None or kind not in allowed:
        problems.append(FieldProblem("subject_kind", "На этот конкурс ваш уровень не может подать такую заявку"))
    fields = tuple(dict.fromkeys(f for f in shown_fields if f))
    if any(f not in SHOWABLE for f in fields):
        problems.append(FieldProblem("shown_fields", "Выберите сведения из списка"))
    if kind in PEOPLE and not consent_confirmed:
        problems.append(FieldProblem("consent_confirmed",
                                     "Подтвердите согласие участника на передачу сведений организатору и жюри"))
    clean_achievements = _text(achievements, "achievements", TEXT_MAX, problems, required=False)
    clean_description = _text(description, "description", TEXT_MAX, problems, required=False)
    if problems:
        raise ValidationFailed(problems)
    assert kind is not None
    return ApplicationDraft(nomination, kind, fields if kind in PEOPLE else (), clean_achievements,
                            clean_description)


def clean_scores(criteria: Sequence[Criterion], scores: Sequence[int], *, conflict: bool,
                 conflict_note: str, comment: str) -> tuple[tuple[int, ...], str, str]:
    problems: list[FieldProblem] = []
    note = _text(conflict_note, "conflict_note", NOTE_MAX, problems, required=False)
    text = _text(comment, "comment", TEXT_MAX, problems, required=False)
    if conflict:
        if problems:
            raise ValidationFailed(problems)
        return (), note, text
    if len(scores) != len(criteria):
        problems.append(FieldProblem("scores", f"Поставьте балл по каждому из {len(criteria)} критериев"))
    else:
        for criterion, score in zip(criteria, scores, strict=True):
            if not 0 <= score <= criterion.max_score:
                problems.append(FieldProblem(
                    "scores", f"«{criterion.title}»: балл от 0 до {criterion.max_score}"))
    if problems:
        raise ValidationFailed(problems)
    return tuple(scores), note, text


@dataclass(frozen=True)
class Scored:
    application_id: str
    nomination: str
    totals: tuple[int, ...] = field(default=())  # each juror's total without a conflict


@dataclass(frozen=True)
class Result:
    application_id: str
    place: int
    mean_total: float
    award: Award


def results(applications: Iterable[Scored]) -> list[Result]:
    """Per nomination, by the mean of the jurors' totals (those who declared a conflict do not count); equal means
    share a place. 1st place — победитель, up to the 3rd — призёр, the rest — участник."""
    by_nomination: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for a in applications:
        mean = round(sum(a.totals) / len(a.totals), 2) if a.totals else 0.0
        by_nomination[a.nomination].append((mean, a.application_id))
    found: list[Result] = []
    for entries in by_nomination.values():
        entries.sort(key=lambda e: (-e[0], e[1]))
        place, previous = 0, None
        for index, (mean, application_id) in enumerate(entries, start=1):
            if mean != previous:
                place, previous = index, mean
            award = Award.WINNER if place == 1 else Award.PRIZE if place <= PRIZE_PLACES else Award.PARTICIPANT
            found.append(Result(application_id, place, mean, award))
    return found


def application_facets(level: Level, subject: SubjectKind, *, submitted: bool, award: str) -> list[str]:
    """What reporting counts of a school's application (no names): participation by level and subject, awards."""
    if not submitted:
        return []
    facets = ["contest.application", f"contest.application.{level.value}", f"contest.subject.{subject.value}"]
    if award in (Award.WINNER, Award.PRIZE):
        facets += ["contest.awarded", f"contest.award.{award}"]
    return facets


def teacher_facets(*, applied: bool, awarded: bool) -> list[str]:
    """A teacher mentee in the platform's contests (000 App. 2, 3.3), once however many applications."""
    return (["contest.teacher_mentee"] + (["contest.teacher_mentee.awarded"] if awarded else [])) if applied else []
