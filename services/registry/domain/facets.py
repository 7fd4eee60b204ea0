"""What each participant contributes to the counts of reporting: facets without names (docs/indicators.md).

An entity's facets are its whole countable state; reporting moves an entity's counts from its previous
facets to the new ones, so every event simply carries the current facets and the entity's version.
"""

from __future__ import annotations

from registry.domain.mentees import Mentee, MentoringRequest
from registry.domain.mentors import Mentor
from registry.domain.persons import Consent, Person, PersonKind


def person_facets(person: Person) -> list[str]:
    """The kind, and the years the regional KPIs need (ADR 021) — counts per year, never a date or a name: a
    student's birth year (coverage within age bounds set at read time), a teacher's first year of pedagogical
    service (young teachers, 0–3 years)."""
    facets = [f"person.{person.kind.value}"]
    data = person.data
    if person.kind is PersonKind.STUDENT and data.birth_date is not None:
        facets.append(f"person.student.born.{data.birth_date.year}")
    if person.kind is PersonKind.STAFF and data.pedagogical_since is not None:
        facets.append(f"person.staff.service_since.{data.pedagogical_since.year}")
    return facets


def mentor_facets(mentor: Mentor) -> list[str]:
    if not mentor.active:
        return ["mentor.inactive"]
    facets = ["mentor", f"mentor.origin.{mentor.origin.value}", f"mentor.level.{mentor.level.value}"]
    if mentor.trainings:
        facets.append("mentor.trained")
        if mentor.origin.value == "teacher":
            # 000 App. 2, 2.1 counts *teachers* trained: the origin crossed with the training, one facet.
            facets.append("mentor.trained.teacher")
    if mentor.published:
        facets.append("mentor.published")
    return facets


def mentee_facets(mentee: Mentee) -> list[str]:
    if not mentee.active:
        return ["mentee.inactive"]
    return ["mentee", f"mentee.{mentee.person_kind.value}",
            *(f"mentee.category.{c.value}" for c in mentee.categories)]


def request_facets(request: MentoringRequest) -> list[str]:
    return [f"request.by.{request.mentee_kind.value}", f"request.status.{request.status.value}"]


def consent_facets(consent: Consent) -> list[str]:
    return [f"consent.{consent.purpose.value}.{'given' if consent.valid else 'withdrawn'}"]


def transition_facets(kind: PersonKind) -> list[str]:
    return [f"transition.{kind.value}"]
