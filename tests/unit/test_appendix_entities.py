"""The exact meaning of 1.1/1.2, 2.1, 3.4/3.7 and 3.8 of seed 000, App. 2 (ADR 021) on a small hand-built school.

The school: Аня (student) filed two requests and withdrew one, Борис (student) one, Вера (teacher) one; two teacher
mentors, one of them trained, and a trained mentor from an employer; Галина (teacher) was a mentee in a pair and then
became a mentor, Дмитрий (student) registered as a mentor without ever having been in a pair; a «команда-команда»
group with two mentors and three mentees, and a group of another form with one mentee.
"""

from __future__ import annotations

from collections import Counter

from registry.domain import facets as registry_facets
from reporting.domain.appendix_entities import requester_state, team_participant_states, transition_facets
from reporting.domain.counted_state import CountedState
from reporting.domain.participant_figures import appendix_indicators

ANYA, BORIS, VERA = "mentee-anya", "mentee-boris", "mentee-vera"


def _count(states: list[CountedState]) -> dict[str, int]:
    """Apply the states the way the projection does: the newest version of each entity, each facet once."""
    newest: dict[tuple[str, str], CountedState] = {}
    for s in states:
        key = (s.entity_kind, s.entity_id)
        if key not in newest or s.version > newest[key].version:
            newest[key] = s
    return dict(Counter(f for s in newest.values() for f in s.facets))


def test_people_who_asked_count_once_however_many_requests_and_whatever_their_status() -> None:
    requests = [(ANYA, ["request.by.student", "request.status.open"]),
                (ANYA, ["request.by.student", "request.status.withdrawn"]),
                (ANYA, ["request.by.student", "request.status.open"]),  # a duplicate event of the first
                (BORIS, ["request.by.student", "request.status.matched"]),
                (VERA, ["request.by.staff", "request.status.open"])]
    states = [s for m, f in requests if (s := requester_state(m, f)) is not None]
    counts = _count(states)
    assert counts == {"requester.student": 2, "requester.staff": 1}  # 4 student requests, 2 students
    assert requester_state("", ["request.by.student"]) is None
    assert requester_state(ANYA, ["request.status.open"]) is None


def test_transition_counts_for_3_4_and_3_7_only_after_a_pair() -> None:
    galina = transition_facets(["transition.staff"], was_in_pair=True)
    dmitry = transition_facets(["transition.student"], was_in_pair=False)
    assert galina == ("transition.staff", "transition.staff.after_pair")
    assert dmitry == ("transition.student",)
    assert transition_facets(galina, was_in_pair=True) == galina, "applying twice adds nothing"
    rows = {r.code: r.value for r in appendix_indicators(Counter([*galina, *dmitry]))}
    assert (rows["3.4"], rows["3.7"]) == (1, 0)


def test_team_participants_are_the_people_of_team_team_groups_each_once() -> None:
    team = ["group", "group.form.team_team", "group.kind.team"]
    states = [*team_participant_states(team, ["m1", "m2"], ["e1", "e2", "e3"]),
              *team_participant_states(team, ["m1"], ["e1"]),  # the same people in a second team group
              *team_participant_states(["group", "group.form.student_student"], ["m3"], ["e4"])]
    assert _count(states) == {"team.participant": 5}


def test_2_1_counts_trained_teachers_and_not_trained_mentors_of_other_origins() -> None:
    from dataclasses import dataclass, field

    @dataclass
    class _Origin:
        value: str

    @dataclass
    class _Mentor:  # the attributes mentor_facets reads
        origin: _Origin
        trainings: list[str] = field(default_factory=list)
        active: bool = True
        published: bool = False
        level: _Origin = field(default_factory=lambda: _Origin("initial"))

    school = [_Mentor(_Origin("teacher"), ["72 ч."]), _Mentor(_Origin("teacher")),
              _Mentor(_Origin("employer"), ["16 ч."])]
    counts = Counter(f for m in school for f in registry_facets.mentor_facets(m))  # type: ignore[arg-type]
    rows = {r.code: r.value for r in appendix_indicators(counts)}
    assert counts["mentor.trained"] == 2
    assert (rows["2.1"], rows["2.2"], rows["2.4"]) == (1, 2, 1)
