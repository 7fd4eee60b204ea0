"""The score of a (request, mentor) pair: weighted features, integers for the solver, explained in Russian.

Weights are a setting the curator may change per run; the defaults here are what a run uses otherwise. Every
feature is small and bounded so that a score stays readable («почему этот наставник»).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from matching.domain.compatibility import MARK_TITLES, POINTS, UNASSESSED_POINTS
from matching.domain.pool import Pool, PoolMentor, PoolRequest

TEACHER_FORMS = frozenset({"teacher_teacher", "head_teacher", "university_teacher"})
"""Forms whose mentee is a teacher: there the gap in стаж between mentor and mentee means something."""

MAX_WEIGHT = 100


@dataclass(frozen=True)
class Weights:
    topics: int = 10  # per request topic found among the mentor's competencies or interests
    subjects: int = 6  # per request topic that is one of the mentor's subjects
    experience: int = 1  # per year of стаж, up to 20 years
    age_group: int = 5  # the mentor prefers the mentee's age group
    hours: int = 1  # per 4 hours a month of time resource, up to 5
    same_org: int = 3  # mentor and mentee in one school (not virtual)
    compatibility: int = 5  # psychologist's mark: высокая 2, средняя 1 (and no mark), низкая 0 points
    experience_gap: int = 1  # teacher forms: per year the mentor's стаж exceeds the mentee's, up to 20

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def of(cls, values: dict[str, int] | None) -> Weights:
        """Given weights over the defaults; a weight outside 0..100 or an unknown name is a ValueError."""
        names = {f.name for f in fields(cls)}
        given = dict(values or {})
        unknown = set(given) - names
        if unknown:
            raise ValueError(f"неизвестные веса: {', '.join(sorted(unknown))}")
        for name, value in given.items():
            if not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
                raise ValueError(f"вес «{name}» должен быть целым числом от 0 до {MAX_WEIGHT}")
        return cls(**given)


@dataclass(frozen=True)
class Scored:
    score: int
    reasons: str


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _matches(topics: tuple[str, ...], terms: tuple[str, ...]) -> list[str]:
    """Topics found among the terms (either contains the other, case- and ё-insensitive), in request order."""
    normal = [_norm(t) for t in terms if t.strip()]
    return [t for t in topics if (n := _norm(t)) and any(n in term or term in n for term in normal)]


def age_group_of(request: PoolRequest) -> str:
    if request.person_kind == "staff":
        return "adult"
    if request.course:
        return "college"
    grade = request.grade
    if grade is None:
        return ""
    return "primary" if grade <= 4 else "middle" if grade <= 9 else "senior"


def years(n: int) -> str:
    last, tens = n % 10, n % 100
    word = "год" if last == 1 and tens != 11 else "года" if 2 <= last <= 4 and not 12 <= tens <= 14 else "лет"
    return f"{n} {word}"


def experience_gap(mentor: PoolMentor, request: PoolRequest) -> int | None:
    """Mentor's стаж minus the mentee's, for a teacher mentee whose стаж is known; None otherwise."""
    form = request.desired_form or ("teacher_teacher" if request.person_kind == "staff" else "")
    if form not in TEACHER_FORMS or request.experience_years is None:
        return None
    return max(mentor.experience_years, 0) - max(request.experience_years, 0)


def score(mentor: PoolMentor, request: PoolRequest, pool: Pool, weights: Weights, *,
          same_org: bool = True) -> Scored:
    topics = _matches(request.topics, mentor.competencies + mentor.interests)
    subjects = _matches(request.topics, mentor.subjects)
    experience = min(max(mentor.experience_years, 0), 20)
    age_fits = bool(mentor.age_group) and mentor.age_group == age_group_of(request)
    hours = min(max(mentor.hours_per_month, 0) // 4, 5)
    mark = pool.mark(mentor, request)
    compatibility = POINTS[mark.mark] if mark else UNASSESSED_POINTS
    gap = experience_gap(mentor, request)
    total = (weights.topics * len(topics) + weights.subjects * len(subjects) + weights.experience * experience
             + weights.age_group * age_fits + weights.hours * hours + weights.same_org * same_org
             + weights.compatibility * compatibility + weights.experience_gap * min(max(gap or 0, 0), 20))
    parts: list[str] = []
    if topics:
        parts.append("совпадают темы: " + ", ".join(topics))
    if subjects:
        parts.append("предмет: " + ", ".join(subjects))
    if experience:
        parts.append(f"стаж {years(mentor.experience_years)}")
    if gap is not None:
        parts.append(f"разница в стаже {years(gap)}" if gap >= 0 else f"стаж наставника меньше на {years(-gap)}")
    if age_fits:
        parts.append("подходит возрастная группа")
    if mark:
        parts.append(f"совместимость по оценке психолога: {MARK_TITLES[mark.mark]}")
    if mentor.hours_per_month:
        parts.append(f"{mentor.hours_per_month} ч в месяц")
    parts.append("своя организация" if same_org else "дистанционно")
    parts.append(f"свободно мест: {pool.free_seats(mentor)}")
    return Scored(score=int(total), reasons="; ".join(parts))
