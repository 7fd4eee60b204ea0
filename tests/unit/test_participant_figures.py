"""The figures reporting derives from facet counts: the «внешних» mentors and the indicators of 000 App. 2."""

from __future__ import annotations

from mentorship.registry.v1 import participants_pb2
from mentorship_kit.proto_enums import names
from mentorship_kit.vocabulary import APPENDIX_2_TITLES, FACET_TITLES
from mentorship_kit.weighted_facets import WEIGHTS
from reporting.domain.participant_figures import (
    APPENDIX_2_FACETS,
    INSIDE_ORIGINS,
    WEIGHTED_FACETS,
    appendix_indicators,
    derived_figures,
)

COUNTS = {"mentor": 12, "mentor.origin.teacher": 5, "mentor.origin.student": 2, "mentor.origin.parent": 1,
          "mentor.origin.graduate": 1, "mentor.origin.employer": 2, "mentor.origin.ngo": 1, "mentor.trained": 4,
          "mentor.trained.teacher": 3, "mentor.inactive": 3, "request.by.student": 7, "requester.student": 5,
          "transition.staff": 1, "transition.student": 2, "transition.staff.after_pair": 1,
          "transition.student.after_pair": 1, "team.participant": 6, "meeting.group.form.team_team": 4,
          "group.team.became_mentor": 3, "group.team.became_mentor.rip_inko": 1, "group.completed": 5}


def test_outside_mentors_are_every_origin_but_teacher_and_student() -> None:
    assert derived_figures(COUNTS) == {"mentor.outside": 5}
    assert derived_figures({}) == {"mentor.outside": 0}
    # every origin of the contract is either inside or outside, and the sum covers all of them
    every = {f"mentor.origin.{o}": 1 for o in names(participants_pb2.MentorOrigin)}
    assert derived_figures(every)["mentor.outside"] == len(every) - len(INSIDE_ORIGINS)
    assert set(names(participants_pb2.MentorOrigin)) >= INSIDE_ORIGINS


def test_inactive_mentors_and_other_facets_do_not_count_as_outside() -> None:
    assert derived_figures({"mentor.inactive": 9, "mentor": 9, "mentor.level.gold": 9})["mentor.outside"] == 0


def test_appendix_2_rows_carry_code_seed_wording_facet_and_value_in_the_seeds_order() -> None:
    rows = appendix_indicators(COUNTS)
    assert [r.code for r in rows] == ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3",
                                      "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.10.1",
                                      "4.1", "4.2", "4.3", "4.4", "4.5"]
    by_code = {r.code: r for r in rows}
    assert (by_code["1.1"].facet, by_code["1.1"].value) == ("requester.student", 5), "people, not the 7 requests"
    assert (by_code["2.1"].facet, by_code["2.1"].value) == ("mentor.trained.teacher", 3), "teachers, not all 4"
    assert (by_code["3.4"].facet, by_code["3.4"].value) == ("transition.staff.after_pair", 1)
    assert (by_code["3.7"].facet, by_code["3.7"].value) == ("transition.student.after_pair", 1), "one of 2 had a pair"
    assert (by_code["3.8"].value, by_code["3.9"].value) == (6, 4)
    assert (by_code["3.10"].value, by_code["3.10.1"].value) == (3, 1), "teams that became mentors, not all 5 ended"
    assert by_code["3.7"].title == "Количество обучающихся, сменивших статус с наставляемого на наставника"
    assert by_code["1.2"].value == 0, "an absent facet counts zero"
    assert by_code["1.1"].note, "the row says it counts people"
    assert all(r.title == APPENDIX_2_TITLES[r.code] for r in rows)


def test_every_appendix_facet_is_a_facet_with_a_title_and_every_title_is_used() -> None:
    assert {facet for _, facet in APPENDIX_2_FACETS if facet not in WEIGHTED_FACETS} <= set(FACET_TITLES)
    # a people-counting indicator's facet is a base: each of its weighted digits has a title (ADR 025)
    assert {f"{base}.x{w}" for base in WEIGHTED_FACETS for w in WEIGHTS} <= set(FACET_TITLES)
    assert {code for code, _ in APPENDIX_2_FACETS} == set(APPENDIX_2_TITLES)
