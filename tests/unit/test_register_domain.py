"""The school's register (ADR 025): the checks of an event and a practice, the expert review's steps, and how the
entries answer indicators 4.1–4.5 of seed 000 App. 2 — people summed through weighted facets, not rows counted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from mentorship_kit import weighted_facets
from mentorship_kit.errors import Conflict, ValidationFailed
from registry.domain import register as rg
from reporting.domain.counted_state import sum_counts
from reporting.domain.participant_figures import appendix_indicators

TODAY = date(2026, 11, 28)
AT = datetime(2026, 11, 28, 10, tzinfo=UTC)


def _event(role: str, *, participants: int = 0, teachers: int = 0, partners: int = 0,
           removed: bool = False) -> rg.ScientificEvent:
    values = rg.clean_event({"title": "Круглый стол «Наставник и молодой педагог»", "held_on": "12.03.2026",
                             "kind": "round_table", "level": "municipal", "role": role,
                             "host": "" if role == "held" else "Гимназия № 3", "participants": participants,
                             "teachers": teachers, "partners": partners}, today=TODAY)
    return rg.ScientificEvent(id="e", org_id="o", municipality_id="m", region_id="r", version=1, removed=removed,
                              **values)


def _practice(state: rg.PracticeState = rg.PracticeState.SUBMITTED,
              level: rg.ReviewLevel | None = None) -> rg.Practice:
    return rg.Practice(id="p", org_id="o", municipality_id="m", region_id="r", title="Проектная лаборатория",
                       forms=("teacher_teacher",), summary="", links=(), state=state, review_level=level,
                       review_note="", published=False, version=1, submitted_at=AT)


def _counts(states: list[list[str]]) -> dict[str, int]:
    """What reporting's counts become: each entity adds one to each facet it has."""
    return sum_counts({f: 1 for f in facets} for facets in states)


def test_weighted_facets_carry_a_number_as_its_binary_digits_and_sum_back() -> None:
    assert weighted_facets.split("b", 0) == []
    assert weighted_facets.split("b", 13) == ["b.x1", "b.x4", "b.x8"]
    counts = _counts([weighted_facets.split("b", 13), weighted_facets.split("b", 7), weighted_facets.split("b", 100)])
    assert weighted_facets.total(counts, "b") == 120
    with pytest.raises(ValueError):
        weighted_facets.split("b", 1 << 17)


def test_indicators_4_1_to_4_5_from_entries_with_the_expected_values() -> None:
    entries = [
        rg.event_facets(_event("held", participants=45, teachers=12, partners=3)),
        rg.event_facets(_event("held", participants=30, partners=2)),
        rg.event_facets(_event("attended", teachers=4, partners=1)),
        rg.event_facets(_event("attended", teachers=2)),
        rg.event_facets(_event("held", participants=500, removed=True)),  # removed: counts nothing
        rg.practice_facets(_practice(rg.PracticeState.PASSED, rg.ReviewLevel.REGIONAL)),
        rg.practice_facets(_practice(rg.PracticeState.PASSED, rg.ReviewLevel.FEDERAL)),
        rg.practice_facets(_practice(rg.PracticeState.PASSED, rg.ReviewLevel.MUNICIPAL)),  # not 4.5
        rg.practice_facets(_practice(rg.PracticeState.UNDER_REVIEW, rg.ReviewLevel.REGIONAL)),
        rg.practice_facets(_practice(rg.PracticeState.RETURNED, rg.ReviewLevel.REGIONAL)),
    ]
    values = {a.code: a.value for a in appendix_indicators(_counts(entries)) if a.code.startswith("4.")}
    assert values == {"4.1": 6,     # teachers at the other organisations' events: 4 + 2
                      "4.2": 6,     # partners' people at any event: 3 + 2 + 1
                      "4.3": 2,     # events held (the removed one is gone)
                      "4.4": 75,    # participants of the events held: 45 + 30
                      "4.5": 2}     # passed at the regional or the federal level


def test_an_event_s_checks_say_every_problem_in_russian() -> None:
    with pytest.raises(ValidationFailed) as refused:
        rg.clean_event({"title": "", "held_on": "01.01.2030", "kind": "party", "level": "school", "role": "attended",
                        "teachers": "-1"}, today=TODAY)
    fields = {p.field for p in refused.value.problems}
    assert fields == {"title", "held_on", "event_kind", "host", "teachers"}
    with pytest.raises(ValidationFailed) as refused:
        rg.clean_event({"title": "Семинар", "held_on": "2026-02-01", "kind": "seminar", "level": "school",
                        "role": "held", "participants": 5, "mentors": 9}, today=TODAY)
    assert [p.field for p in refused.value.problems] == ["participants"]
    assert "меньше" in refused.value.problems[0].message


def test_a_practice_is_checked_and_its_links_are_web_addresses() -> None:
    with pytest.raises(ValidationFailed) as refused:
        rg.clean_practice({"title": "Практика", "forms": ["nope"], "links": ["file:///etc/passwd"]})
    assert {p.field for p in refused.value.problems} == {"forms", "links"}
    clean = rg.clean_practice({"title": " Мастерская  профессионала ", "forms": ["teacher_teacher"] * 2,
                               "authors": "Иванова И. И.", "links": ["http://akadem.iroooo.ru/peer-to-peer"]})
    assert clean["title"] == "Мастерская профессионала" and clean["forms"] == ("teacher_teacher",)


def test_review_steps_submitted_under_review_passed_or_returned() -> None:
    taken = rg.taken_into_review(_practice(), "municipality")
    assert (taken.state, taken.review_level, taken.version) == (rg.PracticeState.UNDER_REVIEW,
                                                                rg.ReviewLevel.MUNICIPAL, 2)
    with pytest.raises(ValidationFailed):
        rg.decided(taken, passed=False, note="", scope="municipality", level="", at=AT)  # a return needs a reason
    returned = rg.decided(taken, passed=False, note="Добавьте план", scope="municipality", level="", at=AT)
    assert returned.state is rg.PracticeState.RETURNED
    again = rg.resubmitted(returned, {"title": "Новая", "forms": ("teacher_teacher",), "summary": "", "links": ()})
    assert (again.state, again.review_level, again.review_note) == (rg.PracticeState.SUBMITTED, None, "")
    with pytest.raises(Conflict):
        rg.decided(again, passed=True, note="", scope="region", level="", at=AT)  # not taken into review
    with pytest.raises(ValidationFailed):  # a municipality cannot record a federal review
        rg.decided(taken, passed=True, note="", scope="municipality", level="federal", at=AT)
    federal = rg.decided(rg.taken_into_review(again, "region"), passed=True, note="", scope="region",
                         level="federal", at=AT)
    assert (federal.state, federal.review_level) == (rg.PracticeState.PASSED, rg.ReviewLevel.FEDERAL)
    with pytest.raises(Conflict):
        rg.resubmitted(federal, {"title": "x", "forms": ("teacher_teacher",), "summary": "", "links": ()})


def test_only_a_passed_practice_goes_into_the_catalogue() -> None:
    with pytest.raises(Conflict):
        rg.with_publication(_practice(), True)
    passed = _practice(rg.PracticeState.PASSED, rg.ReviewLevel.REGIONAL)
    assert rg.with_publication(passed, True).published
    assert rg.with_publication(replace(passed, published=True), False).published is False
