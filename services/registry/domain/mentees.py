"""The mentee base and mentees' requests for a mentor (001 §4, 004 §1.3).

A mentee is a student or a teacher of the school who consented to take part, with one or more categories
of need. «Молодой специалист» is not chosen but derived: a teacher whose pedagogical service began within the
last three years (wherever it was); a teacher new to this school with longer service is «новый педагог в
коллективе», chosen by the curator.
A request (запрос) names topics, a goal, the desired form and who brought it; it is open until matched
or withdrawn.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from mentorship_kit.vocabulary import REQUEST_STATUS_TITLES, field_title
from registry.domain.field_checks import Problems, clean_optional, clean_tags
from registry.domain.persons import Person, PersonKind


class MenteeCategory(enum.StrEnum):
    GIFTED = "gifted"
    LOW_RESULTS = "low_results"
    DISABILITY = "disability"
    HARD_LIFE_SITUATION = "hard_life_situation"
    BEHAVIOUR = "behaviour"
    DISENGAGED = "disengaged"
    ADAPTATION = "adaptation"
    YOUNG_SPECIALIST = "young_specialist"
    BURNOUT = "burnout"
    NEW_IN_TEAM = "new_in_team"
    DIGITAL_SKILLS = "digital_skills"
    NON_PEDAGOGICAL_EDUCATION = "non_pedagogical_education"
    NEW_TECHNOLOGY = "new_technology"


STUDENT_CATEGORIES = frozenset({
    MenteeCategory.GIFTED, MenteeCategory.LOW_RESULTS, MenteeCategory.DISABILITY,
    MenteeCategory.HARD_LIFE_SITUATION, MenteeCategory.BEHAVIOUR, MenteeCategory.DISENGAGED,
    MenteeCategory.ADAPTATION})
STAFF_CATEGORIES = frozenset(set(MenteeCategory) - STUDENT_CATEGORIES)


class MentoringForm(enum.StrEnum):
    ANY = ""
    STUDENT_STUDENT = "student_student"
    TEACHER_TEACHER = "teacher_teacher"
    STUDENT_PUPIL = "student_pupil"
    EMPLOYER_PUPIL = "employer_pupil"
    EMPLOYER_STUDENT = "employer_student"
    TEAM_TEAM = "team_team"
    TEACHER_PUPIL = "teacher_pupil"
    HEAD_TEACHER = "head_teacher"
    UNIVERSITY_TEACHER = "university_teacher"


class RequestSource(enum.StrEnum):
    SELF = "self"
    CLASSROOM_TEACHER = "classroom_teacher"
    PSYCHOLOGIST = "psychologist"
    PARENTS = "parents"
    STAFF = "staff"
    SOCIAL_PEDAGOGUE = "social_pedagogue"


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    WITHDRAWN = "withdrawn"


# A matched request reopens when its pair falls apart; a withdrawn one stays withdrawn (a new one is filed).
REQUEST_TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.OPEN: frozenset({RequestStatus.MATCHED, RequestStatus.WITHDRAWN}),
    RequestStatus.MATCHED: frozenset({RequestStatus.OPEN, RequestStatus.WITHDRAWN}),
    RequestStatus.WITHDRAWN: frozenset(),
}
# Only publishing a pair (matching's PairFormed) makes a request matched (ADR 007); by hand: withdraw and reopen.
MANUAL_TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    status: targets - {RequestStatus.MATCHED} for status, targets in REQUEST_TRANSITIONS.items()}
MATCHED_BY_PAIRS_ONLY = ("Наставник подбирается на странице «Подбор пар»: запрос отмечается подобранным при "
                         "утверждении пары")

GOAL_MAX = 2000
NOTES_MAX = 2000


@dataclass(frozen=True)
class Mentee:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    person_id: str
    full_name: str
    person_kind: PersonKind
    categories: tuple[MenteeCategory, ...]
    registered_at: datetime
    class_name: str = ""
    notes: str = ""
    active: bool = True
    inactive_reason: str = ""
    version: int = 1


@dataclass(frozen=True)
class MentoringRequest:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    mentee_id: str
    mentee_name: str
    mentee_kind: PersonKind
    topics: tuple[str, ...]
    goal: str
    desired_form: MentoringForm
    source: RequestSource
    status: RequestStatus
    submitted_at: datetime
    status_changed_at: datetime
    status_reason: str = ""
    version: int = 1
    person_id: str = ""
    pair_id: str = ""
    """The pair whose publishing matched this request (matching's PairFormed); kept when it is withdrawn."""


def _categories(person: Person, chosen: list[str], today: date, p: Problems) -> tuple[MenteeCategory, ...]:
    allowed = STUDENT_CATEGORIES if person.kind is PersonKind.STUDENT else STAFF_CATEGORIES
    picked: list[MenteeCategory] = []
    for value in chosen:
        if value not in MenteeCategory.__members__.values():
            p.add("categories", f"Неизвестная категория наставляемого: «{value[:50]}»")
            continue
        category = MenteeCategory(value)
        if category not in allowed:
            who = "обучающихся" if person.kind is PersonKind.STUDENT else "педагогов"
            p.add("categories", f"Категория «{category.value}» не относится к категориям {who}")
        elif category not in picked:
            picked.append(category)
    young = person.young_specialist_on(today)
    if MenteeCategory.YOUNG_SPECIALIST in picked and not young:
        p.add("categories", "«Молодой специалист» определяется по стажу педагогической работы (до 3 лет): "
                            f"у {person.full_name} стаж больше или начало педагогического стажа не указано. "
                            "Педагогу, недавно пришедшему в школу, подходит «Новый педагог в коллективе»")
    if young and MenteeCategory.YOUNG_SPECIALIST not in picked:
        picked.insert(0, MenteeCategory.YOUNG_SPECIALIST)
    if not picked:
        p.add("categories", "Выберите хотя бы одну категорию наставляемого")
    return tuple(picked)


def register_mentee(*, mentee_id: str, person: Person, categories: list[str], notes: str, consent_valid: bool,
                    existing: Mentee | None, today: date, now: datetime) -> Mentee:
    if person.kind is PersonKind.EXTERNAL:
        raise ValidationFailed([FieldProblem("person_id", "Наставляемым может быть обучающийся или педагог школы; "
                                                          "внешние участники бывают наставниками")])
    if not consent_valid:
        raise ValidationFailed([FieldProblem("person_id", f"Нет действующего согласия на обработку персональных "
                                                          f"данных: {person.full_name}. Сначала внесите согласие")])
    if existing is not None:
        raise Conflict(f"{person.full_name} уже есть в базе наставляемых")
    p = Problems()
    picked = _categories(person, categories, today, p)
    clean_notes = clean_optional(notes, "notes", field_title("notes"), p, limit=NOTES_MAX, multiline=True)
    p.raise_if_any()
    return Mentee(id=mentee_id, org_id=person.org_id, municipality_id=person.municipality_id,
                  region_id=person.region_id, person_id=person.id, full_name=person.full_name,
                  person_kind=person.kind, categories=picked, class_name=person.data.class_name,
                  notes=clean_notes, registered_at=now)


def update_mentee(mentee: Mentee, person: Person, *, categories: list[str], notes: str, expected_version: int,
                  today: date) -> Mentee:
    if expected_version and expected_version != mentee.version:
        raise Conflict("Сведения о наставляемом уже изменили: обновите страницу")
    if not mentee.active:
        raise Conflict("Наставляемый выведен из базы: сначала внесите согласие и добавьте его снова")
    p = Problems()
    picked = _categories(person, categories, today, p)
    clean_notes = clean_optional(notes, "notes", field_title("notes"), p, limit=NOTES_MAX, multiline=True)
    p.raise_if_any()
    return replace(mentee, categories=picked, notes=clean_notes, version=mentee.version + 1)


def deactivate_mentee(mentee: Mentee, reason: str) -> Mentee:
    if not mentee.active:
        raise Conflict(f"Наставляемый уже выведен из базы: {mentee.inactive_reason}")
    return replace(mentee, active=False, inactive_reason=reason, version=mentee.version + 1)


def submit_request(*, request_id: str, mentee: Mentee, topics: list[str], goal: str, desired_form: str,
                   source: str, now: datetime) -> MentoringRequest:
    if not mentee.active:
        raise Conflict(f"{mentee.full_name} выведен из базы наставляемых: запрос не принимается")
    p = Problems()
    clean_topics = clean_tags(topics, "topics", field_title("topics"), p)
    clean_goal = clean_optional(goal, "goal", field_title("goal"), p, limit=GOAL_MAX, multiline=True)
    if not clean_topics and not clean_goal:
        p.add("topics", "Укажите темы запроса или цель")
    if desired_form not in MentoringForm.__members__.values():
        p.add("desired_form", "Неизвестная форма наставничества")
    if source not in RequestSource.__members__.values():
        p.add("source", "Укажите, от кого запрос: сам наставляемый, классный руководитель, психолог, родители")
    p.raise_if_any()
    return MentoringRequest(
        id=request_id, org_id=mentee.org_id, municipality_id=mentee.municipality_id, region_id=mentee.region_id,
        mentee_id=mentee.id, mentee_name=mentee.full_name, mentee_kind=mentee.person_kind, topics=clean_topics,
        goal=clean_goal, desired_form=MentoringForm(desired_form), source=RequestSource(source),
        status=RequestStatus.OPEN, submitted_at=now, status_changed_at=now, person_id=mentee.person_id)


STATUS_TITLES = {status: REQUEST_STATUS_TITLES[status.value].lower() for status in RequestStatus}


def change_request_status(request: MentoringRequest, status: str, *, reason: str, now: datetime) -> MentoringRequest:
    """A curator's decision: withdraw, or reopen a matched request. «Matched» comes only from a published pair."""
    p = Problems()
    if status not in RequestStatus.__members__.values():
        p.add("status", "Статус запроса: открыт, подобран наставник или отозван")
    why = clean_optional(reason, "reason", field_title("reason"), p, limit=500)
    p.raise_if_any()
    target = RequestStatus(status)
    if target is RequestStatus.MATCHED:
        raise Conflict(MATCHED_BY_PAIRS_ONLY)
    if target not in MANUAL_TRANSITIONS[request.status]:
        raise Conflict(f"Запрос в статусе «{STATUS_TITLES[request.status]}» нельзя перевести в "
                       f"«{STATUS_TITLES[target]}»")
    return _moved(request, target, why, now)


def _moved(request: MentoringRequest, target: RequestStatus, reason: str, now: datetime, *,
           pair_id: str | None = None) -> MentoringRequest:
    # A reopened request has no pair any more; a withdrawn one keeps the pair that had matched it (history).
    kept = "" if target is RequestStatus.OPEN else request.pair_id
    return replace(request, status=target, status_reason=reason, status_changed_at=now, version=request.version + 1,
                   pair_id=kept if pair_id is None else pair_id)


# -- what pairs do to requests (ADR 007) ---------------------------------------------------------------
def match_by_pair(request: MentoringRequest, pair_id: str, *, now: datetime) -> tuple[MentoringRequest | None, str]:
    """A published pair (PairFormed) matches its request. Returns the changed request (None: nothing to change)
    and why — for the consumer's log line. A duplicate changes nothing; a withdrawn request stays withdrawn; a
    request already matched by another (older, since closed) pair follows the newer pair without a status change."""
    if request.status is RequestStatus.OPEN:
        return _moved(request, RequestStatus.MATCHED, "", now, pair_id=pair_id), "matched"
    if request.status is RequestStatus.WITHDRAWN:
        return None, "request withdrawn: left as it is"
    if request.pair_id == pair_id:
        return None, "already matched by this pair"
    return replace(request, pair_id=pair_id, version=request.version + 1), "matched already: now follows the newer pair"


def release_by_pair(request: MentoringRequest, pair_id: str, *, mentee_active: bool, completed: bool, reason: str,
                    now: datetime, replacing: bool = False,
                    ended: str = "Пара закрыта досрочно") -> tuple[MentoringRequest | None, str]:
    """A pair that ended (PairClosed) gives its request back when it ended early and the mentee is still in the
    base: the request is open again for the next run. A normal completion, a mentee out of the base, or a request
    no longer held by this pair (reopened or withdrawn by hand, or following a newer pair) changes nothing."""
    if request.status is not RequestStatus.MATCHED or request.pair_id != pair_id:
        return None, f"request {request.status.value}, not held by this pair: left as it is"
    if completed:
        return None, "pair completed: the request stays matched"
    if replacing:
        return None, "mentor being replaced: the request stays matched until the new pair re-points it"
    if not mentee_active:
        return None, "mentee out of the base: the request stays matched"
    why = f"{ended}: {reason}" if reason else ended
    return _moved(request, RequestStatus.OPEN, why[:500], now), "reopened"
