"""matching's PairState as reporting counts it: active pairs by form and вид, ended ones apart, mentees once."""

from __future__ import annotations

from reporting.domain.counted_state import facet_deltas
from reporting.domain.pair_figures import (
    PairFigures,
    is_active,
    is_completed,
    mentee_state,
    pair_facets,
    pair_figures,
)


def test_an_active_pair_counts_by_form_and_kind_and_an_ended_one_only_as_ended() -> None:
    active = ["form:student_student", "kind:individual", "status:active"]
    assert pair_facets(active) == ("pair", "pair.form.student_student", "pair.kind.individual")
    assert pair_facets(["form:student_student", "kind:individual", "status:closed"]) == ("pair.closed",)
    assert pair_facets(["form:teacher_teacher", "kind:peer", "status:completed"]) == ("pair.completed",)
    assert facet_deltas(pair_facets(active), pair_facets(["form:student_student", "status:closed"])) == {
        "pair": -1, "pair.form.student_student": -1, "pair.kind.individual": -1, "pair.closed": 1}


def test_a_mentee_counts_once_and_its_version_grows_with_every_applied_pair_change() -> None:
    one = mentee_state("m", {"p1": 1}, active_pairs=1)
    two = mentee_state("m", {"p1": 1, "p2": 1}, active_pairs=2)
    first_closed = mentee_state("m", {"p1": 2, "p2": 1}, active_pairs=1)
    none = mentee_state("m", {"p1": 2, "p2": 2}, active_pairs=0)
    assert one.facets == two.facets == first_closed.facets == ("mentee.in_pair",) and none.facets == ()
    assert one.version < two.version < first_closed.version < none.version


def test_figures_read_back_from_facet_counts() -> None:
    counts = {"pair": 3, "pair.form.student_student": 2, "pair.form.teacher_pupil": 1, "pair.form.team_team": 0,
              "pair.kind.individual": 3, "mentee.in_pair": 2, "pair.closed": 1, "mentor": 7}
    assert pair_figures(counts) == PairFigures(
        pairs=3, mentees_in_pairs=2, by_form={"student_student": 2, "teacher_pupil": 1},
        by_kind={"individual": 3}, closed_early=1, completed=0)
    assert pair_figures({}) == PairFigures()


def test_facets_already_in_the_counted_shape_are_counted_as_sent() -> None:
    assert pair_facets(["pair", "pair.form.team_team", "pair.kind.team"]) == (
        "pair", "pair.form.team_team", "pair.kind.team")
    assert pair_facets(["pair.closed"]) == ("pair.closed",)
    assert is_active(["pair", "pair.form.team_team"]) and is_active(["form:x", "status:active"])
    assert not is_active(["pair.closed"]) and not is_active(["form:x", "status:closed"])
    assert is_completed(["pair.completed"]) and is_completed(["status:completed"]) and not is_completed(["pair"])


def test_meetings_held_are_counted_by_kind_once_each() -> None:
    from reporting.domain.pair_figures import meeting_state

    state = meeting_state("m1", ["meeting", "meeting.kind.trial", "meeting.format.remote", "topic:секрет", ""])
    assert (state.entity_kind, state.entity_id, state.version) == ("meeting", "m1", 1)
    assert state.facets == ("meeting", "meeting.format.remote", "meeting.kind.trial"), "nothing but counted facets"
    figures = pair_figures({"meeting": 3, "meeting.kind.trial": 1, "meeting.kind.regular": 2, "pair": 2})
    assert (figures.meetings_held, figures.meetings_by_kind) == (3, {"regular": 2, "trial": 1})
