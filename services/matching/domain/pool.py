"""The pool of one matching run: the school's mentors and open requests as the registry showed them to the curator.

Plain values, read once per run (ADR 006); nothing here is stored except what ends up on proposals and pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from matching.domain.compatibility import CompatibilityMark

EXTERNAL_ORIGINS = frozenset({"employer", "entrepreneur", "ngo", "university"})
"""Origins that need an agreement on cooperation (the registry's list; its ``pairable`` says whether one is on file)."""

_GRADE = re.compile(r"^\s*(\d{1,2})")


def grade_of(class_name: str) -> int | None:
    """«7Б» → 7, «10-А» → 10; None when the class name carries no grade (staff, or not filled in)."""
    found = _GRADE.match(class_name or "")
    if not found:
        return None
    grade = int(found.group(1))
    return grade if 1 <= grade <= 11 else None


@dataclass(frozen=True)
class PoolMentor:
    id: str
    full_name: str
    origin: str  # MentorOrigin short name: student, teacher, employer, …
    person_kind: str  # student | staff | external
    capacity: int
    grade: int | None = None
    course: int | None = None  # a college (СПО) student's course instead of a school class
    subjects: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    experience_years: int = 0
    age_group: str = ""  # primary | middle | senior | college | adult | "" (any)
    hours_per_month: int = 0
    pairable: bool = True
    blockers: tuple[str, ...] = ()  # why not pairable, in Russian (the registry's words)
    person_id: str = ""


@dataclass(frozen=True)
class PoolRequest:
    id: str
    mentee_id: str
    mentee_name: str
    person_kind: str  # student | staff
    topics: tuple[str, ...]
    desired_form: str = ""  # MentoringForm short name, "" when not stated
    class_name: str = ""
    categories: tuple[str, ...] = ()
    mentee_active: bool = True
    consent_valid: bool = True
    person_id: str = ""
    experience_years: int | None = None
    """Staff mentee's pedagogical стаж (from the person's hiring date); None when unknown or a student."""
    course: int | None = None  # a college (СПО) student's course; such a student has no class

    @property
    def grade(self) -> int | None:
        return None if self.course else grade_of(self.class_name)


@dataclass(frozen=True)
class Pool:
    mentors: tuple[PoolMentor, ...]
    requests: tuple[PoolRequest, ...]
    active_load: dict[str, int] = field(default_factory=dict)
    """Active pairs per mentor id (matching's own fact); free seats = capacity − load."""
    paired_requests: frozenset[str] = frozenset()
    """Requests that already have an active pair: never proposed again."""
    marks: dict[tuple[str, str], CompatibilityMark] = field(default_factory=dict)
    """The psychologist's compatibility marks by (mentor id, mentee id) — matching's own records."""

    def free_seats(self, mentor: PoolMentor) -> int:
        return max(0, mentor.capacity - self.active_load.get(mentor.id, 0))

    def mark(self, mentor: PoolMentor, request: PoolRequest) -> CompatibilityMark | None:
        return self.marks.get((mentor.id, request.mentee_id))

    def mentor(self, mentor_id: str) -> PoolMentor | None:
        return next((m for m in self.mentors if m.id == mentor_id), None)

    def request(self, request_id: str) -> PoolRequest | None:
        return next((r for r in self.requests if r.id == request_id), None)
