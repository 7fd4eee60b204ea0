"""What each participant contributes to the counts of reporting: facets without names (docs/indicators.md).

An entity's facets are its whole countable state; reporting moves an entity's counts from its previous
facets to the new ones, so every event simply carries the current facets and the entity's version.
"""

from __future__ import annotations

from registry.domain.mentees import Mentee, MentoringRequest
from registry.domain.mentors import Mentor
from registry.domain.persons import Consent, Person, PersonKind


def person_facets(person: Person) -> list[str]:
    return [f"person.{person.kind.value}"]


def mentor_facets(mentor: Mentor) -> list[str]:
    if not mentor.active:
        return ["mentor.inactive"]
    facets = ["mentor", f"mentor.origin.{mentor.origin.value}", f"mentor.level.{mentor.level.value}"]
    if mentor.trainings:
        facets.append("mentor.trained")
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
