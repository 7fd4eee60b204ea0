"""Signals of the six risks of 004 §VI («возможны следующие риски») for one school, from counts only (ADR 024).

A signal is a rule over the school's figures that reporting already keeps — bases, pairs and their work, survey
measurements, documents — never a name. Each names the risk it points at, the count that tripped it and what
that count is out of, so a page says «3 из 5 пар без встреч», not a verdict. The thresholds are stated here
once; the municipality and the region read the same signals (issue 15, item 8).

The six risks, in the seed's order:
1. ``perception`` — part of the teachers do not see mentoring as a way to grow;
2. ``high_load`` — a high load on mentors and mentees;
3. ``mentor_motivation`` — low motivation of mentors;
4. ``formalism`` — low quality of the mentor's work, formalism;
5. ``mentee_motivation`` — low motivation of mentees, set against the «косных» mentors;
6. ``interaction`` — weak interaction of the elements of the two-contour structure.
"""

from __future__ import annotations

from dataclasses import dataclass

RISKS = ("perception", "high_load", "mentor_motivation", "formalism", "mentee_motivation", "interaction")

PAIRS_PER_MENTOR = 2
"""More active pairs than this per active mentor is a high load (003: a mentor leads 1-2 mentees at a time)."""
TRAINED_SHARE = 0.5
"""Fewer mentors with a training record than this share of the active ones: motivation is not being built."""
EARLY_CLOSE_SHARE = 0.2
"""More pairs ended early than this share of all the school's pairs: mentees (or mentors) walk away."""


@dataclass(frozen=True)
class SchoolFigures:
    """One school's counts as reporting keeps them (facets of the bases, pairs' work, surveys, documents)."""

    mentors: int = 0
    mentors_trained: int = 0
    mentees: int = 0
    requests_open: int = 0
    pairs: int = 0
    closed_early: int = 0
    completed: int = 0
    meetings_held: int = 0
    pairs_without_meetings: int = 0
    plans_agreed: int = 0
    reports_submitted: int = 0
    survey_answers: int = 0
    paired_exits: int = 0
    improved: int = 0
    mean_change: float = 0.0
    roadmap_status: str = ""
    program_status: str = ""
    items_overdue: int = 0


@dataclass(frozen=True)
class Signal:
    risk: str
    code: str
    value: int
    of: int = 0  # what the value is out of; 0 when it is a plain count


def risk_signals(f: SchoolFigures) -> tuple[Signal, ...]:
    """Every signal the school's figures trip, in the seed's order of risks; none for a school without trouble."""
    found: list[Signal] = []
    # 1. Perception: there are mentors, but nobody in the school is a mentee or asks for mentoring.
    if f.mentors > 0 and f.mentees == 0:
        found.append(Signal("perception", "no_mentees", f.mentors))
    if f.pairs > 0 and f.survey_answers == 0:
        found.append(Signal("perception", "no_feedback", f.pairs))
    # 2. High load: more pairs than the mentors can lead; requests waiting with no pair while mentors are busy.
    if f.pairs > f.mentors * PAIRS_PER_MENTOR:
        found.append(Signal("high_load", "pairs_per_mentor", f.pairs, f.mentors))
    if f.requests_open > 0 and f.mentors > 0 and f.pairs >= f.mentors * PAIRS_PER_MENTOR:
        found.append(Signal("high_load", "requests_waiting", f.requests_open))
    # 3. Mentor motivation: few mentors trained; mentors in the base with no pair at all.
    if f.mentors > 0 and f.mentors_trained < f.mentors * TRAINED_SHARE:
        found.append(Signal("mentor_motivation", "mentors_untrained", f.mentors - f.mentors_trained, f.mentors))
    if f.mentors > 0 and f.pairs == 0:
        found.append(Signal("mentor_motivation", "mentors_without_pairs", f.mentors))
    # 4. Formalism: pairs that do not meet, plans never agreed, reports never filed.
    if f.pairs_without_meetings > 0:
        found.append(Signal("formalism", "pairs_without_meetings", f.pairs_without_meetings, f.pairs))
    if f.pairs > 0 and f.plans_agreed < f.pairs:
        found.append(Signal("formalism", "plans_not_agreed", f.pairs - f.plans_agreed, f.pairs))
    if f.pairs > 0 and f.reports_submitted == 0:
        found.append(Signal("formalism", "no_reports", f.pairs))
    # 5. Mentee motivation: satisfaction falls between the entry and the exit measurement; pairs end early.
    if f.paired_exits > 0 and f.mean_change < 0 and f.improved < f.paired_exits:
        found.append(Signal("mentee_motivation", "satisfaction_falling", f.paired_exits - f.improved,
                            f.paired_exits))
    ever = f.pairs + f.closed_early + f.completed
    if ever > 0 and f.closed_early > ever * EARLY_CLOSE_SHARE:
        found.append(Signal("mentee_motivation", "closed_early", f.closed_early, ever))
    # 6. Interaction of the two contours: the school's documents are not approved, its roadmap items are overdue.
    if f.roadmap_status != "approved":
        found.append(Signal("interaction", "roadmap_not_approved", 1))
    if f.program_status != "approved":
        found.append(Signal("interaction", "program_not_approved", 1))
    if f.items_overdue > 0:
        found.append(Signal("interaction", "items_overdue", f.items_overdue))
    return tuple(found)


def risks_raised(signals: tuple[Signal, ...]) -> dict[str, int]:
    """Signals per risk (every risk present, zero when quiet): the traffic light of each risk on a school's row."""
    counts = dict.fromkeys(RISKS, 0)
    for s in signals:
        counts[s.risk] += 1
    return counts
