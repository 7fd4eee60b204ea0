"""Figures derived from the participant facets, computed here once so that REST, the pages and any later reader
show the same numbers (docs/indicators.md, «Производные показатели»).

Two kinds: derived figures (sums of facets, like the mentors from outside the school's staff and students) and
the indicators of seed 000, Appendix 2, each answered by one facet. Pure functions of a facet → count mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mentorship_kit import weighted_facets
from mentorship_kit.vocabulary import APPENDIX_2_NOTES, APPENDIX_2_TITLES

INSIDE_ORIGINS = frozenset({"teacher", "student"})
"""Origins of mentors from within the school; every other origin (parent, graduate, employer, …) is «внешний»."""

_ORIGIN = "mentor.origin."

APPENDIX_2_FACETS: tuple[tuple[str, str], ...] = (
    ("1.1", "requester.student"),
    ("1.2", "requester.staff"),
    ("2.1", "mentor.trained.teacher"),
    ("2.2", "mentor.origin.teacher"),
    ("2.3", "mentor.origin.graduate"),
    ("2.4", "mentor.origin.employer"),
    ("2.5", "mentor.origin.entrepreneur"),
    ("2.6", "mentor.origin.ngo"),
    ("3.1", "outcome.teacher.management_reserve"),
    ("3.2", "outcome.teacher.project_lead"),
    ("3.3", "outcome.teacher.pro_contest"),
    ("3.4", "transition.staff.after_pair"),
    ("3.5", "outcome.academic_improved"),
    ("3.6", "outcome.contest_prepared"),
    ("3.7", "transition.student.after_pair"),
    ("3.8", "team.participant"),
    ("3.9", "meeting.group.form.team_team"),
    ("3.10", "group.team.became_mentor"),
    ("3.10.1", "group.team.became_mentor.rip_inko"),
    ("4.1", "register.event.teachers_elsewhere"),
    ("4.2", "register.event.partners"),
    ("4.3", "register.event.held"),
    ("4.4", "register.event.participants"),
    ("4.5", "register.practice.passed_outer"),
)
"""Which facet answers which indicator of 000 App. 2, in the seed's order."""

WEIGHTED_FACETS = frozenset({"register.event.teachers_elsewhere", "register.event.partners",
                             "register.event.participants"})
"""Indicators that count people, not entries: their facet is a base of weighted facets (ADR 025) and the value is
the sum of its digits (``mentorship_kit.weighted_facets.total``)."""


@dataclass(frozen=True)
class AppendixIndicator:
    code: str
    title: str
    facet: str
    value: int
    note: str = ""


def derived_figures(counts: Mapping[str, int]) -> dict[str, int]:
    """``mentor.outside``: active mentors whose origin is neither teacher nor student. Summed over whatever
    ``mentor.origin.*`` facets are present, so a new origin in the contract counts without a change here."""
    outside = sum(int(n) for facet, n in counts.items()
                  if facet.startswith(_ORIGIN) and facet.removeprefix(_ORIGIN) not in INSIDE_ORIGINS)
    return {"mentor.outside": outside}


def appendix_indicators(counts: Mapping[str, int]) -> list[AppendixIndicator]:
    """Every indicator of 000 App. 2 the bases answer, with the seed's wording; an absent facet counts zero."""
    return [AppendixIndicator(code, APPENDIX_2_TITLES[code], facet, facet_value(counts, facet),
                              APPENDIX_2_NOTES.get(code, ""))
            for code, facet in APPENDIX_2_FACETS]


def facet_value(counts: Mapping[str, int], facet: str) -> int:
    """A facet's count, or — for a people-counting base — the people its weighted digits carry."""
    if facet in WEIGHTED_FACETS:
        return weighted_facets.total(counts, facet)
    return int(counts.get(facet, 0))
