"""Score features of issue 11: the psychologist's compatibility mark (004 §3.5) and the gap in стаж for teacher
forms — weighted, explained in Russian, a low mark a warning on the proposal; counted groups in reporting."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from matching.adapters.registry_pool import years_since
from matching.domain import commands
from matching.domain.assignment import Objective
from matching.domain.compatibility import LOW_WARNING, CompatibilityMark, Mark
from matching.domain.run_builder import build_run
from matching.domain.runs import Mode
from matching.domain.scoring import Weights, score
from matching.service_layer import group_handlers, run_handlers
from mentorship_kit.errors import NotFound, ValidationFailed
from reporting.domain.pair_figures import group_left_states, group_states, pair_figures
from tests.unit.matching_fakes import FakeMatchingUnitOfWork, FixedPool
from tests.unit.matching_pools import mentor, pool, request
from tests.unit.test_matching_handlers import person

NOW = datetime(2026, 10, 1, tzinfo=UTC)


def _mark(mentor_id: str, mentee_id: str, mark: Mark) -> CompatibilityMark:
    return CompatibilityMark(mentor_id, mentee_id, mark, date(2026, 9, 20))


def test_a_high_mark_raises_a_pair_a_low_one_lowers_it_and_both_are_explained() -> None:
    m, r = mentor("m"), request("r")
    plain = score(m, r, pool([m], [r]), Weights()).score
    high = score(m, r, pool([m], [r], marks={("m", "me-r"): _mark("m", "me-r", Mark.HIGH)}), Weights())
    low = score(m, r, pool([m], [r], marks={("m", "me-r"): _mark("m", "me-r", Mark.LOW)}), Weights())
    assert (high.score - plain, plain - low.score) == (5, 5)
    assert "совместимость по оценке психолога: высокая" in high.reasons
    assert "совместимость по оценке психолога: низкая" in low.reasons
    assert "совместимость" not in score(m, r, pool([m], [r]), Weights()).reasons


def test_the_mark_changes_who_is_proposed_first_and_a_low_mark_is_a_warning() -> None:
    a, b = mentor("a", capacity=1), mentor("b", capacity=1)
    r = request("r")
    marks = {("b", "me-r"): _mark("b", "me-r", Mark.HIGH), ("a", "me-r"): _mark("a", "me-r", Mark.LOW)}
    run = build_run(pool([a, b], [r], marks=marks), run_id="x", tenant=("o", "m", "r"), mode=Mode.OPTIMAL,
                    objective=Objective.MAX_SCORE, weights=Weights(), top_k=2, created_by="u", now=NOW)
    assert [p.mentor_id for p in run.proposals if p.rank == 1] == ["b"] and run.selected()[0].mentor_id == "b"
    assert next(p for p in run.proposals if p.mentor_id == "a").warnings == (LOW_WARNING,)


def test_the_experience_gap_counts_for_teacher_forms_only_and_is_explained() -> None:
    m = mentor("m", experience_years=12)
    teacher = request("t", kind="staff", topics=("Методика",), experience_years=3)
    s = score(m, teacher, pool([m], [teacher]), Weights(experience=0, experience_gap=2))
    assert "разница в стаже 9 лет" in s.reasons
    base = score(m, teacher, pool([m], [teacher]), Weights(experience=0, experience_gap=0)).score
    assert s.score - base == 18
    unknown = request("u", kind="staff", topics=("Методика",))
    assert "разница" not in score(m, unknown, pool([m], [unknown]), Weights()).reasons
    pupil = request("p", experience_years=3)
    assert "разница" not in score(m, pupil, pool([m], [pupil]), Weights()).reasons
    senior = request("s", kind="staff", topics=("x",), experience_years=20)
    assert "стаж наставника меньше на 8 лет" in score(m, senior, pool([m], [senior]), Weights()).reasons


def test_the_mentee_experience_comes_from_the_registry_hiring_date() -> None:
    assert years_since("2017-09-01", today=date(2026, 8, 31)) == 8
    assert years_since("2017-09-01", today=date(2026, 9, 1)) == 9
    assert years_since("", today=date(2026, 9, 1)) is None and years_since("вчера") is None


def test_recording_a_mark_checks_the_input_and_the_base() -> None:
    r = replace(request("00000000-0000-0000-0000-0000000000a1"), mentee_id="00000000-0000-0000-0000-0000000000e1")
    m = mentor("00000000-0000-0000-0000-0000000000b1")
    uow, source = FakeMatchingUnitOfWork(person()), FixedPool(pool([m], [r]))
    cmd = commands.RecordCompatibility(m.id, r.mentee_id, "high", "2026-09-20", "  беседа\nи тест ")
    saved = group_handlers.record_compatibility(cmd, uow, source)
    assert saved.note == "беседа и тест" and group_handlers.list_compatibility(uow)[0].mark is Mark.HIGH
    with pytest.raises(ValidationFailed) as err:
        group_handlers.record_compatibility(commands.RecordCompatibility(m.id, r.mentee_id, "отлично", "2999-01-01"),
                                            uow, source)
    assert {p.field for p in err.value.problems} == {"mark", "assessed_on"}
    with pytest.raises(NotFound):
        group_handlers.record_compatibility(commands.RecordCompatibility(
            m.id, "00000000-0000-0000-0000-0000000000ff", "low", "2026-09-20"), uow, source)
    run = run_handlers.start_run(commands.StartRun(mode="optimal"), uow, source)
    assert "совместимость по оценке психолога: высокая" in run.proposals[0].reasons


def test_reporting_counts_a_group_once_by_form_and_kind_and_each_mentee_in_it() -> None:
    states = group_states("g1", 1, ["group", "group.form.teacher_pupil", "group.kind.group"], ["e1", "e2", "e3"])
    counts: dict[str, int] = {}
    for s in states:
        for f in s.facets:
            counts[f] = counts.get(f, 0) + 1
    figures = pair_figures(counts)
    assert (figures.groups, figures.mentees_in_groups) == (1, 3)
    assert figures.groups_by_form == {"teacher_pupil": 1} and figures.groups_by_kind == {"group": 1}
    assert figures.pairs == 0


def test_reporting_stops_counting_a_mentee_who_left_and_a_closed_group() -> None:
    left = group_left_states("g1", 2, ["group", "group.form.teacher_pupil", "group.kind.group"], ["e1"])
    assert [(s.entity_kind, s.entity_id, s.version, s.facets) for s in left] == [
        ("group", "g1", 2, ("group", "group.form.teacher_pupil", "group.kind.group")), ("grouped_mentee", "e1", 2, ())]
    closed = group_left_states("g1", 3, ["group.closed"], ["e2", "e3"])
    assert closed[0].facets == ("group.closed",) and all(s.facets == () for s in closed[1:]) and len(closed) == 3
